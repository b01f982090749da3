//! Session-token verification, as `verifyToken` in `@clerk/backend` 3.x does it: header checks,
//! then the signature, then the claims (spec §1.3). M2M tokens in JWT form share the header,
//! signature and time checks (`verify_m2m_decoded`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::Value;

use super::claims::SessionClaims;
use super::error::{TokenVerificationError, TokenVerificationErrorReason};
#[cfg(test)]
pub(crate) use super::jwt::encode as b64url;
use super::jwt::Jwt;
use super::keys::Jwks;
use crate::constants::{
    DEFAULT_CLOCK_SKEW_SECS, IGNORE_TOKEN_CATEGORY, M2M_TOKEN_CATEGORY, SESSION_TOKEN_CATEGORY,
};

use TokenVerificationErrorReason as Reason;

/// What [`verify_token`] checks besides the signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VerifyOptions {
    /// Origins allowed in `azp`. Empty means not checked; otherwise a token without `azp`, or
    /// with one not listed, fails.
    pub authorized_parties: Vec<String>,
    /// Tolerance for `exp`, `nbf` and `iat` (Clerk's default: 5 s).
    pub clock_skew: Duration,
    /// Accepted `iss` values. Empty means not checked (Clerk's default).
    pub issuers: Vec<String>,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        Self {
            authorized_parties: Vec::new(),
            clock_skew: Duration::from_secs(DEFAULT_CLOCK_SKEW_SECS),
            issuers: Vec::new(),
        }
    }
}

/// Verifies a Clerk session token against a key set and returns its claims.
///
/// Order, as in `@clerk/backend` 3.x: the token must be a JWT and not a machine token (`cat`);
/// the `kid` must be in `keys`; `typ`, if present, must be `JWT`; `alg` RS256, RS384 or RS512;
/// `cat`, if present, a session category; the signature must match; then `sub`, `azp`, `iss`,
/// `exp`, `nbf` and `iat` are checked.
/// It never panics, whatever the input. (Requests go through [`verify_decoded`], having read
/// the `kid` first; this whole-token form is for the tests.)
#[cfg(test)]
pub(crate) fn verify_token(
    token: &str,
    keys: &Jwks,
    opts: &VerifyOptions,
    now: SystemTime,
) -> Result<SessionClaims, TokenVerificationError> {
    verify_decoded(&Jwt::decode(token)?, keys, opts, now)
}

/// [`verify_token`] for a token already taken apart (the caller needed its `kid` first).
pub(crate) fn verify_decoded(
    jwt: &Jwt<'_>,
    keys: &Jwks,
    opts: &VerifyOptions,
    now: SystemTime,
) -> Result<SessionClaims, TokenVerificationError> {
    if jwt.header.cat.as_ref().and_then(Value::as_str) == Some(M2M_TOKEN_CATEGORY) {
        return Err(TokenVerificationError::invalid(
            "the token is a machine-to-machine token, not a session token",
        ));
    }
    let key = keys.lookup(jwt.kid())?;
    let alg = check_header(jwt)?;
    check_signature(jwt, key, alg)?;
    check_claims(jwt, opts, now)
}

/// A `__clerk_handshake` token: header and signature checked (no claims, as in Clerk), and its
/// `handshake` array of `Set-Cookie` directives returned.
pub(crate) fn verify_handshake(
    jwt: &Jwt<'_>,
    keys: &Jwks,
) -> Result<Vec<String>, TokenVerificationError> {
    let key = keys.lookup(jwt.kid())?;
    let alg = check_header(jwt).map_err(|e| match e.reason {
        Reason::TokenTypeMismatch => {
            TokenVerificationError::invalid("Invalid handshake token category.")
        }
        _ => e,
    })?;
    check_signature(jwt, key, alg)?;
    Ok(match jwt.payload.get("handshake") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    })
}

/// The header checks, in Clerk's order and with its reasons: `typ`, then `alg`, then `cat`.
/// (By hand rather than `jsonwebtoken::decode_header`, which rejects an unknown `alg` before the
/// `kid` is looked up and with its own error.)
fn check_header(jwt: &Jwt<'_>) -> Result<Algorithm, TokenVerificationError> {
    let alg = check_typ_and_alg(jwt)?;
    if let Some(cat) = &jwt.header.cat {
        if !matches!(
            cat.as_str(),
            Some(SESSION_TOKEN_CATEGORY | IGNORE_TOKEN_CATEGORY)
        ) {
            return Err(TokenVerificationError::new(
                Reason::TokenTypeMismatch,
                "the token is not a session token (its `cat` header names another category)",
            ));
        }
    }
    Ok(alg)
}

/// `typ`, if present, must be `JWT`; `alg` RS256, RS384 or RS512.
fn check_typ_and_alg(jwt: &Jwt<'_>) -> Result<Algorithm, TokenVerificationError> {
    let h = &jwt.header;
    if let Some(typ) = &h.typ {
        if typ.as_str() != Some("JWT") {
            return Err(TokenVerificationError::new(
                Reason::TokenInvalid,
                format!("the token's `typ` header is {typ}, expected \"JWT\""),
            ));
        }
    }
    let alg = match h.alg.as_ref().and_then(Value::as_str) {
        Some("RS256") => Algorithm::RS256,
        Some("RS384") => Algorithm::RS384,
        Some("RS512") => Algorithm::RS512,
        other => {
            return Err(TokenVerificationError::new(
                Reason::TokenInvalidAlgorithm,
                format!(
                    "the token's algorithm {:?} is not allowed: only RS256, RS384 and RS512 are",
                    other.unwrap_or("none")
                ),
            ))
        }
    };
    Ok(alg)
}

/// The signature, checked by `jsonwebtoken` (aws-lc-rs): RSA keys of 2048 to 8192 bits, as
/// Clerk issues; a smaller key never verifies.
fn check_signature(
    jwt: &Jwt<'_>,
    key: &DecodingKey,
    alg: Algorithm,
) -> Result<(), TokenVerificationError> {
    let valid = jsonwebtoken::crypto::verify(jwt.signature, jwt.signed.as_bytes(), key, alg)
        .unwrap_or(false);
    if valid {
        Ok(())
    } else {
        Err(TokenVerificationError::new(
            Reason::TokenInvalidSignature,
            "the token's signature does not match the instance's key (a token from another \
             Clerk instance, or a stale CLERK_JWT_KEY?)",
        ))
    }
}

fn check_claims(
    jwt: &Jwt<'_>,
    opts: &VerifyOptions,
    now: SystemTime,
) -> Result<SessionClaims, TokenVerificationError> {
    let p = &jwt.payload;
    if !p.get("sub").is_some_and(Value::is_string) {
        return Err(TokenVerificationError::new(
            Reason::TokenVerificationFailed,
            "the token has no `sub` (user id) claim",
        ));
    }
    if !opts.authorized_parties.is_empty() {
        let azp = p
            .get("azp")
            .and_then(Value::as_str)
            .filter(|a| !a.is_empty());
        if !azp.is_some_and(|azp| opts.authorized_parties.iter().any(|a| a == azp)) {
            return Err(TokenVerificationError::new(
                Reason::TokenInvalidAuthorizedParties,
                format!(
                    "the token's `azp` ({:?}) is not one of the authorized parties; add the app's \
                     origin to `authorized_parties` (CLERK_AUTHORIZED_PARTIES)",
                    azp.unwrap_or("missing")
                ),
            ));
        }
    }
    if !opts.issuers.is_empty() {
        let iss = p.get("iss").and_then(Value::as_str);
        if !iss.is_some_and(|iss| opts.issuers.iter().any(|i| i == iss)) {
            return Err(TokenVerificationError::new(
                Reason::TokenInvalidIssuer,
                format!(
                    "the token's issuer ({:?}) is not the expected one; check that the keys \
                     belong to this Clerk instance",
                    iss.unwrap_or("missing")
                ),
            ));
        }
    }
    check_times(p, opts.clock_skew, now, &SESSION_TIMES)?;
    SessionClaims::from_json(Value::Object(p.clone())).map_err(|e| {
        TokenVerificationError::invalid(format!("the token's claims have unexpected types: {e}"))
    })
}

/// An M2M token in JWT form, as `@clerk/backend`'s `verifyM2MJwt` after its `cat` check:
/// `typ`, if present, `JWT`; the signature; `exp` (required), `nbf` and `iat`. Its claims are
/// returned.
///
/// Deliberately not checked: `azp` against `authorized_parties`. `@clerk/backend` runs its
/// session-token `azp` assertion on machine JWTs too, so with authorized parties set it refuses
/// one without `azp`; but `azp` names the browser origin a session token was made for, which
/// a machine has none of, so that check would refuse every M2M JWT in the recommended
/// production set-up (`CLERK_AUTHORIZED_PARTIES` set). Which machines may call is the scopes'
/// job (`M2mAuth::has_scope`).
pub(crate) fn verify_m2m_decoded(
    jwt: &Jwt<'_>,
    keys: &Jwks,
    clock_skew: Duration,
    now: SystemTime,
) -> Result<serde_json::Map<String, Value>, TokenVerificationError> {
    let key = keys.lookup(jwt.kid())?;
    let alg = check_typ_and_alg(jwt)?;
    check_signature(jwt, key, alg)?;
    check_times(&jwt.payload, clock_skew, now, &M2M_TIMES)?;
    Ok(jwt.payload.clone())
}

/// What a failed time check says, for one kind of token.
struct TimeMessages {
    expired: &'static str,
    not_yet_valid: &'static str,
    issued_in_the_future: &'static str,
}

const SESSION_TIMES: TimeMessages = TimeMessages {
    expired:
        "the session token has expired (clerk-js renews it every 50 s; check the server clock)",
    not_yet_valid:
        "the session token is not valid yet (`nbf` is in the future; check the server clock)",
    issued_in_the_future:
        "the session token was issued in the future (`iat`; check the server clock)",
};

const M2M_TIMES: TimeMessages = TimeMessages {
    expired: "the M2M token has expired: the machine must ask for a new one",
    not_yet_valid: "the M2M token is not valid yet (`nbf` is in the future; check the clocks)",
    issued_in_the_future: "the M2M token was issued in the future (`iat`; check the clocks)",
};

/// `exp` (required), `nbf` and `iat`, each with `clock_skew` of tolerance.
fn check_times(
    p: &serde_json::Map<String, Value>,
    clock_skew: Duration,
    now: SystemTime,
    messages: &TimeMessages,
) -> Result<(), TokenVerificationError> {
    let now_ms = millis(now);
    let skew_ms = clock_skew.as_secs_f64() * 1000.0;
    let Some(exp) = time_claim(p, "exp")? else {
        return Err(TokenVerificationError::new(
            Reason::TokenVerificationFailed,
            "the token has no numeric `exp` claim",
        ));
    };
    if exp * 1000.0 <= now_ms - skew_ms {
        return Err(TokenVerificationError::new(
            Reason::TokenExpired,
            messages.expired,
        ));
    }
    if let Some(nbf) = time_claim(p, "nbf")? {
        if nbf * 1000.0 > now_ms + skew_ms {
            return Err(TokenVerificationError::new(
                Reason::TokenNotActiveYet,
                messages.not_yet_valid,
            ));
        }
    }
    if let Some(iat) = time_claim(p, "iat")? {
        if iat * 1000.0 > now_ms + skew_ms {
            return Err(TokenVerificationError::new(
                Reason::TokenIatInTheFuture,
                messages.issued_in_the_future,
            ));
        }
    }
    Ok(())
}

/// A time claim in whole seconds (JavaScript's `Date` drops fractions); absent is `None`, a
/// non-number fails as `token-verification-failed`.
fn time_claim(
    payload: &serde_json::Map<String, Value>,
    name: &str,
) -> Result<Option<f64>, TokenVerificationError> {
    match payload.get(name) {
        None => Ok(None),
        Some(value) => match value.as_f64() {
            Some(secs) if secs.is_finite() => Ok(Some(secs.trunc())),
            _ => Err(TokenVerificationError::new(
                Reason::TokenVerificationFailed,
                format!("the token's `{name}` claim is not a number"),
            )),
        },
    }
}

/// Unix milliseconds, as JavaScript's `Date.now()` (negative before 1970).
pub(crate) fn millis(t: SystemTime) -> f64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs_f64() * 1000.0,
        Err(e) => -(e.duration().as_secs_f64() * 1000.0),
    }
}

#[cfg(test)]
mod tests;
