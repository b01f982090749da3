//! Which tokens are M2M tokens, and JWT ones verified with local keys. Opaque tokens go to the
//! Backend API: `tests/m2m.rs` checks them against the local instance.

use std::time::{Duration, SystemTime};

use axum::response::IntoResponse;
use http::header::AUTHORIZATION;
use http::{HeaderMap, StatusCode};
use serde_json::{json, Value};

use super::*;
use crate::server::test_support::{claims, header, key, mint, now, other_key, public_pem, KID};
use crate::server::{ClerkConfig, PublishableKey};

/// `pk_live_` for `clerk.example.com`, and this test's keys as `CLERK_JWT_KEY`.
fn clerk() -> Clerk {
    let pk = PublishableKey::parse("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k").unwrap();
    let mut config = ClerkConfig::new(pk);
    config.jwt_key = Some(public_pem(key()));
    Clerk::new(config).unwrap()
}

fn bearer(token: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
    headers
}

fn m2m_header() -> Value {
    json!({"alg": "RS256", "cat": "cl_B7d4PD333AAA", "kid": KID, "typ": "JWT"})
}

/// What the local instance (and Clerk) signs: `jti`, `sub` the machine, `scopes`, a custom claim.
fn m2m_claims() -> Value {
    let now = now();
    json!({
        "iss": "https://clerk.example.com", "sub": "mch_worker", "jti": "mt_1",
        "iat": now, "nbf": now, "exp": now + 3600, "scopes": "mch_api mch_billing", "job": "nightly"
    })
}

async fn authenticate(token: &str) -> Result<M2mAuth, MachineAuthError> {
    clerk()
        .authenticate_m2m_at(&bearer(token), SystemTime::now())
        .await
}

#[tokio::test]
async fn a_jwt_token_verifies_with_the_instance_keys_and_gives_its_machine_scopes_and_claims() {
    let machine = authenticate(&mint(&m2m_header(), &m2m_claims(), key()))
        .await
        .unwrap();
    assert_eq!(machine.id, "mt_1");
    assert_eq!(machine.machine_id, "mch_worker");
    assert_eq!(machine.scopes, ["mch_api", "mch_billing"]);
    assert!(machine.has_scope("mch_api"));
    assert!(!machine.has_scope("mch_worker"));
    let claims = machine.claims.unwrap();
    assert_eq!(claims["job"], "nightly");
    assert_eq!(claims["scopes"], "mch_api mch_billing");
    assert!(!claims.contains_key("sub") && !claims.contains_key("exp"));

    // Without `scopes`, `aud` names them; without a `cat`, the token still passes.
    let mut claims = m2m_claims();
    claims.as_object_mut().unwrap().remove("scopes");
    claims["aud"] = json!(["mch_api"]);
    let mut no_cat = m2m_header();
    no_cat.as_object_mut().unwrap().remove("cat");
    let machine = authenticate(&mint(&no_cat, &claims, key())).await.unwrap();
    assert_eq!(machine.scopes, ["mch_api"]);
}

/// `azp` is a browser origin: a machine's token has none, and authorized parties (set in
/// production for session tokens) do not refuse it. See `verify_m2m_decoded`.
#[tokio::test]
async fn authorized_parties_do_not_apply_to_machine_tokens() {
    let mut clerk = clerk().config().clone();
    clerk.authorized_parties = vec!["https://app.example.com".to_owned()];
    let clerk = Clerk::new(clerk).unwrap();
    let token = mint(&m2m_header(), &m2m_claims(), key());
    let machine = clerk
        .authenticate_m2m_at(&bearer(&token), SystemTime::now())
        .await
        .unwrap();
    assert_eq!(machine.machine_id, "mch_worker");
}

#[tokio::test]
async fn a_jwt_token_that_fails_verification_says_why() {
    let reason = |result: Result<M2mAuth, MachineAuthError>| result.unwrap_err().reason();
    let signed_elsewhere = mint(&m2m_header(), &m2m_claims(), other_key());
    assert_eq!(
        reason(authenticate(&signed_elsewhere).await),
        "token-verification-failed"
    );
    let mut expired = m2m_claims();
    expired["exp"] = json!(now() - 60);
    let error = authenticate(&mint(&m2m_header(), &expired, key()))
        .await
        .unwrap_err();
    assert_eq!(error.reason(), "token-verification-failed");
    assert!(error.to_string().contains("expired"), "{error}");
    let mut session_category = m2m_header();
    session_category["cat"] = json!("cl_B7d4PD111AAA");
    assert_eq!(
        reason(authenticate(&mint(&session_category, &m2m_claims(), key())).await),
        "token-invalid"
    );
    let mut hs256 = m2m_header();
    hs256["alg"] = json!("HS256");
    assert_eq!(
        reason(authenticate(&mint(&hs256, &m2m_claims(), key())).await),
        "token-verification-failed"
    );
    // Within the clock skew (5 s), an expired token still passes, as Clerk's does.
    let machine = clerk()
        .authenticate_m2m_at(
            &bearer(&mint(&m2m_header(), &m2m_claims(), key())),
            SystemTime::now() + Duration::from_secs(3600 + 3),
        )
        .await;
    assert!(machine.is_ok(), "{machine:?}");
}

#[tokio::test]
async fn only_m2m_tokens_are_taken() {
    let session_token = mint(&header(), &claims(), key());
    for token in [
        session_token.as_str(),
        "ak_an_api_key",
        "oat_an_oauth_token",
        "not-a-token",
    ] {
        assert_eq!(
            authenticate(token).await.unwrap_err(),
            MachineAuthError::TokenTypeMismatch,
            "{token}"
        );
    }
    let oauth_jwt = mint(
        &json!({"alg": "RS256", "kid": KID, "typ": "at+jwt"}),
        &claims(),
        key(),
    );
    assert_eq!(
        authenticate(&oauth_jwt).await.unwrap_err(),
        MachineAuthError::TokenTypeMismatch
    );
    let no_header = clerk()
        .authenticate_m2m_at(&HeaderMap::new(), SystemTime::now())
        .await;
    assert_eq!(no_header.unwrap_err().reason(), "No token in header");
}

#[tokio::test]
async fn the_rejection_is_json_with_the_reason_and_never_names_the_servers_setup() {
    let read = |rejection: MachineRejection| async move {
        let response = rejection.into_response();
        let status = response.status();
        let www = response.headers().get("www-authenticate").cloned();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        (status, www, serde_json::from_slice::<Value>(&body).unwrap())
    };
    let rejected = |error| MachineRejection::Unauthenticated {
        token_type: "m2m_token",
        error,
    };
    let (status, www, body) = read(rejected(MachineAuthError::TokenTypeMismatch)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(www.unwrap(), "Bearer");
    assert_eq!(body["reason"], "token-type-mismatch");
    assert_eq!(body["token_type"], "m2m_token");

    let (status, _, body) = read(rejected(MachineAuthError::SecretKeyInvalid)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!body["message"]
        .as_str()
        .unwrap()
        .contains("CLERK_SECRET_KEY"));

    let (status, _, body) = read(rejected(MachineAuthError::Unexpected(
        "could not reach the Clerk Backend API at http://10.0.0.1".into(),
    )))
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(!body["message"].as_str().unwrap().contains("10.0.0.1"));
}

#[tokio::test]
async fn malformed_opaque_tokens_are_refused_without_a_backend_call() {
    // This instance has no secret key: a token that reached the Backend API would fail as this
    // server's setup (500), not as the caller's token (401).
    let long = format!("mt_{}", "a".repeat(600));
    for token in ["mt_a.b.c", "mt_bad!token", long.as_str()] {
        let error = authenticate(token).await.unwrap_err();
        assert_eq!(error.reason(), "token-invalid", "{token}");
        assert_eq!(error.status(), StatusCode::UNAUTHORIZED);
    }
    let error = authenticate("mt_wellformed123").await.unwrap_err();
    assert!(matches!(error, MachineAuthError::Setup(_)), "{error:?}");
    assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let api_key = clerk()
        .authenticate_api_key(&bearer("ak_a.b.c"))
        .await
        .unwrap_err();
    assert_eq!(api_key.reason(), "token-invalid");
}

#[test]
fn a_rejection_tells_a_server_function_caller_no_more_than_the_http_answer() {
    // `leptos_axum::extract` sends the rejection's Debug to the caller of `get_m2m_auth()`.
    let rejection = MachineRejection::Unauthenticated {
        token_type: "m2m_token",
        error: MachineAuthError::Unexpected(
            "could not reach the Clerk Backend API at http://10.0.0.1: check CLERK_API_URL".into(),
        ),
    };
    let shown = format!("{rejection:?}");
    assert!(
        !shown.contains("10.0.0.1") && !shown.contains("CLERK_"),
        "{shown}"
    );
    assert!(shown.contains("unexpected-error"), "{shown}");
}
