//! `SignedIn`: the extractor API handlers take to require a signed-in caller.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use leptos_clerk::server::Auth;

use super::ApiError;
use crate::server::notes::Viewer;

/// The signed-in caller; a signed-out request is answered `401` with the reason (the token
/// expired, its signature is wrong, there was none, …).
pub struct SignedIn(pub Viewer);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let auth = Auth::from_request_parts(parts, state)
            .await
            .map_err(|missing| {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, missing.to_string())
            })?;
        auth.as_signed_in()
            .map(|auth| Self(Viewer::from(auth)))
            .ok_or_else(|| {
                let reason = auth.reason().map_or("signed out", |r| r.as_str());
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    format!("sign in, or send a session token as Authorization: Bearer ({reason})"),
                )
            })
    }
}
