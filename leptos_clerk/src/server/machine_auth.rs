//! Requests from machines and scripts: `Authorization: Bearer <token>` where the token is an M2M
//! token ([`M2mAuth`]) or an API key ([`ApiKeyAuth`]), checked as `@clerk/backend`'s
//! `authenticateRequest(request, { acceptsToken: 'm2m_token' | 'api_key' })` does. Opaque tokens
//! (`mt_…`, `ak_…`) are verified by the Backend API on each request; an M2M token in JWT form by
//! its signature, with the keys the session tokens use, and no network call.
//!
//! Only routes that ask for one of these accept it: `ClerkLayer` treats every request carrying
//! one as signed out (`token-type-mismatch`), as Clerk's SDKs do for a route that accepts
//! session tokens.

mod api_key;
mod error;
mod m2m;

use std::future::Future;

use http::request::Parts;
use serde_json::Value;

use super::authenticate::is_jwt_format;
use super::backend::ClerkError;
use super::clerk::Clerk;
use super::extract::MissingClerkLayer;
use super::tokens::Jwt;
use crate::constants::{
    API_KEY_PREFIX, M2M_SUBJECT_PREFIX, M2M_TOKEN_PREFIX, OAUTH_ACCESS_TOKEN_TYPES,
    OAUTH_TOKEN_PREFIX,
};
pub use api_key::{get_api_key_auth, ApiKeyAuth};
pub use error::{MachineAuthError, MachineRejection};
pub use m2m::{get_m2m_auth, M2mAuth};

/// A machine token's kind, by its form (`getMachineTokenType`).
enum MachineToken<'a> {
    M2mOpaque,
    M2mJwt(Jwt<'a>),
    ApiKey,
    OAuth,
}

/// `isMachineToken` then `getMachineTokenType`: by prefix, else a JWT whose `sub` is a machine
/// (M2M) or whose `typ` is an access token's (OAuth). `None`: not a machine token.
fn classify(token: &str) -> Option<MachineToken<'_>> {
    if token.starts_with(M2M_TOKEN_PREFIX) {
        return Some(MachineToken::M2mOpaque);
    }
    if token.starts_with(OAUTH_TOKEN_PREFIX) {
        return Some(MachineToken::OAuth);
    }
    if token.starts_with(API_KEY_PREFIX) {
        return Some(MachineToken::ApiKey);
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
        .then_some(MachineToken::OAuth)
}

/// The longest opaque token sent to the Backend API (Clerk's are under 100 characters).
const MAX_OPAQUE_TOKEN_LEN: usize = 512;

/// Whether an opaque token (`mt_…`, `ak_…`) is worth a Backend API call. Anything else is
/// `token-invalid` at once, as the Backend API would answer, but without spending a call on
/// it: a JWT-shaped one (which Clerk fails to decode), one too long, or one with characters no
/// token has.
fn opaque_well_formed(token: &str) -> bool {
    token.len() <= MAX_OPAQUE_TOKEN_LEN
        && !is_jwt_format(token)
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
}

impl Clerk {
    /// An opaque token's answer from the Backend API (`verify`, not polled otherwise), unless
    /// the token is malformed or was refused a moment ago: a refusal (`404`) is remembered for
    /// a minute, so that a script repeating a made-up or revoked token costs one call, not one
    /// per request. (`@clerk/backend` asks every time; the answer is the same.)
    async fn verify_opaque<T>(
        &self,
        token: &str,
        not_found: &str,
        verify: impl Future<Output = Result<T, ClerkError>>,
    ) -> Result<T, MachineAuthError> {
        if !opaque_well_formed(token) || self.refused_tokens().contains(token) {
            return Err(MachineAuthError::TokenInvalid(not_found.to_owned()));
        }
        verify.await.map_err(|error| {
            let error = MachineAuthError::from_backend(&error, not_found);
            if matches!(error, MachineAuthError::TokenInvalid(_)) {
                self.refused_tokens().insert(token);
            }
            error
        })
    }
}

/// The `Clerk` that `ClerkLayer` attached to the request.
fn clerk_of(parts: &Parts) -> Result<Clerk, MachineRejection> {
    parts
        .extensions
        .get::<Clerk>()
        .cloned()
        .ok_or(MachineRejection::MissingLayer(MissingClerkLayer))
}

#[cfg(test)]
mod tests;
