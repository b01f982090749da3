//! `authenticateRequest`: from a request to an [`Auth`].
//!
//! This is the walking skeleton of Clerk's decision table (spec §2.2): the `Authorization`
//! header wins over the `__session` cookie, a verified token is signed in, anything else is
//! signed out with a reason. Suffixed cookies, `__client_uat` comparisons, the dev browser and
//! the handshake slot in here later, returning a third outcome beside signed in and signed out.

use http::request::Parts;

use super::auth::{Auth, AuthReason};
use super::clerk::Clerk;
use super::request::{bearer_token, cookie, TokenCarrier};
use crate::constants::{CLIENT_UAT_COOKIE, SESSION_COOKIE};

/// Authenticates one request. Never fails: problems become a signed-out [`Auth`].
pub(crate) async fn authenticate_request(clerk: &Clerk, parts: &Parts) -> Auth {
    let (token, carrier) = match bearer_token(&parts.headers) {
        Some(token) => (token.to_owned(), TokenCarrier::Header),
        None => match cookie(&parts.headers, SESSION_COOKIE) {
            Some(token) => (token, TokenCarrier::Cookie),
            None => return Auth::signed_out(missing_token_reason(parts)),
        },
    };
    match clerk.verify_token(&token).await {
        Ok(claims) => Auth::signed_in(claims, token, true),
        Err(error) => {
            tracing::debug!(
                "leptos_clerk: signed out, session token from the {carrier:?} rejected: {error}"
            );
            Auth::signed_out(error.reason.into())
        }
    }
}

/// No token: a visitor who never signed in, or a browser whose token has not arrived yet.
fn missing_token_reason(parts: &Parts) -> AuthReason {
    let client_uat = cookie(&parts.headers, CLIENT_UAT_COOKIE)
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or(0);
    if client_uat > 0 {
        AuthReason::ClientUatButNoSessionToken
    } else {
        AuthReason::SessionTokenAndUatMissing
    }
}
