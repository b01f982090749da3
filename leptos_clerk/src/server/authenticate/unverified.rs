//! Reading a token before verifying it, as `@clerk/backend` does to choose a path: its `iat`,
//! `iss`, `exp` and class. Nothing read here is trusted; it only picks which check runs next.
//!
//! A token is decoded once per request ([`Peek`]), and not at all when it verified earlier and
//! is still in the verified-token cache: its claims are then read from there.

use std::sync::Arc;
use std::time::SystemTime;

use serde_json::Value;

use crate::constants::{
    IGNORE_TOKEN_CATEGORY, M2M_SUBJECT_PREFIX, OAUTH_ACCESS_TOKEN_TYPES, SESSION_TOKEN_CATEGORY,
};
use crate::server::tokens::Jwt;
use crate::server::tokens::SessionClaims;
use crate::server::tokens::TokenVerificationError;
use crate::server::verifier::Verifier;

/// One token, looked at once.
pub(crate) struct Peek<'a> {
    pub(crate) token: &'a str,
    /// The claims of a token verified earlier (from the cache).
    pub(crate) verified: Option<Arc<SessionClaims>>,
    /// The decoded token otherwise (`None`: not a JWT).
    pub(crate) jwt: Option<Jwt<'a>>,
}

impl<'a> Peek<'a> {
    pub(crate) fn new(verifier: &Verifier, token: &'a str, now_ms: f64) -> Self {
        if let Some(claims) = verifier.cached(token, now_ms) {
            return Self {
                token,
                verified: Some(claims),
                jwt: None,
            };
        }
        Self {
            token,
            verified: None,
            jwt: (!token.is_empty())
                .then(|| Jwt::decode(token).ok())
                .flatten(),
        }
    }

    /// The verified claims: from the cache, or checked now by `verifier` (which remembers them).
    pub(crate) async fn verify(
        &self,
        verifier: &Verifier,
        now: SystemTime,
    ) -> Result<Arc<SessionClaims>, TokenVerificationError> {
        if let Some(claims) = &self.verified {
            return Ok(Arc::clone(claims));
        }
        let Some(jwt) = &self.jwt else {
            return Err(TokenVerificationError::invalid(
                "Invalid JWT form. A JWT consists of three parts separated by dots.",
            ));
        };
        verifier.verify_decoded(self.token, jwt, now).await
    }

    /// Whether the token is a JWT at all.
    pub(crate) fn decodes(&self) -> bool {
        self.verified.is_some() || self.jwt.is_some()
    }

    /// A numeric claim (`iat`, `exp`), `None` when absent or not a number.
    #[allow(clippy::cast_precision_loss)]
    pub(crate) fn number(&self, claim: &str) -> Option<f64> {
        if let Some(c) = &self.verified {
            return match claim {
                "iat" => c.iat.map(|v| v as f64),
                "exp" => Some(c.exp as f64),
                _ => c.raw().get(claim).and_then(Value::as_f64),
            };
        }
        self.jwt
            .as_ref()?
            .payload
            .get(claim)
            .and_then(Value::as_f64)
    }

    /// `iss` when it is a string.
    pub(crate) fn iss(&self) -> Option<&str> {
        match &self.verified {
            Some(c) => c.iss.as_deref(),
            None => self.jwt.as_ref()?.payload.get("iss")?.as_str(),
        }
    }

    /// JavaScript truthiness of `iss`.
    pub(crate) fn iss_truthy(&self) -> bool {
        if let Some(c) = &self.verified {
            return c.iss.as_deref().is_some_and(|i| !i.is_empty());
        }
        match self.jwt.as_ref().and_then(|j| j.payload.get("iss")) {
            None | Some(Value::Null | Value::Bool(false)) => false,
            Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
            Some(Value::String(s)) => !s.is_empty(),
            Some(_) => true,
        }
    }

    /// `isMachineJwt || hasNonSessionJwtCategory`: an OAuth access token (`typ: at+jwt`), an
    /// M2M token (`sub: mch_…`), or a token of another category (a JWT template): never a
    /// session token.
    pub(crate) fn is_other_token_class(&self) -> bool {
        if let Some(c) = &self.verified {
            // A verified token passed the `typ` and `cat` checks already.
            return c.sub.starts_with(M2M_SUBJECT_PREFIX);
        }
        let Some(jwt) = &self.jwt else {
            return false;
        };
        let jwt_format = is_jwt_format(self.token);
        let oauth = jwt_format
            && jwt
                .header
                .typ
                .as_ref()
                .and_then(Value::as_str)
                .is_some_and(|typ| OAUTH_ACCESS_TOKEN_TYPES.contains(&typ));
        let m2m = jwt_format
            && jwt
                .payload
                .get("sub")
                .and_then(Value::as_str)
                .is_some_and(|s| s.starts_with(M2M_SUBJECT_PREFIX));
        let other_category = jwt.header.cat.as_ref().is_some_and(|cat| {
            !matches!(
                cat.as_str(),
                Some(SESSION_TOKEN_CATEGORY | IGNORE_TOKEN_CATEGORY)
            )
        });
        oauth || m2m || other_category
    }
}

/// `isJwtFormat`: three non-empty base64url segments.
pub(crate) fn is_jwt_format(token: &str) -> bool {
    let mut parts = token.split('.');
    let segment = |s: Option<&str>| {
        s.is_some_and(|s| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        })
    };
    segment(parts.next())
        && segment(parts.next())
        && segment(parts.next())
        && parts.next().is_none()
}
