//! `SignedIn`: the extractor API handlers take to require a caller: a signed-in user (session
//! cookie or token), or a script with one of that user's API keys.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use leptos_clerk::server::{
    ApiKeyAuth, MachineAuthError, MachineRejection, SignedInAuth, SignedInRejection,
};

use super::ApiError;
use crate::server::notes::Viewer;

/// The caller, as the notes see them. Built on the SDK's `SignedInAuth`, so a signed-out
/// request gets its answer: `401` JSON with the reason (the token expired, its signature is
/// wrong, there was none, …) and `WWW-Authenticate: Bearer`. An API key (`Bearer ak_…`) of a
/// user acts as that user, on their personal notes (a key carries no active organization),
/// within its scopes.
pub struct SignedIn(pub Viewer);

/// A key given scopes may read with `notes:read` and change with `notes:write`; a key with no
/// scopes may do what its user may.
pub const READ_SCOPE: &str = "notes:read";
pub const WRITE_SCOPE: &str = "notes:write";

/// What a handler taking [`SignedIn`] answers instead of running.
pub enum NotSignedIn {
    Session(SignedInRejection),
    ApiKey(MachineRejection),
    /// An organization's API key: the notes belong to users.
    OrganizationKey,
    /// A key with scopes, none of them the one the request needs.
    MissingScope(&'static str),
}

impl IntoResponse for NotSignedIn {
    fn into_response(self) -> Response {
        match self {
            Self::Session(rejection) => rejection.into_response(),
            Self::ApiKey(rejection) => rejection.into_response(),
            Self::OrganizationKey => ApiError::new(
                StatusCode::FORBIDDEN,
                "an organization's API key cannot act for a user: use one of the user's keys",
            )
            .into_response(),
            Self::MissingScope(scope) => ApiError::new(
                StatusCode::FORBIDDEN,
                format!("this API key was not given the scope {scope}"),
            )
            .into_response(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = NotSignedIn;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let session = match SignedInAuth::from_request_parts(parts, state).await {
            Ok(auth) => return Ok(Self(Viewer::from(&auth))),
            Err(rejection) => rejection,
        };
        // Not signed in: an API key, if that is what the request carries (decided from its
        // form, with no network call for anything else).
        let needed = if parts.method.is_safe() {
            READ_SCOPE
        } else {
            WRITE_SCOPE
        };
        match ApiKeyAuth::from_request_parts(parts, state).await {
            Ok(key) if !key.scopes.is_empty() && !key.has_scope(needed) => {
                Err(NotSignedIn::MissingScope(needed))
            }
            Ok(ApiKeyAuth {
                user_id: Some(user_id),
                ..
            }) => Ok(Self(Viewer::acting_for(user_id))),
            Ok(_) => Err(NotSignedIn::OrganizationKey),
            Err(MachineRejection::Unauthenticated {
                error: MachineAuthError::NoToken | MachineAuthError::TokenTypeMismatch,
                ..
            }) => Err(NotSignedIn::Session(session)),
            Err(rejection) => Err(NotSignedIn::ApiKey(rejection)),
        }
    }
}
