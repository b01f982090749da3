//! [`ApiKeyAuth`]: a request made with an API key a user or an organization created.

use axum::extract::FromRequestParts;
use http::request::Parts;
use http::HeaderMap;
use leptos::prelude::ServerFnError;
use serde_json::{Map, Value};

use super::{classify, clerk_of, MachineAuthError, MachineRejection, MachineToken};
use crate::server::backend::ApiKey;
use crate::server::clerk::Clerk;
use crate::server::extract::extract_in_server_fn;
use crate::server::request::bearer_token;

const TOKEN_TYPE: &str = "api_key";
/// What Clerk says of a key it does not know (or revoked, or expired).
const NOT_FOUND: &str = "API key not found";

/// A request made with a valid API key (`@clerk/backend`'s `APIKeyAuthObject`): on behalf of
/// the user or the organization that owns the key.
///
/// As an axum extractor, the handler runs only for such requests; any other is answered `401`
/// with JSON naming why (`503` when the Backend API could not be asked). In a server function,
/// [`get_api_key_auth`]. To take a session token or an API key on one route, try
/// `Auth` first and fall back to this (see the app's `SignedIn`).
///
/// ```no_run
/// use leptos_clerk::server::ApiKeyAuth;
///
/// async fn export(key: ApiKeyAuth) -> String {
///     format!("{} for {}", key.name, key.subject)
/// }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ApiKeyAuth {
    /// The key's id.
    pub id: String,
    /// The name its owner gave it.
    pub name: String,
    /// Its owner: a user (`user_…`) or an organization (`org_…`).
    pub subject: String,
    /// The subject, when it is a user.
    pub user_id: Option<String>,
    /// The subject, when it is an organization.
    pub org_id: Option<String>,
    /// What its owner allowed it (the app's own words, e.g. `notes:read`).
    pub scopes: Vec<String>,
    /// Its custom claims.
    pub claims: Option<Map<String, Value>>,
}

impl ApiKeyAuth {
    /// Whether the key was given `scope`.
    #[must_use]
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    fn from_key(key: ApiKey) -> Self {
        let owned_by = |prefix: &str| key.subject.starts_with(prefix).then(|| key.subject.clone());
        Self {
            user_id: owned_by("user_"),
            org_id: owned_by("org_"),
            id: key.id,
            name: key.name,
            subject: key.subject,
            scopes: key.scopes,
            claims: key.claims,
        }
    }
}

impl Clerk {
    /// The owner behind `Authorization: Bearer <API key>`, as
    /// `authenticateRequest(request, { acceptsToken: 'api_key' })` concludes: verified by the
    /// Backend API (one attempt, `request_backend_timeout`).
    pub async fn authenticate_api_key(
        &self,
        headers: &HeaderMap,
    ) -> Result<ApiKeyAuth, MachineAuthError> {
        let token = bearer_token(headers).ok_or(MachineAuthError::NoToken)?;
        let Some(MachineToken::ApiKey) = classify(token) else {
            return Err(MachineAuthError::TokenTypeMismatch);
        };
        self.verify_opaque(
            token,
            NOT_FOUND,
            self.request_backend().api_keys().verify(token),
        )
        .await
        .map(ApiKeyAuth::from_key)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ApiKeyAuth {
    type Rejection = MachineRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        clerk_of(parts)?
            .authenticate_api_key(&parts.headers)
            .await
            .map_err(|error| MachineRejection::Unauthenticated {
                token_type: TOKEN_TYPE,
                error,
            })
    }
}

/// The API key calling this server function, or an error naming why.
pub async fn get_api_key_auth() -> Result<ApiKeyAuth, ServerFnError> {
    extract_in_server_fn().await
}
