//! The JWTs the instance issues: session tokens (Clerk's v2 claims) and handshake tokens.

use serde_json::json;

use crate::clock::secs;
use crate::constants::{FAPI_HOST, TOKEN_LIFETIME_SECS, TOKEN_NOT_BEFORE_SKEW_SECS};
use crate::ids;
use crate::keys::SigningKeys;
use crate::store::Session;

/// A session token for `session`, as FAPI mints it: 60 s lifetime, `nbf` 10 s back, `azp` the
/// origin of the page that asked.
pub(crate) fn session_token(
    keys: &SigningKeys,
    session: &Session,
    azp: &str,
    now_ms: i64,
) -> String {
    let iat = secs(now_ms);
    // Minutes since the password was checked; -1: no second factor exists here.
    let first_factor_age = (now_ms - session.created_at).max(0) / 60_000;
    keys.sign(&json!({
        "azp": azp,
        "exp": iat + TOKEN_LIFETIME_SECS,
        "fva": [first_factor_age, -1],
        "iat": iat,
        "iss": issuer(),
        "jti": ids::trace_id(),
        "nbf": iat - TOKEN_NOT_BEFORE_SKEW_SECS,
        "sid": session.id,
        "sts": "active",
        "sub": session.user_id,
        "v": 2,
    }))
}

/// The `__clerk_handshake` token: the Set-Cookie directives, signed with the instance key so the
/// app server can trust them.
pub(crate) fn handshake_token(keys: &SigningKeys, directives: &[String]) -> String {
    keys.sign(&json!({ "handshake": directives }))
}

/// `https://<frontend api host>`, the `iss` of every token.
pub(crate) fn issuer() -> String {
    format!("https://{FAPI_HOST}")
}
