//! Machine-to-machine calls over real HTTP: a worker machine asks the local instance for an M2M
//! token with the SDK's Backend API client and its own secret key, then calls `/api/stats`,
//! which takes such tokens and nothing else.

mod support;

use leptos_clerk::server::{ClerkClient, M2mTokenFormat, M2mTokenParams};
use reqwest::Method;
use serde_json::{json, Value};
use support::{exchange, Server};

/// A worker machine allowed to call an API machine; the worker's id and secret key.
async fn worker(server: &Server) -> (String, String) {
    let api = server
        .backend(Method::POST, "/machines", json!({ "name": "starter-api" }))
        .await;
    let worker = server
        .backend(
            Method::POST,
            "/machines",
            json!({ "name": "nightly-report", "scoped_machines": [api["id"]] }),
        )
        .await;
    let field = |name: &str| worker[name].as_str().unwrap().to_owned();
    (field("id"), field("secret_key"))
}

async fn stats(server: &Server, token: &str) -> (u16, Value) {
    exchange(server.request(Method::GET, "/api/stats").bearer_auth(token)).await
}

#[tokio::test]
async fn a_machine_with_an_m2m_token_reads_the_stats_until_its_token_is_revoked() {
    let server = Server::start();
    let (worker_id, worker_key) = worker(&server).await;
    let as_worker = ClerkClient::new(server.url("/__clerk_local/api"), worker_key);
    let mut claims = serde_json::Map::new();
    claims.insert("job".into(), json!("nightly"));
    let issued = as_worker
        .m2m_tokens()
        .create_token(
            &M2mTokenParams::default()
                .expiring_in(300)
                .with_claims(claims),
        )
        .await
        .unwrap();
    let token = issued.token.clone().unwrap();
    assert!(token.starts_with("mt_"), "{token}");
    assert_eq!(issued.subject, worker_id);

    let (_, ada) = server.sign_in_new_user("Ada").await;
    server
        .request(Method::POST, "/api/notes")
        .bearer_auth(&ada)
        .json(&json!({ "title": "t", "body": "b" }))
        .send()
        .await
        .unwrap();
    let response = server
        .request(Method::GET, "/api/stats")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    let (status, body) = support::json_of(response).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["machine_id"], worker_id.as_str());
    assert!(body["notes"].as_i64().unwrap() >= 1, "{body}");

    // The instance's key verifies it too (what the server does), and revokes it.
    let as_instance = ClerkClient::new(server.url("/__clerk_local/api"), server.secret_key());
    let verified = as_instance.m2m_tokens().verify(&token).await.unwrap();
    assert_eq!(verified.claims.unwrap()["job"], "nightly");
    as_instance
        .m2m_tokens()
        .revoke_token(&issued.id, Some("rotated"))
        .await
        .unwrap();
    let (status, body) = stats(&server, &token).await;
    assert_eq!(
        (status, body["reason"].as_str()),
        (401, Some("token-invalid")),
        "{body}"
    );
}

#[tokio::test]
async fn a_jwt_m2m_token_verifies_by_its_signature() {
    let server = Server::start();
    let (worker_id, worker_key) = worker(&server).await;
    let issued = ClerkClient::new(server.url("/__clerk_local/api"), worker_key)
        .m2m_tokens()
        .create_token(&M2mTokenParams::default().format(M2mTokenFormat::Jwt))
        .await
        .unwrap();
    let token = issued.token.unwrap();
    assert_eq!(token.split('.').count(), 3, "{token}");
    let (status, body) = stats(&server, &token).await;
    assert_eq!(
        (status, body["machine_id"].as_str()),
        (200, Some(worker_id.as_str())),
        "{body}"
    );
}

#[tokio::test]
async fn the_stats_take_m2m_tokens_and_nothing_else() {
    let server = Server::start();
    let (_, session_token) = server.sign_in_new_user("Ada").await;
    let cases = [
        (Some(session_token.as_str()), "token-type-mismatch"),
        (Some("ak_an_api_key"), "token-type-mismatch"),
        (Some("mt_not_issued_by_this_instance"), "token-invalid"),
        (None, "No token in header"),
    ];
    for (token, reason) in cases {
        let mut request = server.request(Method::GET, "/api/stats");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        let (status, body) = support::json_of(response).await;
        assert_eq!(
            (status, body["reason"].as_str()),
            (401, Some(reason)),
            "{token:?}: {body}"
        );
        assert_eq!(body["token_type"], "m2m_token");
    }

    // And an M2M token is not a user: the user's routes stay signed out.
    let (_, worker_key) = worker(&server).await;
    let token = ClerkClient::new(server.url("/__clerk_local/api"), worker_key)
        .m2m_tokens()
        .create_token(&M2mTokenParams::default())
        .await
        .unwrap()
        .token
        .unwrap();
    let (status, body) = exchange(server.request(Method::GET, "/api/me").bearer_auth(&token)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("signed_out")),
        "{body}"
    );
}
