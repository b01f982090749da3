use std::time::{Duration, SystemTime};

use serde_json::{json, Value};

use super::*;
use crate::server::test_support::{
    claims, header, hmac_sha256, jwks_json, key, mint, now, other_key, public_pem, KID,
};

fn keys() -> Jwks {
    Jwks::from_json(&jwks_json(key(), KID)).expect("valid JWKS")
}

fn verify(token: &str) -> Result<SessionClaims, TokenVerificationError> {
    verify_token(token, &keys(), &VerifyOptions::default(), SystemTime::now())
}

fn reason(token: &str) -> Reason {
    verify(token)
        .expect_err("the token must be rejected")
        .reason
}

fn with(mut value: Value, key: &str, v: Value) -> Value {
    value[key] = v;
    value
}

fn without(mut value: Value, key: &str) -> Value {
    if let Some(map) = value.as_object_mut() {
        map.remove(key);
    }
    value
}

#[test]
fn accepts_a_valid_token() {
    let claims = verify(&mint(&header(), &claims(), key())).expect("valid token");
    assert_eq!(claims.sub, "user_1");
    assert_eq!(claims.sid.as_deref(), Some("sess_1"));
    assert_eq!(claims.raw()["azp"], json!("http://localhost:3000"));
}

#[test]
fn accepts_a_pem_key_for_any_kid() {
    let pem_keys = Jwks::from_pem(&public_pem(key())).expect("valid PEM");
    let token = mint(
        &with(header(), "kid", json!("ins_whatever")),
        &claims(),
        key(),
    );
    verify_token(
        &token,
        &pem_keys,
        &VerifyOptions::default(),
        SystemTime::now(),
    )
    .expect("a PEM key matches any kid");
    // `.env` files often hold the PEM on one line with literal `\n`.
    let escaped = public_pem(key()).replace('\n', "\\n");
    assert!(Jwks::from_pem(&escaped).is_ok());
    let pkcs1 = {
        use rsa::pkcs1::{EncodeRsaPublicKey as _, LineEnding};
        key()
            .to_public_key()
            .to_pkcs1_pem(LineEnding::LF)
            .expect("PEM")
    };
    assert!(Jwks::from_pem(&pkcs1).is_ok());
    assert_eq!(
        Jwks::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")
            .expect_err("not a public key")
            .reason,
        Reason::JwkLocalMissing
    );
}

#[test]
fn a_key_under_2048_bits_never_verifies() {
    // Clerk's instance keys are 2048 bits; a 1024-bit key is factorable by a determined
    // attacker, so its tokens are refused (Clerk's WebCrypto would accept them).
    let small = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 1024).expect("RSA key");
    let small_keys = Jwks::from_json(&jwks_json(&small, KID)).expect("valid JWKS");
    let error = verify_token(
        &mint(&header(), &claims(), &small),
        &small_keys,
        &VerifyOptions::default(),
        SystemTime::now(),
    )
    .expect_err("a 1024-bit key is refused");
    assert_eq!(error.reason, Reason::TokenInvalidSignature);
}

#[test]
fn rejects_expired_and_future_tokens() {
    let now = now();
    assert_eq!(
        reason(&mint(
            &header(),
            &with(claims(), "exp", json!(now - 60)),
            key()
        )),
        Reason::TokenExpired
    );
    assert_eq!(
        reason(&mint(
            &header(),
            &with(claims(), "nbf", json!(now + 60)),
            key()
        )),
        Reason::TokenNotActiveYet
    );
    assert_eq!(
        reason(&mint(
            &header(),
            &with(claims(), "iat", json!(now + 60)),
            key()
        )),
        Reason::TokenIatInTheFuture
    );
}

#[test]
fn allows_five_seconds_of_clock_skew() {
    let at = SystemTime::now();
    let t = now_of(at);
    let check = |claims: Value| {
        verify_token(
            &mint(&header(), &claims, key()),
            &keys(),
            &VerifyOptions::default(),
            at,
        )
        .map(|_| ())
        .map_err(|e| e.reason)
    };
    let base = claims();
    assert_eq!(check(with(base.clone(), "exp", json!(t - 4))), Ok(()));
    assert_eq!(
        check(with(base.clone(), "exp", json!(t - 6))),
        Err(Reason::TokenExpired)
    );
    assert_eq!(check(with(base.clone(), "nbf", json!(t + 4))), Ok(()));
    assert_eq!(
        check(with(base.clone(), "nbf", json!(t + 6))),
        Err(Reason::TokenNotActiveYet)
    );
    assert_eq!(check(with(base.clone(), "iat", json!(t + 4))), Ok(()));
    assert_eq!(
        check(with(base.clone(), "iat", json!(t + 6))),
        Err(Reason::TokenIatInTheFuture)
    );

    let strict = VerifyOptions {
        clock_skew: Duration::ZERO,
        ..VerifyOptions::default()
    };
    let token = mint(&header(), &with(base, "exp", json!(t - 1)), key());
    assert_eq!(
        verify_token(&token, &keys(), &strict, at)
            .map_err(|e| e.reason)
            .err(),
        Some(Reason::TokenExpired)
    );
}

fn now_of(t: SystemTime) -> i64 {
    t.duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

#[test]
fn rejects_a_token_signed_with_another_key() {
    assert_eq!(
        reason(&mint(&header(), &claims(), other_key())),
        Reason::TokenInvalidSignature
    );
}

#[test]
fn rejects_a_tampered_payload() {
    let token = mint(&header(), &claims(), key());
    let parts: Vec<&str> = token.split('.').collect();
    let forged = b64url(
        with(claims(), "sub", json!("user_admin"))
            .to_string()
            .as_bytes(),
    );
    let tampered = format!("{}.{}.{}", parts[0], forged, parts[2]);
    assert_eq!(reason(&tampered), Reason::TokenInvalidSignature);
}

#[test]
fn rejects_other_algorithms() {
    let body = b64url(claims().to_string().as_bytes());
    let none = format!(
        "{}.{body}.",
        b64url(br#"{"alg":"none","typ":"JWT","kid":"ins_test"}"#)
    );
    assert_eq!(reason(&none), Reason::TokenInvalidAlgorithm);

    let hs_header = b64url(br#"{"alg":"HS256","typ":"JWT","kid":"ins_test"}"#);
    let signed = format!("{hs_header}.{body}");
    let mac = hmac_sha256(public_pem(key()).as_bytes(), signed.as_bytes());
    assert_eq!(
        reason(&format!("{signed}.{}", b64url(&mac))),
        Reason::TokenInvalidAlgorithm
    );

    for alg in ["ES256", "PS256", "EdDSA", "rs256"] {
        let token = mint(&with(header(), "alg", json!(alg)), &claims(), key());
        assert_eq!(reason(&token), Reason::TokenInvalidAlgorithm, "{alg}");
    }
    assert_eq!(
        reason(&mint(&without(header(), "alg"), &claims(), key())),
        Reason::TokenInvalidAlgorithm
    );
}

#[test]
fn rejects_unknown_kids_and_other_token_types() {
    let unknown = mint(&with(header(), "kid", json!("ins_other")), &claims(), key());
    assert_eq!(reason(&unknown), Reason::JwkKidMismatch);
    assert_eq!(
        reason(&mint(&without(header(), "kid"), &claims(), key())),
        Reason::JwkKidMismatch
    );
    assert_eq!(
        reason(&mint(
            &with(header(), "typ", json!("at+jwt")),
            &claims(),
            key()
        )),
        Reason::TokenInvalid
    );
    let template = with(header(), "cat", json!("cl_B7d4PD222AAA"));
    assert_eq!(
        reason(&mint(&template, &claims(), key())),
        Reason::TokenTypeMismatch
    );
    // No `typ` and no `cat` is fine.
    verify(&mint(
        &without(without(header(), "typ"), "cat"),
        &claims(),
        key(),
    ))
    .expect("valid");
}

#[test]
fn rejects_malformed_tokens() {
    let valid = mint(&header(), &claims(), key());
    let mut parts = valid.split('.');
    let (h, p, s) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let not_json = b64url(b"not json");
    let array = b64url(b"[1,2]");
    for token in [
        String::new(),
        h.to_owned(),
        format!("{h}.{p}"),
        format!("{h}.{p}.{s}.{s}"),
        format!("{h}.{p}!.{s}"),
        format!("{h}.{p}.{s}*"),
        format!("{not_json}.{p}.{s}"),
        format!("{h}.{not_json}.{s}"),
        format!("{h}.{array}.{s}"),
    ] {
        assert_eq!(reason(&token), Reason::TokenInvalid, "{token:?}");
    }
}

#[test]
/// As `@clerk/backend`: missing or mistyped claims are `token-verification-failed`.
fn requires_sub_and_exp() {
    assert_eq!(
        reason(&mint(&header(), &without(claims(), "sub"), key())),
        Reason::TokenVerificationFailed
    );
    assert_eq!(
        reason(&mint(&header(), &with(claims(), "sub", json!(42)), key())),
        Reason::TokenVerificationFailed
    );
    assert_eq!(
        reason(&mint(&header(), &without(claims(), "exp"), key())),
        Reason::TokenVerificationFailed
    );
    assert_eq!(
        reason(&mint(
            &header(),
            &with(claims(), "exp", json!("soon")),
            key()
        )),
        Reason::TokenVerificationFailed
    );
}

#[test]
fn checks_authorized_parties_when_configured() {
    let opts = VerifyOptions {
        authorized_parties: vec!["https://app.example".into()],
        ..VerifyOptions::default()
    };
    let run = |claims: Value| {
        verify_token(
            &mint(&header(), &claims, key()),
            &keys(),
            &opts,
            SystemTime::now(),
        )
        .map(|_| ())
        .map_err(|e| e.reason)
    };
    assert_eq!(
        run(with(claims(), "azp", json!("https://app.example"))),
        Ok(())
    );
    assert_eq!(run(claims()), Err(Reason::TokenInvalidAuthorizedParties));
    assert_eq!(
        run(without(claims(), "azp")),
        Err(Reason::TokenInvalidAuthorizedParties)
    );
}

#[test]
fn reason_strings_are_clerks() {
    assert_eq!(Reason::TokenExpired.to_string(), "token-expired");
    assert_eq!(Reason::JwkKidMismatch.to_string(), "jwk-kid-mismatch");
    assert_eq!(
        Reason::TokenInvalidAuthorizedParties.to_string(),
        "token-invalid-authorized-parties"
    );
}

#[test]
fn never_panics_on_garbage() {
    let valid = mint(&header(), &claims(), key());
    let mut inputs: Vec<String> = vec![
        ".".into(),
        "..".into(),
        "...".into(),
        "a.b.c".into(),
        "\u{0}.\u{0}.\u{0}".into(),
        "ééé.ééé.ééé".into(),
        "=.=.=".into(),
        format!("{}.{}.", b64url(b"{}"), b64url(b"{}")),
        format!(
            "{}.{}.{}",
            b64url(br#"{"alg":"RS256","kid":"ins_test"}"#),
            b64url(b"{}"),
            b64url(&[0; 2000])
        ),
        format!(
            "{}.{}.AAAA",
            b64url(br#"{"alg":"RS256","kid":"ins_test"}"#),
            b64url(br#"{"sub":"u","exp":1e400}"#)
        ),
        format!(
            "{}.{}.AAAA",
            b64url(br#"{"alg":["RS256"],"kid":7}"#),
            b64url(b"null")
        ),
    ];
    // Every prefix, and every single-byte change of a valid token.
    for end in 0..valid.len() {
        inputs.push(valid[..end].to_owned());
    }
    let bytes = valid.as_bytes();
    for i in (0..bytes.len()).step_by(7) {
        for replacement in [b'A', b'.', b'-', b'_', b'/', b'+', b'='] {
            let mut changed = bytes.to_vec();
            changed[i] = replacement;
            inputs.push(String::from_utf8_lossy(&changed).into_owned());
        }
    }
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..500 {
        let len = usize::try_from(seed % 300).unwrap_or(0);
        let garbage: String = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                char::from(b"ABCxyz019-_.+/= {}\":,"[usize::try_from(seed % 21).unwrap_or(0)])
            })
            .collect();
        inputs.push(garbage);
    }
    for input in &inputs {
        let _ = verify(input);
    }
}
