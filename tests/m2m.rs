//! Machine-to-machine calls over real HTTP: a worker machine asks the local instance for an M2M
//! token with the SDK's Backend API client and its own secret key, then calls `/api/stats`,
//! which takes such tokens and nothing else.

mod support;

use leptos_clerk::server::{
    Clerk, ClerkClient, ClerkConfig, M2mTokenFormat, M2mTokenParams, PublishableKey, SecretKey,
};
use reqwest::header::{HeaderMap, AUTHORIZATION};
use reqwest::Method;
use serde_json::{json, Value};
use support::{exchange, Server};

/// A machine allowed to call the `scoped` ones: its id and secret key.
async fn machine(server: &Server, name: &str, scoped: &[&str]) -> (String, String) {
    let machine = server
        .backend(
            Method::POST,
            "/machines",
            json!({ "name": name, "scoped_machines": scoped }),
        )
        .await;
    let field = |name: &str| machine[name].as_str().unwrap().to_owned();
    (field("id"), field("secret_key"))
}

/// A worker machine allowed to call an API machine; the worker's id and secret key.
async fn worker(server: &Server) -> (String, String) {
    let (api_id, _) = machine(server, "starter-api", &[]).await;
    machine(server, "nightly-report", &[&api_id]).await
}

/// An opaque token, asked for with a machine's secret key.
async fn token_of(server: &Server, machine_key: String) -> String {
    ClerkClient::new(server.url("/__clerk_local/api"), machine_key)
        .m2m_tokens()
        .create_token(&M2mTokenParams::default())
        .await
        .unwrap()
        .token
        .unwrap()
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
    let token = token_of(&server, worker_key).await;
    let (status, body) = exchange(server.request(Method::GET, "/api/me").bearer_auth(&token)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("signed_out")),
        "{body}"
    );
}

#[tokio::test]
async fn with_its_own_machine_secret_key_a_server_takes_only_the_tokens_meant_for_it() {
    let server = Server::start();
    let (api_id, api_key) = machine(&server, "starter-api", &[]).await;
    let (worker_id, worker_key) = machine(&server, "worker", &[&api_id]).await;
    let for_the_api = token_of(&server, worker_key).await;
    let (_, stranger_key) = machine(&server, "stranger", &[]).await;
    let for_nobody = token_of(&server, stranger_key).await;
    let clerk = |machine_secret_key: Option<&str>| {
        let pk = PublishableKey::parse(&server.publishable_key()).unwrap();
        let mut config = ClerkConfig::new(pk);
        config.secret_key = Some(SecretKey::new(server.secret_key()));
        config.api_url = server.url("/__clerk_local/api");
        config.machine_secret_key = machine_secret_key.map(SecretKey::new);
        Clerk::new(config).unwrap()
    };
    let bearer = |token: &str| {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
        headers
    };

    let as_the_api = clerk(Some(&api_key));
    let machine = as_the_api
        .authenticate_m2m(&bearer(&for_the_api))
        .await
        .unwrap();
    assert_eq!(machine.machine_id, worker_id);
    let refused = as_the_api
        .authenticate_m2m(&bearer(&for_nobody))
        .await
        .unwrap_err();
    assert_eq!(refused.reason(), "token-invalid");
    // With the instance's key alone, any token of the instance passes.
    let as_the_instance = clerk(None);
    assert!(as_the_instance
        .authenticate_m2m(&bearer(&for_nobody))
        .await
        .is_ok());
}
