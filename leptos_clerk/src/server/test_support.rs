//! Keys and tokens for unit tests: generated RSA keys (once per test run) and a token minter;
//! and the URL pieces property tests build hostile addresses from.

use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rsa::pkcs8::{EncodePublicKey as _, LineEnding};
use rsa::sha2::{Digest as _, Sha256};
use rsa::traits::PublicKeyParts as _;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};

#[path = "../../tests/support/jwt.rs"]
mod jwt;

pub(crate) const KID: &str = "ins_test";

/// 2048 bits, the smallest size verification accepts (and the size Clerk uses).
fn generate() -> RsaPrivateKey {
    RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("RSA key generation")
}

/// The instance's signing key.
pub(crate) fn key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(generate)
}

/// Some other key (another instance, an attacker).
pub(crate) fn other_key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(generate)
}

/// A JWKS document with `key`'s public half under `kid`.
pub(crate) fn jwks_json(key: &RsaPrivateKey, kid: &str) -> String {
    let public = key.to_public_key();
    json!({"keys": [{
        "kid": kid, "kty": "RSA", "alg": "RS256", "use": "sig",
        "n": URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
        "e": URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()),
    }]})
    .to_string()
}

/// `key`'s public half as SPKI PEM.
pub(crate) fn public_pem(key: &RsaPrivateKey) -> String {
    key.to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .expect("PEM encoding")
}

/// Now, in unix seconds.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

/// The header of a real Clerk session token.
pub(crate) fn header() -> Value {
    json!({"alg": "RS256", "cat": "cl_B7d4PD111AAA", "kid": KID, "typ": "JWT"})
}

/// Valid claims for `user_1`, issued now.
pub(crate) fn claims() -> Value {
    let now = now();
    json!({
        "sub": "user_1", "sid": "sess_1", "azp": "http://localhost:3000",
        "iss": "https://clerk.example.com", "iat": now, "nbf": now - 10, "exp": now + 60, "v": 2
    })
}

/// Signs `header.claims` (RS256 unless the header names RS384 or RS512).
pub(crate) fn mint(header: &Value, claims: &Value, key: &RsaPrivateKey) -> String {
    jwt::sign(key, header, claims)
}

/// HMAC-SHA256, for forging an `HS256` token keyed with the public key (the classic attack).
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .to_vec()
}

/// Pieces of URLs that fool naive handling: slashes both ways, userinfo, schemes, encoded
/// slashes, whitespace and control characters, look-alike dots. The property tests build paths
/// and return addresses from them.
pub(crate) const URL_TRICKS: &[&str] = &[
    "/",
    "\\",
    "//",
    "@",
    "evil.example",
    "localhost:3000",
    ":",
    "https:",
    "javascript:",
    "%2F",
    "%5C",
    "%40",
    "%09",
    "\t",
    "\n",
    "\r",
    " ",
    "\u{0}",
    "\u{a0}",
    "\u{3002}",
    "?",
    "#",
    "&",
    "=",
    "..",
    ".",
    "a",
];
