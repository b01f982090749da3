//! The instance's RSA-2048 signing key: loaded from (or created in) the data folder, used to sign
//! RS256 JWTs, and published as a JWKS.

use std::path::Path;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rsa::signature::{Keypair, SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::Sha256;

use crate::errors::LocalError;
use crate::fs_atomic::write_atomic;

const KEY_BITS: usize = 2048;

/// Signs JWTs with the instance key; `kid` is the instance id, as in real Clerk.
pub(crate) struct SigningKeys {
    signer: SigningKey<Sha256>,
    verifier: VerifyingKey<Sha256>,
    jwk: Value,
    kid: String,
}

impl SigningKeys {
    /// Loads the PKCS#8 PEM key at `path`, or generates and saves one.
    pub(crate) fn load_or_create(path: &Path, kid: &str) -> Result<Self, LocalError> {
        let key = match std::fs::read_to_string(path) {
            Ok(pem) => {
                RsaPrivateKey::from_pkcs8_pem(&pem).map_err(|e| LocalError::CorruptFile {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                })?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS)?;
                let pem =
                    key.to_pkcs8_pem(LineEnding::LF)
                        .map_err(|e| LocalError::CorruptFile {
                            path: path.to_path_buf(),
                            reason: e.to_string(),
                        })?;
                write_atomic(path, pem.as_bytes()).map_err(|source| LocalError::DataDir {
                    path: path.to_path_buf(),
                    source,
                })?;
                key
            }
            Err(source) => {
                return Err(LocalError::DataDir {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        Ok(Self::new(key, kid))
    }

    fn new(key: RsaPrivateKey, kid: &str) -> Self {
        let jwk = json!({
            "kty": "RSA",
            "kid": kid,
            "alg": "RS256",
            "use": "sig",
            "n": URL_SAFE_NO_PAD.encode(key.n().to_bytes_be()),
            "e": URL_SAFE_NO_PAD.encode(key.e().to_bytes_be()),
        });
        let signer = SigningKey::new(key);
        Self {
            verifier: signer.verifying_key(),
            signer,
            jwk,
            kid: kid.to_owned(),
        }
    }

    /// `{"keys":[<jwk>]}`, what both `/v1/jwks` endpoints answer.
    pub(crate) fn jwks(&self) -> Value {
        json!({ "keys": [self.jwk] })
    }

    /// An RS256 JWT with Clerk's header: `kid` the instance id, `cat` the token category.
    pub(crate) fn sign(&self, claims: &Value, category: &str) -> String {
        let header = json!({
            "alg": "RS256",
            "kid": self.kid,
            "typ": "JWT",
            "cat": category,
        });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature = self.signer.sign(signing_input.as_bytes()).to_bytes();
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// The claims of a JWT this instance signed with category `category`; `None` for anything
    /// else (another key, another category, a changed byte, not a JWT). Times are the caller's.
    pub(crate) fn verify(&self, token: &str, category: &str) -> Option<Value> {
        let (signing_input, signature) = token.rsplit_once('.')?;
        let (header, claims) = signing_input.split_once('.')?;
        let signature =
            Signature::try_from(URL_SAFE_NO_PAD.decode(signature).ok()?.as_slice()).ok()?;
        self.verifier
            .verify(signing_input.as_bytes(), &signature)
            .ok()?;
        let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).ok()?).ok()?;
        if header["alg"] != "RS256" || header["cat"] != category {
            return None;
        }
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).ok()?).ok()
    }
}
