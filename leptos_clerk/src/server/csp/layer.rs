//! `CspLayer`: a nonce per request, and the policy with it on every HTML response.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use base64::Engine as _;
use http::header::CONTENT_TYPE;
use http::{HeaderName, HeaderValue, Request, Response};
use rand::RngCore as _;
use tower::{Layer, Service};

use super::{ContentSecurityPolicy, CspNonce};

/// The tower layer of a [`ContentSecurityPolicy`] (from its `layer()`).
#[derive(Clone, Debug)]
pub struct CspLayer {
    header: Arc<Header>,
}

#[derive(Debug)]
struct Header {
    name: HeaderName,
    before_nonce: String,
    after_nonce: String,
}

impl CspLayer {
    pub(super) fn new(policy: &ContentSecurityPolicy) -> Self {
        let (before_nonce, after_nonce) = policy.header_parts();
        Self {
            header: Arc::new(Header {
                name: policy.header_name(),
                before_nonce,
                after_nonce,
            }),
        }
    }
}

impl<S> Layer<S> for CspLayer {
    type Service = CspService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CspService {
            inner,
            header: Arc::clone(&self.header),
        }
    }
}

/// The service [`CspLayer`] wraps around the app.
#[derive(Clone, Debug)]
pub struct CspService<S> {
    inner: S,
    header: Arc<Header>,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for CspService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        let nonce: Arc<str> = new_nonce().into();
        request
            .extensions_mut()
            .insert(CspNonce(Arc::clone(&nonce)));
        let response = self.inner.call(request);
        let header = Arc::clone(&self.header);
        Box::pin(async move {
            let mut response = response.await?;
            if is_html(&response) {
                let mut value = String::with_capacity(
                    header.before_nonce.len() + nonce.len() + header.after_nonce.len(),
                );
                for part in [&header.before_nonce, &*nonce, &header.after_nonce] {
                    value.push_str(part);
                }
                if let Ok(value) = HeaderValue::try_from(value) {
                    response.headers_mut().insert(header.name.clone(), value);
                }
            }
            Ok(response)
        })
    }
}

/// 128 random bits, base64: unguessable, and only ever in one response.
fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Whether the response is a page (`text/html`, any case, any parameters), read in place: this
/// runs for every response.
fn is_html<B>(response: &Response<B>) -> bool {
    const HTML: &str = "text/html";
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim_start().get(..HTML.len()))
        .is_some_and(|kind| kind.eq_ignore_ascii_case(HTML))
}
