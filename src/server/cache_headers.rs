//! Cache headers on every answer, set in one place:
//!
//! - Pages and per-user API answers depend on who asks: a signed-in one is `private, no-store`,
//!   so no shared cache keeps one person's page for another; a signed-out one may be cached,
//!   but only apart from signed-in ones (`Vary: Cookie, Authorization`).
//! - `/pkg` files named with a hash of their content (`hash-files`) never change under that
//!   name: every cache may keep them for a year.
//!
//! A plain tower service rather than two `axum::middleware::from_fn`s: those box the whole
//! inner future (the page render) and clone the router for every request, which showed in the
//! profile of a signed-in page (`scripts/bench`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, VARY};
use axum::http::HeaderValue;
use axum::response::Response;
use leptos_clerk::server::Auth;
use pin_project_lite::pin_project;
use tower::{Layer, Service};

/// Where server functions and the JSON API live: every response there depends on who asks.
const API_PREFIX: &str = "/api/";

/// Around the app it runs inside `ClerkLayer`, which has put `Auth` into the request; around
/// `/pkg` there is no `Auth` (a file is the same for everyone). `pkg_route` is the route of the
/// hashed files' folder (`/pkg/`), `None` where no hashed file is served.
#[derive(Clone)]
pub struct CacheHeadersLayer {
    pkg_route: Option<Arc<str>>,
}

impl CacheHeadersLayer {
    pub fn new(pkg_route: Option<Arc<str>>) -> Self {
        Self { pkg_route }
    }
}

impl<S> Layer<S> for CacheHeadersLayer {
    type Service = CacheHeaders<S>;

    fn layer(&self, inner: S) -> CacheHeaders<S> {
        CacheHeaders {
            inner,
            pkg_route: self.pkg_route.clone(),
        }
    }
}

#[derive(Clone)]
pub struct CacheHeaders<S> {
    inner: S,
    pkg_route: Option<Arc<str>>,
}

impl<S> Service<Request> for CacheHeaders<S>
where
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = CacheHeadersFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let answer = Answer::to(&request, self.pkg_route.as_deref());
        CacheHeadersFuture {
            inner: self.inner.call(request),
            answer,
        }
    }
}

pin_project! {
    pub struct CacheHeadersFuture<F> {
        #[pin]
        inner: F,
        answer: Answer,
    }
}

impl<F, E> Future for CacheHeadersFuture<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = ready!(this.inner.poll(cx))?;
        this.answer.set_headers(&mut response);
        Poll::Ready(Ok(response))
    }
}

/// What the request says about the cacheability of its answer.
enum Answer {
    /// A `/pkg` file whose name carries its content's hash.
    HashedFile,
    /// Anything else: a page, an API answer, a static file.
    Other {
        signed_in: bool,
        per_user_route: bool,
    },
}

impl Answer {
    fn to(request: &Request, pkg_route: Option<&str>) -> Self {
        let path = request.uri().path();
        if pkg_route
            .and_then(|route| path.strip_prefix(route))
            .is_some_and(has_content_hash)
        {
            return Self::HashedFile;
        }
        Self::Other {
            signed_in: request
                .extensions()
                .get::<Auth>()
                .is_some_and(Auth::is_signed_in),
            per_user_route: path.starts_with(API_PREFIX),
        }
    }

    fn set_headers(&self, response: &mut Response) {
        match *self {
            Self::HashedFile => {
                // A missing file (404) or a range answer keeps the file server's headers.
                if !response.status().is_success() {
                    return;
                }
                let headers = response.headers_mut();
                headers.insert(
                    CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                );
                // The file server picks a precompressed twin by Accept-Encoding but does not
                // say so.
                if !headers.contains_key(VARY) {
                    headers.append(VARY, HeaderValue::from_static("accept-encoding"));
                }
            }
            Self::Other {
                signed_in,
                per_user_route,
            } => {
                let headers = response.headers_mut();
                // Static files (the same for everyone) are left alone.
                let html = headers
                    .get(CONTENT_TYPE)
                    .and_then(|value| value.to_str().ok())
                    .is_some_and(|value| value.starts_with("text/html"));
                if !(html || per_user_route) {
                    return;
                }
                if signed_in {
                    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
                } else {
                    headers.append(VARY, HeaderValue::from_static("Cookie, Authorization"));
                }
            }
        }
    }
}

/// `name.<hash>.ext` as cargo-leptos writes it: a 22-character URL-safe base64 segment between
/// the name and the extension (not the `____…` placeholder of an unhashed build). cargo-leptos
/// 0.3.11 names every file of `/pkg` so, the lazy pages' chunks too (`chunk_12.<hash>.wasm`); a
/// name without one (an older cargo-leptos's `chunk_12.wasm`) keeps the file server's headers
/// (revalidated by `Last-Modified`).
fn has_content_hash(file_name: &str) -> bool {
    let segments: Vec<&str> = file_name.split('.').collect();
    segments.len() >= 3
        && segments[1..segments.len() - 1].iter().any(|segment| {
            segment.len() == 22
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                && segment.bytes().any(|b| b != b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::has_content_hash;

    #[test]
    fn only_hashed_names_count_as_immutable() {
        assert!(has_content_hash(
            "clerk-leptos-starter.it1aGhMYovJC5t9yhQ28Hw.wasm"
        ));
        assert!(has_content_hash(
            "__wasm_split_manifest.7wSUxaGltzL3ZSoSDjSejQ.json"
        ));
        assert!(!has_content_hash("chunk_12.wasm"));
        assert!(!has_content_hash("clerk-leptos-starter.wasm"));
        assert!(!has_content_hash("__wasm_split.______________________.js"));
        assert!(!has_content_hash("a/b.it1aGhMYovJC5t9yhQ28Hw"));
    }
}
