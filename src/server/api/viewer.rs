//! `SignedIn`: the extractor API handlers take to require a signed-in caller.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use leptos_clerk::server::{SignedInAuth, SignedInRejection};

use crate::server::notes::Viewer;

/// The signed-in caller, as the notes see them. Built on the SDK's `SignedInAuth`, so a
/// signed-out request gets its answer: `401` JSON with the reason (the token expired, its
/// signature is wrong, there was none, …) and `WWW-Authenticate: Bearer`.
pub struct SignedIn(pub Viewer);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = SignedInRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let auth = SignedInAuth::from_request_parts(parts, state).await?;
        Ok(Self(Viewer::from(&auth)))
    }
}
