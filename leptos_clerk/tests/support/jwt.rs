//! Signing test session tokens: the one signer of the SDK's unit tests (`test_support.rs`), its
//! integration tests, the conformance suite, the bench and the app's bundle test. Each includes
//! this file with `#[path = ".../support/jwt.rs"] mod jwt;` and uses what it needs.
#![allow(dead_code)]

use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rsa::pkcs1v15::SigningKey;
use rsa::sha2::{Sha256, Sha384, Sha512};
use rsa::signature::{SignatureEncoding as _, Signer as _};
use rsa::RsaPrivateKey;
use serde_json::{json, Value};

/// One key per test binary (generating one dominates test time): 2048 bits, the smallest size
/// verification accepts.
pub fn key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("RSA key"))
}

/// Unix seconds.
pub fn now() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    i64::try_from(secs).unwrap_or(0)
}

/// A session token's header, with Clerk's session category.
pub fn session_header(kid: &str) -> Value {
    json!({"alg": "RS256", "cat": "cl_B7d4PD111AAA", "kid": kid, "typ": "JWT"})
}

/// The claims of a fresh session token for `user_1` / `sess_1`, valid for 60 seconds.
pub fn session_claims() -> Value {
    let now = now();
    json!({
        "sub": "user_1", "sid": "sess_1", "iat": now, "nbf": now - 10, "exp": now + 60, "v": 2,
        "iss": "https://clerk.example.com"
    })
}

/// `header.claims.signature` with `key`: RS384 or RS512 when the header's `alg` says so, RS256
/// for anything else (so that a header naming another algorithm still carries a real signature).
pub fn sign(key: &RsaPrivateKey, header: &Value, claims: &Value) -> String {
    let signed = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let message = signed.as_bytes();
    let signature = match header["alg"].as_str() {
        Some("RS384") => SigningKey::<Sha384>::new(key.clone())
            .sign(message)
            .to_vec(),
        Some("RS512") => SigningKey::<Sha512>::new(key.clone())
            .sign(message)
            .to_vec(),
        _ => SigningKey::<Sha256>::new(key.clone())
            .sign(message)
            .to_vec(),
    };
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature))
}
