//! Refreshing an expired session token on the server (`attemptRefresh` in `@clerk/backend`):
//! for a GET that carries the instance's `__refresh` cookie, the Backend API exchanges the
//! expired token for fresh session cookies, and the request is signed in without a handshake.

use http::{HeaderMap, HeaderValue};
use serde_json::{json, Map, Value};

use super::context::{origin, Context};
use super::request_state::RequestState;
use super::Instance;
use crate::constants::SESSION_COOKIE;
use crate::server::auth::RefreshError;
use crate::server::backend::ClerkError;
use crate::server::tokens::Jwt;

pub(super) async fn attempt(
    instance: &Instance<'_>,
    ctx: &Context<'_>,
) -> Result<RequestState, RefreshError> {
    let expired = ctx.session_token().unwrap_or_default();
    let refresh_token = ctx.refresh_token_in_cookie.as_deref().unwrap_or_default();
    let jwt = Jwt::decode(expired).map_err(|_| RefreshError::ExpiredSessionTokenDecodeFailed)?;
    let sid = jwt
        .payload
        .get("sid")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or(RefreshError::ExpiredSessionTokenMissingSidClaim)?;
    let body = json!({
        "format": "cookie",
        "expired_token": expired,
        "refresh_token": refresh_token,
        "request_origin": origin(ctx.clerk_url()),
        "request_headers": request_headers(ctx.headers()),
    });
    let cookies = instance
        .request_backend
        .sessions()
        .refresh(sid, &body, ctx.uses_suffixed_cookies)
        .await
        .map_err(|error| refresh_error(&error))?;
    if cookies.is_empty() {
        return Err(RefreshError::UnexpectedSdkError);
    }
    let mut headers = HeaderMap::new();
    let mut token = String::new();
    for cookie in &cookies {
        if let Ok(value) = HeaderValue::from_str(cookie) {
            headers.append(http::header::SET_COOKIE, value);
        }
        let pair = cookie.split(';').next().unwrap_or_default();
        let mut parts = pair.split('=');
        if parts.next().unwrap_or_default().starts_with(SESSION_COOKIE) {
            parts.next().unwrap_or_default().clone_into(&mut token);
        }
    }
    let claims = instance
        .verifier
        .verify(&token, ctx.now, None)
        .await
        .map_err(|_| RefreshError::InvalidSessionToken)?;
    Ok(super::signed_in(instance, claims, token, headers))
}

/// The request's headers as `@clerk/backend` sends them (`Record<string, string[]>`): each name
/// once, lower-case, with its values joined by `", "` as the Fetch API's `Headers` joins them.
fn request_headers(headers: &HeaderMap) -> Map<String, Value> {
    headers
        .keys()
        .map(|name| {
            let values: Vec<_> = headers
                .get_all(name)
                .iter()
                .map(|value| String::from_utf8_lossy(value.as_bytes()))
                .collect();
            (name.as_str().to_owned(), json!([values.join(", ")]))
        })
        .collect()
}

/// How a failed refresh call is reported. A call that never got a readable answer is
/// `fetch-error`, as `@clerk/backend` reports it (its `buildRequest` turns both into an
/// `unexpected_error` entry); an error status with no entries is `unexpected-bapi-error`. An
/// answer with Clerk's error entries is `fetch-error` too, where `@clerk/backend` puts the
/// entry's own code in the reason (a deliberate difference, marked in the conformance cases).
fn refresh_error(error: &ClerkError) -> RefreshError {
    match error {
        ClerkError::Api { errors, .. } if !errors.is_empty() => RefreshError::FetchError,
        ClerkError::Transport { .. } | ClerkError::Decode { .. } => RefreshError::FetchError,
        _ => RefreshError::UnexpectedBapiError,
    }
}
