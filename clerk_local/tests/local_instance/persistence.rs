//! A restart (say, `cargo leptos watch` rebuilding the server) signs nobody out.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::Server;

#[tokio::test]
async fn reopening_keeps_keys_users_and_sessions() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let sid = browser.sign_in().await.body["response"]["created_session_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let publishable_key = server.instance.publishable_key();
    let secret_key = server.instance.secret_key();
    let jwks = browser.get("/__clerk/v1/jwks").await.body;
    let cookies = browser.cookies.clone();
    let (data, bundles) = server.stop();

    let server = Server::start_with(data, bundles).await;
    assert_eq!(server.instance.publishable_key(), publishable_key);
    assert_eq!(server.instance.secret_key(), secret_key);
    let mut browser = server.browser();
    browser.cookies = cookies;
    assert_eq!(browser.get("/__clerk/v1/jwks").await.body, jwks);
    let token = browser
        .post(&format!("/__clerk/v1/client/sessions/{sid}/tokens"), &[])
        .await;
    assert_eq!(token.status, StatusCode::OK, "{}", token.body);
    let client = browser.get("/__clerk/v1/client").await;
    assert_eq!(client.body["response"]["sessions"][0]["id"], sid.as_str());
}

#[tokio::test]
async fn keys_have_the_documented_shapes() {
    let server = Server::start().await;
    let pk = server.instance.publishable_key();
    let encoded = pk.strip_prefix("pk_live_").unwrap();
    assert!(!encoded.ends_with('='));
    use base64::Engine;
    let decoded = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(encoded)
        .unwrap();
    assert_eq!(
        String::from_utf8(decoded).unwrap(),
        format!("{}$", server.instance.frontend_api_host())
    );
    assert_eq!(
        server.instance.proxy_url(),
        format!("{}/__clerk", server.base)
    );
    assert_eq!(
        server.instance.api_url(),
        format!("{}/__clerk_local/api", server.base)
    );
    // The secret key never shows in Debug output.
    let debug = format!("{:?}", server.instance);
    assert!(!debug.contains(&server.instance.secret_key()), "{debug}");
}

#[tokio::test]
async fn reopening_keeps_organizations_memberships_metadata_and_the_webhook_secret() {
    let server = Server::start().await;
    let (_, user) = server
        .api(
            Method::POST,
            "/v1/users",
            Some(json!({
                "email_address": ["grace@example.com", "grace@navy.example"],
                "public_metadata": { "rank": "admiral" },
            })),
        )
        .await;
    let user_id = user["id"].as_str().unwrap().to_owned();
    let (_, org) = server
        .api(
            Method::POST,
            "/v1/organizations",
            Some(json!({ "name": "Navy", "created_by": user_id })),
        )
        .await;
    let secret = server.instance.webhook_secret();
    let (data, bundles) = server.stop();

    let server = Server::start_with(data, bundles).await;
    assert_eq!(server.instance.webhook_secret(), secret);
    let (_, user) = server
        .api(Method::GET, &format!("/v1/users/{user_id}"), None)
        .await;
    assert_eq!(user["public_metadata"], json!({ "rank": "admiral" }));
    assert_eq!(user["email_addresses"].as_array().unwrap().len(), 2);
    let (_, members) = server
        .api(
            Method::GET,
            &format!(
                "/v1/organizations/{}/memberships",
                org["id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(
        members["data"][0]["public_user_data"]["user_id"],
        user_id.as_str()
    );
}
