//! `VerifiedWebhook`: an axum extractor that reads the raw body and verifies it.

use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};

use super::{verify_webhook, WebhookError, WebhookEvent};
use crate::constants::ENV_WEBHOOK_SIGNING_SECRET;

/// The endpoint's signing secret, as a request extension (e.g. `Extension(WebhookSigningSecret(..))`
/// layered on the webhook route). Without it, `CLERK_WEBHOOK_SIGNING_SECRET` is used.
#[derive(Clone)]
pub struct WebhookSigningSecret(pub String);

impl std::fmt::Debug for WebhookSigningSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSigningSecret([redacted])")
    }
}

/// A verified Clerk webhook event, as a handler argument. A delivery that fails verification
/// is answered with the error's status (400, or 500 for a missing secret) and message.
///
/// # Usage
/// ```no_run
/// use axum::{routing::post, Router};
/// use leptos_clerk::server::VerifiedWebhook;
///
/// async fn clerk_webhook(VerifiedWebhook(event): VerifiedWebhook) -> &'static str {
///     if event.event_type == "user.created" {
///         // provision the user…
///     }
///     "ok"
/// }
/// let app: Router = Router::new().route("/webhooks/clerk", post(clerk_webhook));
/// ```
#[derive(Clone, Debug)]
pub struct VerifiedWebhook(pub WebhookEvent);

impl IntoResponse for WebhookError {
    fn into_response(self) -> Response {
        tracing::warn!("leptos_clerk: webhook rejected: {self}");
        (self.status(), self.to_string()).into_response()
    }
}

impl<S: Send + Sync> FromRequest<S> for VerifiedWebhook {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let secret = request
            .extensions()
            .get::<WebhookSigningSecret>()
            .map(|s| s.0.clone())
            .or_else(|| std::env::var(ENV_WEBHOOK_SIGNING_SECRET).ok())
            .ok_or_else(|| WebhookError::MissingSecret.into_response())?;
        let headers = request.headers().clone();
        let body = String::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        verify_webhook(&headers, &body, &secret)
            .map(Self)
            .map_err(IntoResponse::into_response)
    }
}
