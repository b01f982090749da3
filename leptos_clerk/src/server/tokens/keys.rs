//! The keys session tokens are verified with: a JWKS document (from the Backend API), or a PEM
//! public key configured with `CLERK_JWT_KEY` (networkless).

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jsonwebtoken::DecodingKey;
use serde::Deserialize;

use super::error::{TokenVerificationError, TokenVerificationErrorReason as Reason};

/// A set of RSA verification keys, by `kid`.
///
/// Built from a JWKS document ([`from_json`](Self::from_json)) or from one PEM public key
/// ([`from_pem`](Self::from_pem)), which then matches any `kid`, as Clerk's networkless mode does.
#[derive(Clone, Default)]
pub(crate) struct Jwks {
    by_kid: HashMap<String, DecodingKey>,
    any_kid: Option<DecodingKey>,
}

impl std::fmt::Debug for Jwks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jwks")
            .field("kids", &self.by_kid.keys().collect::<Vec<_>>())
            .field("pem", &self.any_kid.is_some())
            .finish()
    }
}

/// One entry of a JWKS document; only RSA signing keys are kept.
#[derive(Deserialize)]
struct Jwk {
    kid: Option<String>,
    kty: Option<String>,
    n: Option<String>,
    e: Option<String>,
    alg: Option<String>,
    #[serde(rename = "use")]
    use_: Option<String>,
}

#[derive(Deserialize)]
struct JwksDocument {
    keys: Vec<Jwk>,
}

impl Jwks {
    /// Reads a JWKS document (`{"keys": [{"kid", "kty": "RSA", "n", "e", …}]}`), keeping the RSA
    /// signing keys. Fails when the document has no usable key.
    pub fn from_json(json: &str) -> Result<Self, TokenVerificationError> {
        let doc: JwksDocument = serde_json::from_str(json).map_err(|_| {
            TokenVerificationError::new(
                Reason::JwkRemoteInvalid,
                "the JWKS answer is not a JSON key set",
            )
        })?;
        let by_kid: HashMap<String, DecodingKey> =
            doc.keys.into_iter().filter_map(rsa_key).collect();
        if by_kid.is_empty() {
            return Err(TokenVerificationError::new(
                Reason::JwkRemoteFailedToLoad,
                "the JWKS holds no RSA signing key",
            ));
        }
        Ok(Self {
            by_kid,
            any_kid: None,
        })
    }

    /// Uses one PEM public key (`-----BEGIN PUBLIC KEY-----` or `-----BEGIN RSA PUBLIC KEY-----`;
    /// the armor may be missing and newlines may be written as `\n`) for every token, whatever
    /// its `kid`. This is what `CLERK_JWT_KEY` holds.
    pub fn from_pem(pem: &str) -> Result<Self, TokenVerificationError> {
        let key = super::pem::parse(pem).map_err(|why| {
            TokenVerificationError::new(
                Reason::JwkLocalMissing,
                format!("CLERK_JWT_KEY is not a PEM RSA public key ({why})"),
            )
        })?;
        Ok(Self {
            by_kid: HashMap::new(),
            any_kid: Some(key),
        })
    }

    /// Whether a token with this `kid` has a key here.
    #[must_use]
    pub fn contains(&self, kid: Option<&str>) -> bool {
        self.lookup(kid).is_ok()
    }

    pub(crate) fn lookup(&self, kid: Option<&str>) -> Result<&DecodingKey, TokenVerificationError> {
        if let Some(key) = &self.any_kid {
            return Ok(key);
        }
        kid.and_then(|kid| self.by_kid.get(kid)).ok_or_else(|| {
            TokenVerificationError::new(
                Reason::JwkKidMismatch,
                format!(
                    "no key in the instance's JWKS has the token's kid ({:?}); was the token \
                     issued by another Clerk instance? Check that CLERK_SECRET_KEY and \
                     CLERK_PUBLISHABLE_KEY belong to the same instance",
                    kid.unwrap_or("missing")
                ),
            )
        })
    }
}

/// The key of an RSA signing JWK; `None` for any other entry.
fn rsa_key(jwk: Jwk) -> Option<(String, DecodingKey)> {
    if jwk.kty.as_deref() != Some("RSA") {
        return None;
    }
    if jwk.use_.as_deref().is_some_and(|u| u != "sig") {
        return None;
    }
    if jwk.alg.as_deref().is_some_and(|a| !a.starts_with("RS")) {
        return None;
    }
    let n = URL_SAFE_NO_PAD.decode(jwk.n?.trim_end_matches('=')).ok()?;
    let e = URL_SAFE_NO_PAD.decode(jwk.e?.trim_end_matches('=')).ok()?;
    if n.iter().all(|&b| b == 0) || e.iter().all(|&b| b == 0) {
        return None;
    }
    Some((jwk.kid?, DecodingKey::from_rsa_raw_components(&n, &e)))
}
