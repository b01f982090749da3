//! `ClerkClient` against a fake Backend API on loopback: real HTTP, Clerk's answer shapes.
#![cfg(feature = "ssr")]

#[path = "support/loopback.rs"]
mod loopback;

use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use leptos_clerk::server::{ClerkClient, ClerkError};
use serde_json::json;

const SK: &str = "sk_test_backend_secret";

/// A user as the Backend API sends it, plus a verification strategy and fields this SDK has
/// never heard of.
fn user_json(id: &str) -> serde_json::Value {
    let text = USER_JSON.replace("USER_ID", id);
    serde_json::from_str(&text).expect("valid JSON")
}

const USER_JSON: &str = r#"{
    "id": "USER_ID", "object": "user", "external_id": null,
    "primary_email_address_id": "idn_2", "primary_phone_number_id": "idn_5",
    "primary_web3_wallet_id": null, "username": null,
    "first_name": "Ada", "last_name": "Lovelace", "locale": null,
    "image_url": "https://img.clerk.com/ada", "has_image": false,
    "public_metadata": {"plan": "pro"}, "private_metadata": {"stripe": "cus_123"},
    "unsafe_metadata": {},
    "email_addresses": [
        {"id": "idn_1", "object": "email_address", "email_address": "old@example.com",
         "reserved": false, "verification": null, "linked_to": [], "created_at": 1, "updated_at": 1},
        {"id": "idn_2", "object": "email_address", "email_address": "ada@example.com",
         "reserved": false,
         "verification": {"object": "verification_quantum", "status": "verified",
                          "strategy": "quantum_entanglement", "attempts": null, "expire_at": null},
         "linked_to": [{"type": "oauth_google", "id": "idn_9"}],
         "matches_sso_connection": false, "created_at": 1, "updated_at": 1}
    ],
    "phone_numbers": [
        {"id": "idn_5", "object": "phone_number", "phone_number": "+15555550100",
         "reserved_for_second_factor": false, "default_second_factor": false, "reserved": false,
         "verification": {"object": "verification_otp", "status": "verified",
                          "strategy": "phone_code", "attempts": 1, "expire_at": 1},
         "linked_to": [], "backup_codes": null, "created_at": 1, "updated_at": 1},
        {"id": "idn_6", "object": "phone_number", "phone_number": "+15555550199",
         "reserved_for_second_factor": true, "default_second_factor": true,
         "verification": null, "linked_to": [], "created_at": 1, "updated_at": 1}
    ],
    "web3_wallets": [], "passkeys": [],
    "password_enabled": true, "two_factor_enabled": false, "totp_enabled": false,
    "backup_code_enabled": false, "mfa_enabled_at": null, "mfa_disabled_at": null,
    "external_accounts": [
        {"object": "external_account", "id": "idn_9", "identification_id": "idn_9",
         "provider": "oauth_google", "provider_user_id": "10884", "approved_scopes": "email openid",
         "email_address": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace",
         "avatar_url": "https://lh3.example/ada", "image_url": "https://img.clerk.com/google-ada",
         "username": null, "phone_number": null, "public_metadata": {}, "label": null,
         "verification": {"object": "verification_oauth", "status": "verified",
                          "strategy": "oauth_google", "external_verification_redirect_url": null,
                          "attempts": null, "expire_at": 1},
         "created_at": 1, "updated_at": 1},
        {"object": "external_account", "id": "idn_10", "provider": "oauth_custom_acme",
         "provider_user_id": "u-7", "approved_scopes": "", "email_address": "",
         "first_name": null, "last_name": null, "image_url": "", "username": "ada7",
         "verification": {"status": "failed", "strategy": "oauth_custom_acme"}}
    ],
    "saml_accounts": [], "enterprise_accounts": [],
    "last_sign_in_at": 1700690400000, "banned": false, "locked": false,
    "lockout_expires_in_seconds": null, "verification_attempts_remaining": 100,
    "updated_at": 1700690400000, "created_at": 1700000000000,
    "delete_self_enabled": true, "create_organization_enabled": true,
    "last_active_at": 1700690400000, "legal_accepted_at": null,
    "some_field_from_2030": {"nested": [1, 2, 3]}
}"#;

async fn users(Path(id): Path<String>, headers: HeaderMap) -> axum::response::Response {
    let auth = headers.get("authorization").and_then(|v| v.to_str().ok());
    let version = headers
        .get("clerk-api-version")
        .and_then(|v| v.to_str().ok());
    if auth != Some(&format!("Bearer {SK}")) {
        let body = json!({"errors": [{"code": "clerk_key_invalid", "message": "Secret key invalid",
            "long_message": "The provided secret key is invalid."}], "clerk_trace_id": "trace_401"});
        return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    }
    if version != Some("2026-05-12") {
        return (StatusCode::BAD_REQUEST, "missing Clerk-API-Version").into_response();
    }
    if id == "user_1" {
        return Json(user_json(&id)).into_response();
    }
    let body = json!({"errors": [{"code": "resource_not_found", "message": "not found",
        "long_message": "Resource not found", "meta": {}}], "clerk_trace_id": "trace_404"});
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}

async fn fake_bapi() -> String {
    let app = Router::new().route("/v1/users/{id}", get(users));
    loopback::serve(app).await
}

#[tokio::test]
async fn gets_a_user_and_ignores_what_it_does_not_know() {
    let client = ClerkClient::new(fake_bapi().await, SK);
    let user = client.users().get_user("user_1").await.expect("the user");
    assert_eq!(user.id, "user_1");
    assert_eq!(user.first_name.as_deref(), Some("Ada"));
    assert_eq!(user.primary_email_address(), Some("ada@example.com"));
    assert_eq!(user.created_at, 1_700_000_000_000);
    assert_eq!(user.last_sign_in_at, Some(1_700_690_400_000));
    let verification = user.email_addresses[1]
        .verification
        .as_ref()
        .expect("verification");
    assert_eq!(verification.strategy, "quantum_entanglement");
    assert!(verification.is_verified());
    assert_eq!(user.private_metadata, Some(json!({"stripe": "cus_123"})));

    // Neither the snapshot nor the serialized user carries private_metadata.
    let snapshot = user.to_snapshot();
    assert_eq!(snapshot.public_metadata, json!({"plan": "pro"}));
    assert_eq!(snapshot.full_name().as_deref(), Some("Ada Lovelace"));
    assert_eq!(snapshot.unsafe_metadata, json!({}));
    assert!(snapshot.password_enabled && !snapshot.two_factor_enabled && !snapshot.has_image);
    assert_eq!(snapshot.created_at, Some(1_700_000_000_000));
    assert_eq!(snapshot.last_sign_in_at, Some(1_700_690_400_000));
    // Phone numbers and social accounts, as clerk-js's `user` has them: the provider without
    // its `oauth_`, and an empty text as none.
    assert_eq!(user.primary_phone_number(), Some("+15555550100"));
    assert!(user.phone_numbers[1].reserved_for_second_factor);
    assert_eq!(
        snapshot.primary_phone_number.as_deref(),
        Some("+15555550100")
    );
    let phones: Vec<_> = snapshot
        .phone_numbers
        .iter()
        .map(|p| (p.phone_number.as_str(), p.verified))
        .collect();
    assert_eq!(phones, [("+15555550100", true), ("+15555550199", false)]);
    assert_eq!(user.external_accounts[0].provider, "oauth_google");
    assert_eq!(user.external_accounts[0].approved_scopes, "email openid");
    let accounts: Vec<_> = snapshot
        .external_accounts
        .iter()
        .map(|a| {
            (
                a.id.as_str(),
                a.provider.as_str(),
                a.email_address.as_deref(),
                a.username.as_deref(),
                a.image_url.as_deref(),
                a.verified,
            )
        })
        .collect();
    assert_eq!(
        accounts,
        [
            (
                "idn_9",
                "google",
                Some("ada@example.com"),
                None,
                Some("https://img.clerk.com/google-ada"),
                true
            ),
            ("idn_10", "custom_acme", None, Some("ada7"), None, false),
        ]
    );
    // Clerk always sends `created_at`; a zero is none, not 1970.
    let unmade = leptos_clerk::server::User {
        created_at: 0,
        ..user.clone()
    };
    assert_eq!(unmade.to_snapshot().created_at, None);
    let serialized = serde_json::to_string(&user).expect("serializable");
    assert!(!serialized.contains("cus_123"), "{serialized}");
}

#[tokio::test]
async fn a_missing_user_is_an_api_error_with_its_code() {
    let client = ClerkClient::new(fake_bapi().await, SK);
    let error = client
        .users()
        .get_user("user_404")
        .await
        .expect_err("not found");
    assert!(error.is_not_found());
    assert_eq!(error.code(), Some("resource_not_found"));
    match &error {
        ClerkError::Api {
            status,
            errors,
            clerk_trace_id,
            ..
        } => {
            assert_eq!(*status, 404);
            assert_eq!(
                errors[0].long_message.as_deref(),
                Some("Resource not found")
            );
            assert_eq!(clerk_trace_id.as_deref(), Some("trace_404"));
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    let text = error.to_string();
    assert!(
        text.contains("404") && text.contains("resource_not_found"),
        "{text}"
    );
}

#[tokio::test]
async fn a_wrong_secret_key_is_a_401() {
    let client = ClerkClient::new(fake_bapi().await, "sk_test_wrong");
    let error = client
        .users()
        .get_user("user_1")
        .await
        .expect_err("unauthorized");
    assert_eq!(error.status(), Some(401));
    assert!(error.is_secret_key_invalid());
    assert!(!error.to_string().contains("sk_test_wrong"));
    assert!(!format!("{client:?}").contains("wrong"));
}

#[tokio::test]
async fn odd_ids_stay_one_path_segment() {
    let client = ClerkClient::new(fake_bapi().await, SK);
    let error = client
        .users()
        .get_user("../jwks")
        .await
        .expect_err("not a user");
    assert!(error.is_not_found(), "{error}");
    for bad in [" ", "..", "."] {
        assert!(
            matches!(
                client.users().get_user(bad).await,
                Err(ClerkError::InvalidArgument(_))
            ),
            "{bad:?}"
        );
    }
}

#[tokio::test]
async fn an_unreachable_api_is_a_transport_error() {
    let client = ClerkClient::new("http://127.0.0.1:9", SK);
    let error = client
        .users()
        .get_user("user_1")
        .await
        .expect_err("unreachable");
    assert!(matches!(error, ClerkError::Transport { .. }), "{error}");
}
