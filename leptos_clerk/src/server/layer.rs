//! `ClerkLayer`: authenticates every request once and attaches the result; never rejects.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::header::SET_COOKIE;
use http::{Request, Response, StatusCode};
use tower::{Layer, Service};

use super::auth::SessionUser;
use super::clerk::Clerk;
use super::request::is_document_request;

/// A tower layer that authenticates each request once, as Clerk's `clerkMiddleware` does.
///
/// For every request it inserts into the request's extensions:
/// - [`Auth`](super::Auth), signed in or signed out with a reason;
/// - the [`Clerk`] handle (for [`clerk_client`](super::clerk_client) and the components);
/// - with `load_user` on, for a signed-in page load, the [`SessionUser`].
///
/// It calls the inner service for every signed-in or signed-out request: protecting a route is
/// the route's decision. Signed-out responses carry `x-clerk-auth-status: signed-out`,
/// `x-clerk-auth-reason` and `x-clerk-auth-message`; cookies set by a handshake are forwarded.
///
/// A page load whose session cookie is expired or missing while `__client_uat` says signed in
/// (Clerk's handshake) is answered by the layer itself: a `307` to the Frontend API, which sends
/// the browser back with fresh cookies.
///
/// # Usage
/// ```no_run
/// use axum::Router;
/// use leptos_clerk::server::Clerk;
///
/// # fn f(clerk: Clerk) {
/// let app: Router = Router::new() /* .leptos_routes(..) */ .layer(clerk.layer());
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct ClerkLayer {
    clerk: Clerk,
}

impl ClerkLayer {
    /// The layer for this instance (same as [`Clerk::layer`]).
    #[must_use]
    pub fn new(clerk: Clerk) -> Self {
        Self { clerk }
    }
}

// Here rather than in `clerk.rs`, so that the facade's modules depend one way: the layer on
// `Clerk`, never `Clerk` on the layer.
impl Clerk {
    /// The tower layer that authenticates every request; add it once, around the whole router.
    #[must_use]
    pub fn layer(&self) -> ClerkLayer {
        ClerkLayer::new(self.clone())
    }
}

impl<S> Layer<S> for ClerkLayer {
    type Service = ClerkService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ClerkService {
            inner,
            clerk: self.clerk.clone(),
        }
    }
}

/// The service [`ClerkLayer`] wraps around the app.
#[derive(Clone, Debug)]
pub struct ClerkService<S> {
    inner: S,
    clerk: Clerk,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for ClerkService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    ReqBody: Send + 'static,
    ResBody: Default + Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        // The clone is not ready; keep the ready service for this call (tower's usual swap).
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let clerk = self.clerk.clone();
        Box::pin(async move {
            let (mut parts, body) = request.into_parts();
            let state = clerk.authenticate_request(&parts).await;
            if state.location().is_some() {
                // A handshake (or a development handshake's clean-up): answer it here.
                let mut response = Response::new(ResBody::default());
                *response.status_mut() = StatusCode::TEMPORARY_REDIRECT;
                *response.headers_mut() = state.headers;
                return Ok(response);
            }
            let auth = state.auth;
            if let (Some(user_id), Some(session_id)) = (auth.user_id(), auth.session_id()) {
                if clerk.config().load_user && is_document_request(&parts) {
                    if let Some(user) = clerk.session_user(session_id, user_id).await {
                        parts.extensions.insert(SessionUser(user));
                    }
                }
            }
            parts.extensions.insert(auth);
            parts.extensions.insert(clerk);
            let mut response = inner.call(Request::from_parts(parts, body)).await?;
            let headers = response.headers_mut();
            let mut last = None;
            for (name, value) in state.headers {
                // `HeaderMap`'s iterator names only the first value of each header.
                if let Some(name) = name {
                    if name == SET_COOKIE {
                        headers.append(&name, value);
                    } else {
                        headers.insert(&name, value);
                    }
                    last = Some(name);
                } else if let Some(name) = &last {
                    headers.append(name, value);
                }
            }
            Ok(response)
        })
    }
}
