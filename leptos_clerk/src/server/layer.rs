//! `ClerkLayer`: authenticates every request once and attaches the result; never rejects.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::{HeaderValue, Request, Response};
use tower::{Layer, Service};

use super::auth::SessionUser;
use super::clerk::Clerk;
use super::request::is_document_request;
use crate::constants::{AUTH_REASON_HEADER, AUTH_STATUS_HEADER, AUTH_STATUS_SIGNED_OUT};

/// A tower layer that authenticates each request once, as Clerk's `clerkMiddleware` does.
///
/// For every request it inserts into the request's extensions:
/// - [`Auth`](super::Auth), signed in or signed out with a reason;
/// - the [`Clerk`] handle (for [`clerk_client`](super::clerk_client) and the components);
/// - with `load_user` on, for a signed-in page load, the [`SessionUser`].
///
/// It always calls the inner service: protecting a route is the route's decision. Signed-out
/// responses carry `x-clerk-auth-status: signed-out` and `x-clerk-auth-reason`.
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
            let auth = clerk.authenticate(&parts).await;
            if clerk.config().load_user && auth.is_authenticated && is_document_request(&parts) {
                if let Some(user_id) = &auth.user_id {
                    if let Some(user) = clerk.session_user(user_id).await {
                        parts.extensions.insert(SessionUser(user));
                    }
                }
            }
            let reason = auth.reason;
            parts.extensions.insert(auth);
            parts.extensions.insert(clerk);
            let mut response = inner.call(Request::from_parts(parts, body)).await?;
            if let Some(reason) = reason {
                let headers = response.headers_mut();
                headers.insert(
                    AUTH_STATUS_HEADER,
                    HeaderValue::from_static(AUTH_STATUS_SIGNED_OUT),
                );
                headers.insert(
                    AUTH_REASON_HEADER,
                    HeaderValue::from_static(reason.as_str()),
                );
            }
            Ok(response)
        })
    }
}
