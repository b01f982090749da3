//! The Backend API: secret-key guard, users, JWKS.

use reqwest::StatusCode;

use crate::support::{verify_jwt, Server, EMAIL};

#[tokio::test]
async fn get_user_returns_clerks_user_shape_with_millisecond_timestamps() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let signed_in = browser.sign_in().await;
    let user_id = signed_in.body["client"]["sessions"][0]["user"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let key = server.instance.secret_key();
    assert!(key.starts_with("sk_live_"));

    let (status, user) = server
        .bapi(&format!("/v1/users/{user_id}"), Some(&key))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(user["object"], "user");
    assert_eq!(user["id"], user_id.as_str());
    assert_eq!(user["first_name"], "Ada");
    assert_eq!(user["last_name"], "Lovelace");
    assert_eq!(user["username"], serde_json::Value::Null);
    let primary = user["primary_email_address_id"].as_str().unwrap();
    let emails = user["email_addresses"].as_array().unwrap();
    let email = emails.iter().find(|e| e["id"] == primary).unwrap();
    assert_eq!(email["email_address"], EMAIL);
    assert_eq!(email["object"], "email_address");
    assert_eq!(email["verification"]["status"], "verified");
    assert_eq!(email["linked_to"], serde_json::json!([]));
    for list in [
        "phone_numbers",
        "web3_wallets",
        "passkeys",
        "external_accounts",
        "saml_accounts",
        "enterprise_accounts",
    ] {
        assert_eq!(user[list], serde_json::json!([]), "{list}");
    }
    for metadata in ["public_metadata", "private_metadata", "unsafe_metadata"] {
        assert_eq!(user[metadata], serde_json::json!({}), "{metadata}");
    }
    assert_eq!(user["password_enabled"], true);
    assert_eq!(user["banned"], false);
    // Milliseconds: 13 digits until the year 2286.
    for stamp in [
        "created_at",
        "updated_at",
        "last_sign_in_at",
        "last_active_at",
    ] {
        assert!(
            user[stamp].as_i64().unwrap() > 1_000_000_000_000,
            "{stamp}: {}",
            user[stamp]
        );
    }

    // The browser never sees private metadata.
    assert!(signed_in.body["client"]["sessions"][0]["user"]
        .get("private_metadata")
        .is_none());
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn wrong_or_missing_secret_key_is_clerk_key_invalid() {
    let server = Server::start().await;
    for key in [Some("sk_live_wrong"), None] {
        let (status, body) = server.bapi("/v1/jwks", key).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["errors"][0]["code"], "clerk_key_invalid");
        assert_eq!(
            body["errors"][0]["message"],
            "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct."
        );
        assert!(body["errors"][0]["long_message"].is_string());
        assert!(body["errors"][0]["meta"].is_object());
        assert!(body["clerk_trace_id"].is_string());
    }
}

#[tokio::test]
async fn unknown_user_is_resource_not_found_and_jwks_matches_fapi() {
    let server = Server::start().await;
    let key = server.instance.secret_key();
    let (status, body) = server.bapi("/v1/users/user_nobody", Some(&key)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["errors"][0]["code"], "resource_not_found");

    let (status, jwks) = server.bapi("/v1/jwks", Some(&key)).await;
    assert_eq!(status, StatusCode::OK);
    let mut browser = server.browser();
    assert_eq!(browser.get("/__clerk/v1/jwks").await.body, jwks);
    let jwk = &jwks["keys"][0];
    assert_eq!(jwk["use"], "sig");
    assert_eq!(jwk["e"], "AQAB");

    let signed_in = browser.sign_in().await;
    verify_jwt(
        signed_in.body["client"]["sessions"][0]["last_active_token"]["jwt"]
            .as_str()
            .unwrap(),
        &jwks,
    );
}
