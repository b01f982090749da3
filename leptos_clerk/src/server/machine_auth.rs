//! Requests from machines: `Authorization: Bearer <M2M token>`, checked as `@clerk/backend`'s
//! `authenticateRequest(request, { acceptsToken: 'm2m_token' })` does. An opaque token (`mt_…`)
//! is verified by the Backend API on each request; a JWT one by its signature, with the keys the
//! session tokens use, and no network call.
//!
//! Only routes that ask for [`M2mAuth`] accept these tokens: `ClerkLayer` treats every request
//! carrying one as signed out (`token-type-mismatch`), as Clerk's SDKs do for a route that
//! accepts session tokens.

use std::fmt;
use std::time::SystemTime;

use axum::extract::FromRequestParts;
use axum::response::{IntoResponse, Response};
use http::request::Parts;
use http::{HeaderMap, StatusCode};
use leptos::prelude::ServerFnError;
use serde_json::{Map, Value};

use super::authenticate::is_jwt_format;
use super::backend::{ClerkError, M2mToken};
use super::clerk::Clerk;
use super::extract::{extract_in_server_fn, MissingClerkLayer};
use super::request::bearer_token;
use super::tokens::Jwt;
use crate::constants::{
    API_KEY_PREFIX, M2M_SUBJECT_PREFIX, M2M_TOKEN_CATEGORY, M2M_TOKEN_PREFIX,
    OAUTH_ACCESS_TOKEN_TYPES, OAUTH_TOKEN_PREFIX,
};

/// A request made by a machine with a valid M2M token (`@clerk/backend`'s `M2MAuthObject`).
///
/// As an axum extractor, the handler runs only for such requests; any other is answered `401`
/// with JSON naming why (`503` when the Backend API could not be asked). In a server function,
/// [`get_m2m_auth`].
///
/// ```no_run
/// use leptos_clerk::server::M2mAuth;
///
/// async fn nightly_report(machine: M2mAuth) -> String {
///     format!("hello, {}", machine.machine_id)
/// }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct M2mAuth {
    /// The token's id (`mt_…`).
    pub id: String,
    /// The machine that sent it (`mch_…`), the token's `subject`.
    pub machine_id: String,
    /// The machines the token may call.
    pub scopes: Vec<String>,
    /// Its custom claims (for a JWT token: every claim but `iss`, `sub`, `exp`, `nbf`, `iat`
    /// and `jti`).
    pub claims: Option<Map<String, Value>>,
}

impl M2mAuth {
    /// Whether the token may call the machine `machine_id`: check your own machine's id, so
    /// that a token meant for another service is refused here.
    #[must_use]
    pub fn has_scope(&self, machine_id: &str) -> bool {
        self.scopes.iter().any(|scope| scope == machine_id)
    }

    fn from_token(token: M2mToken) -> Self {
        Self {
            id: token.id,
            machine_id: token.subject,
            scopes: token.scopes,
            claims: token.claims,
        }
    }

    /// `M2MToken.fromJwtPayload`: `scopes` space-separated, else `aud`.
    fn from_jwt_claims(claims: Map<String, Value>) -> Self {
        let string = |name| claims.get(name).and_then(Value::as_str).map(str::to_owned);
        let scopes = match (claims.get("scopes"), claims.get("aud")) {
            (Some(Value::String(scopes)), _) => scopes.split(' ').map(str::to_owned).collect(),
            (_, Some(Value::Array(aud))) => aud
                .iter()
                .filter_map(|a| a.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        let custom: Map<String, Value> = claims
            .iter()
            .filter(|(name, _)| !RESERVED_CLAIMS.contains(&name.as_str()))
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        Self {
            id: string("jti").unwrap_or_default(),
            machine_id: string("sub").unwrap_or_default(),
            scopes,
            claims: (!custom.is_empty()).then_some(custom),
        }
    }
}

/// The claims of an M2M JWT that are not custom ones.
const RESERVED_CLAIMS: [&str; 6] = ["iss", "sub", "exp", "nbf", "iat", "jti"];

/// Why a request is not an authenticated machine's. [`reason`](Self::reason) is
/// `@clerk/backend`'s word for it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum M2mAuthError {
    /// No `Authorization` token.
    NoToken,
    /// A token, but not an M2M token: a session token, an API key, an OAuth token.
    TokenTypeMismatch,
    /// Clerk does not know the opaque token, or it is revoked, expired, or not for this
    /// instance; or the token is not even readable.
    TokenInvalid(String),
    /// A JWT token whose category, signature or times fail.
    VerificationFailed(String),
    /// The Backend API refused the secret key: a configuration mistake of this server.
    SecretKeyInvalid,
    /// The Backend API could not be asked (network, timeout, 5xx).
    Unexpected(String),
}

impl M2mAuthError {
    /// `@clerk/backend`'s `reason` for it.
    #[must_use]
    pub fn reason(&self) -> &'static str {
        match self {
            Self::NoToken => "No token in header",
            Self::TokenTypeMismatch => "token-type-mismatch",
            Self::TokenInvalid(_) => "token-invalid",
            Self::VerificationFailed(_) => "token-verification-failed",
            Self::SecretKeyInvalid => "secret-key-invalid",
            Self::Unexpected(_) => "unexpected-error",
        }
    }

    /// The status a handler answers: `401` for the caller's token, `503` when the Backend API
    /// could not be asked (the caller may retry), `500` for this server's own setup.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unexpected(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::SecretKeyInvalid => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::UNAUTHORIZED,
        }
    }

    fn from_backend(error: &ClerkError) -> Self {
        match error.status() {
            Some(401) => Self::SecretKeyInvalid,
            Some(404) => Self::TokenInvalid("Machine token not found".to_owned()),
            _ => Self::Unexpected(error.to_string()),
        }
    }
}

impl fmt::Display for M2mAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoToken => f.write_str("no M2M token: send it as Authorization: Bearer"),
            Self::TokenTypeMismatch => f.write_str("the token is not an M2M token"),
            Self::SecretKeyInvalid => f.write_str(
                "the Clerk Backend API refused this server's secret key (CLERK_SECRET_KEY)",
            ),
            Self::TokenInvalid(message)
            | Self::VerificationFailed(message)
            | Self::Unexpected(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for M2mAuthError {}

/// The kind of machine token, by its form (`getMachineTokenType`); `None`: not a machine's.
enum MachineToken<'a> {
    M2mOpaque,
    M2mJwt(Jwt<'a>),
    /// An API key or an OAuth access token.
    Other,
}

fn classify(token: &str) -> Option<MachineToken<'_>> {
    if token.starts_with(M2M_TOKEN_PREFIX) {
        return Some(MachineToken::M2mOpaque);
    }
    if token.starts_with(OAUTH_TOKEN_PREFIX) || token.starts_with(API_KEY_PREFIX) {
        return Some(MachineToken::Other);
    }
    if !is_jwt_format(token) {
        return None;
    }
    let jwt = Jwt::decode(token).ok()?;
    if jwt
        .payload
        .get("sub")
        .and_then(Value::as_str)
        .is_some_and(|sub| sub.starts_with(M2M_SUBJECT_PREFIX))
    {
        return Some(MachineToken::M2mJwt(jwt));
    }
    let typ = jwt.header.typ.as_ref().and_then(Value::as_str);
    typ.is_some_and(|typ| OAUTH_ACCESS_TOKEN_TYPES.contains(&typ))
        .then_some(MachineToken::Other)
}

impl Clerk {
    /// The machine behind `Authorization: Bearer <M2M token>`, as
    /// `authenticateRequest(request, { acceptsToken: 'm2m_token' })` concludes: opaque tokens
    /// through the Backend API (one attempt, `request_backend_timeout`), JWT ones locally.
    pub async fn authenticate_m2m(&self, headers: &HeaderMap) -> Result<M2mAuth, M2mAuthError> {
        self.authenticate_m2m_at(headers, SystemTime::now()).await
    }

    pub(crate) async fn authenticate_m2m_at(
        &self,
        headers: &HeaderMap,
        now: SystemTime,
    ) -> Result<M2mAuth, M2mAuthError> {
        let token = bearer_token(headers).ok_or(M2mAuthError::NoToken)?;
        match classify(token) {
            None | Some(MachineToken::Other) => Err(M2mAuthError::TokenTypeMismatch),
            Some(MachineToken::M2mOpaque) => self
                .request_backend()
                .m2m_tokens()
                .verify(token)
                .await
                .map(M2mAuth::from_token)
                .map_err(|error| M2mAuthError::from_backend(&error)),
            // Clerk tells a token of another category (`token-invalid`) from one that fails
            // verification.
            Some(MachineToken::M2mJwt(jwt))
                if jwt
                    .header
                    .cat
                    .as_ref()
                    .is_some_and(|cat| cat.as_str() != Some(M2M_TOKEN_CATEGORY)) =>
            {
                Err(M2mAuthError::TokenInvalid(
                    "Invalid M2M JWT category.".to_owned(),
                ))
            }
            Some(MachineToken::M2mJwt(jwt)) => self
                .verifier()
                .verify_m2m(&jwt, now)
                .await
                .map(M2mAuth::from_jwt_claims)
                .map_err(|error| M2mAuthError::VerificationFailed(error.message)),
        }
    }
}

/// The rejection of a handler taking [`M2mAuth`]: JSON naming why, with the status of
/// [`M2mAuthError::status`].
#[derive(Debug)]
pub enum M2mRejection {
    /// The request is not an authenticated machine's.
    Unauthenticated(M2mAuthError),
    /// No `ClerkLayer` on the router: `500`, naming the fix.
    MissingLayer(MissingClerkLayer),
}

impl fmt::Display for M2mRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unauthenticated(error) => write!(f, "{} ({})", error, error.reason()),
            Self::MissingLayer(missing) => fmt::Display::fmt(missing, f),
        }
    }
}

impl std::error::Error for M2mRejection {}

impl IntoResponse for M2mRejection {
    fn into_response(self) -> Response {
        let error = match self {
            Self::MissingLayer(missing) => return missing.into_response(),
            Self::Unauthenticated(error) => error,
        };
        match &error {
            M2mAuthError::SecretKeyInvalid => tracing::error!("leptos_clerk: {error}"),
            M2mAuthError::Unexpected(message) => {
                tracing::warn!("leptos_clerk: an M2M token could not be verified: {message}");
            }
            _ => {}
        }
        // The caller learns why its token failed, never this server's setup.
        let message = match error.status() {
            StatusCode::UNAUTHORIZED => error.to_string(),
            _ => "the token could not be verified now; try again".to_owned(),
        };
        let body = serde_json::json!({
            "error": "unauthenticated",
            "token_type": "m2m_token",
            "reason": error.reason(),
            "message": message,
        });
        let headers = [
            (http::header::WWW_AUTHENTICATE, "Bearer"),
            (http::header::CONTENT_TYPE, "application/json"),
            (http::header::CACHE_CONTROL, "no-store"),
        ];
        (error.status(), headers, body.to_string()).into_response()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for M2mAuth {
    type Rejection = M2mRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let clerk = parts
            .extensions
            .get::<Clerk>()
            .cloned()
            .ok_or(M2mRejection::MissingLayer(MissingClerkLayer))?;
        clerk
            .authenticate_m2m(&parts.headers)
            .await
            .map_err(M2mRejection::Unauthenticated)
    }
}

/// The machine calling this server function with an M2M token, or an error naming why.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
///
/// #[server]
/// pub async fn sync_inventory() -> Result<(), ServerFnError> {
///     let machine = leptos_clerk::server::get_m2m_auth().await?;
///     println!("called by {}", machine.machine_id);
///     Ok(())
/// }
/// ```
pub async fn get_m2m_auth() -> Result<M2mAuth, ServerFnError> {
    extract_in_server_fn().await
}

#[cfg(test)]
mod tests;
