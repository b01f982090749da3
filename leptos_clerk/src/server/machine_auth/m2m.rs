//! [`M2mAuth`]: a request from another service, with an M2M token.

use std::time::SystemTime;

use axum::extract::FromRequestParts;
use http::request::Parts;
use http::HeaderMap;
use leptos::prelude::ServerFnError;
use serde_json::{Map, Value};

use super::{classify, clerk_of, MachineAuthError, MachineRejection, MachineToken};
use crate::constants::M2M_TOKEN_CATEGORY;
use crate::server::backend::M2mToken;
use crate::server::clerk::Clerk;
use crate::server::extract::extract_in_server_fn;
use crate::server::request::bearer_token;

const TOKEN_TYPE: &str = "m2m_token";
/// What Clerk says of a token it does not know (or revoked, or expired).
const NOT_FOUND: &str = "Machine token not found";

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

/// The claims of an M2M JWT that are not custom ones.
const RESERVED_CLAIMS: [&str; 6] = ["iss", "sub", "exp", "nbf", "iat", "jti"];

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
        // Clerk passes a string `aud` on as it is; here it is the one scope.
        let scopes = match (claims.get("scopes"), claims.get("aud")) {
            (Some(Value::String(scopes)), _) => scopes.split(' ').map(str::to_owned).collect(),
            (_, Some(Value::Array(aud))) => aud
                .iter()
                .filter_map(|a| a.as_str().map(str::to_owned))
                .collect(),
            (_, Some(Value::String(aud))) => vec![aud.clone()],
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

impl Clerk {
    /// The machine behind `Authorization: Bearer <M2M token>`, as
    /// `authenticateRequest(request, { acceptsToken: 'm2m_token' })` concludes: opaque tokens
    /// through the Backend API (one attempt, `request_backend_timeout`; as this server's
    /// machine when `machine_secret_key` is set, so that only tokens meant for it pass), JWT
    /// ones locally (their scopes are not checked: see [`M2mAuth::has_scope`]).
    pub async fn authenticate_m2m(&self, headers: &HeaderMap) -> Result<M2mAuth, MachineAuthError> {
        self.authenticate_m2m_at(headers, SystemTime::now()).await
    }

    pub(crate) async fn authenticate_m2m_at(
        &self,
        headers: &HeaderMap,
        now: SystemTime,
    ) -> Result<M2mAuth, MachineAuthError> {
        let token = bearer_token(headers).ok_or(MachineAuthError::NoToken)?;
        match classify(token) {
            Some(MachineToken::M2mOpaque) => self
                .verify_opaque(
                    token,
                    NOT_FOUND,
                    self.m2m_backend().m2m_tokens().verify(token),
                )
                .await
                .map(M2mAuth::from_token),
            // Clerk tells a token of another category (`token-invalid`) from one that fails
            // verification.
            Some(MachineToken::M2mJwt(jwt))
                if jwt
                    .header
                    .cat
                    .as_ref()
                    .is_some_and(|cat| cat.as_str() != Some(M2M_TOKEN_CATEGORY)) =>
            {
                Err(MachineAuthError::TokenInvalid(
                    "Invalid M2M JWT category.".to_owned(),
                ))
            }
            Some(MachineToken::M2mJwt(jwt)) => self
                .verifier()
                .verify_m2m(&jwt, now)
                .await
                .map(M2mAuth::from_jwt_claims)
                .map_err(MachineAuthError::from_jwt),
            None | Some(MachineToken::ApiKey | MachineToken::OAuth) => {
                Err(MachineAuthError::TokenTypeMismatch)
            }
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for M2mAuth {
    type Rejection = MachineRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        clerk_of(parts)?
            .authenticate_m2m(&parts.headers)
            .await
            .map_err(|error| MachineRejection::Unauthenticated {
                token_type: TOKEN_TYPE,
                error,
            })
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
