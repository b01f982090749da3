//! API keys over real HTTP: a user's key (made through the SDK's Backend API client against the
//! local instance) acts for that user on the JSON API, until it is revoked; an organization's
//! key is refused, and so is an unknown one.

mod support;

use leptos_clerk::server::{ApiKeyParams, ClerkClient, OrganizationParams};
use reqwest::Method;
use serde_json::json;
use support::{exchange, Server};

#[tokio::test]
async fn a_users_api_key_acts_for_them_on_the_json_api_until_it_is_revoked() {
    let server = Server::start();
    let clerk = ClerkClient::new(server.url("/__clerk_local/api"), server.secret_key());
    let (ada_id, ada_session) = server.sign_in_new_user("Ada").await;
    let key = clerk
        .api_keys()
        .create_api_key(&ApiKeyParams::new("backup script", &ada_id))
        .await
        .unwrap();
    let secret = key.secret.clone().unwrap();
    assert!(secret.starts_with("ak_"), "{key:?}");
    assert!(
        !format!("{key:?}").contains(&secret),
        "the secret never reaches a log line"
    );
    let with_key = |method: Method, path: &str| server.request(method, path).bearer_auth(&secret);

    let (status, note) = exchange(
        with_key(Method::POST, "/api/notes").json(&json!({ "title": "From a script", "body": "" })),
    )
    .await;
    assert_eq!(status, 201, "{note}");
    assert_eq!(note["author_id"], ada_id.as_str());
    let (status, me) = exchange(with_key(Method::GET, "/api/me")).await;
    assert_eq!(
        (status, me["user_id"].as_str()),
        (200, Some(ada_id.as_str())),
        "{me}"
    );
    assert_eq!(
        me["session_id"],
        serde_json::Value::Null,
        "a key is not a session"
    );
    // The same note, seen through Ada's browser session.
    let (status, notes) = exchange(
        server
            .request(Method::GET, "/api/notes")
            .bearer_auth(&ada_session),
    )
    .await;
    assert_eq!(
        (status, notes[0]["id"].clone()),
        (200, note["id"].clone()),
        "{notes}"
    );

    // A key given scopes does what they say: notes:read reads, and changes nothing.
    let mut read_only = ApiKeyParams::new("dashboard widget", &ada_id);
    read_only.scopes = vec!["notes:read".into()];
    let reader = clerk.api_keys().create_api_key(&read_only).await.unwrap();
    let as_reader = |method: Method, path: &str| {
        server
            .request(method, path)
            .bearer_auth(reader.secret.clone().unwrap())
    };
    let (status, notes) = exchange(as_reader(Method::GET, "/api/notes")).await;
    assert_eq!(
        (status, notes.as_array().map(Vec::len)),
        (200, Some(1)),
        "{notes}"
    );
    let (status, body) =
        exchange(as_reader(Method::POST, "/api/notes").json(&json!({ "title": "t" }))).await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("notes:write"),
        "{body}"
    );

    // Listed page by page: more than one page of keys (the Backend API's default is 10).
    for n in 0..11 {
        let params = ApiKeyParams::new(format!("spare {n}"), &ada_id);
        clerk.api_keys().create_api_key(&params).await.unwrap();
    }
    assert_eq!(
        clerk.api_keys().list_api_keys(&ada_id).await.unwrap().len(),
        13
    );
    clerk
        .api_keys()
        .revoke_api_key(&key.id, Some("leaked"))
        .await
        .unwrap();
    let (status, body) = exchange(with_key(Method::GET, "/api/notes")).await;
    assert_eq!(
        (status, body["reason"].as_str(), body["token_type"].as_str()),
        (401, Some("token-invalid"), Some("api_key")),
        "{body}"
    );
    // The refusal is remembered for a minute: the same key again costs no Backend API call.
    let verify_calls = || {
        server
            .log_text()
            .matches("path=/__clerk_local/api/api_keys/verify")
            .count()
    };
    let before = verify_calls();
    assert!(
        before >= 2,
        "the log shows the key's verifications: {before}"
    );
    for _ in 0..3 {
        assert_eq!(exchange(with_key(Method::GET, "/api/notes")).await.0, 401);
    }
    assert_eq!(verify_calls(), before);
}

#[tokio::test]
async fn an_organizations_key_and_an_unknown_key_are_refused() {
    let server = Server::start();
    let clerk = ClerkClient::new(server.url("/__clerk_local/api"), server.secret_key());
    let (ada_id, _) = server.sign_in_new_user("Ada").await;
    let mut org = OrganizationParams::named("Keyholders");
    org.created_by = Some(ada_id);
    let org = clerk
        .organizations()
        .create_organization(&org)
        .await
        .unwrap();
    let key = clerk
        .api_keys()
        .create_api_key(&ApiKeyParams::new("ci", &org.id))
        .await
        .unwrap();
    let (status, body) = exchange(
        server
            .request(Method::GET, "/api/notes")
            .bearer_auth(key.secret.unwrap()),
    )
    .await;
    assert_eq!(status, 403, "{body}");

    let (status, body) = exchange(
        server
            .request(Method::GET, "/api/notes")
            .bearer_auth("ak_not_issued_by_this_instance"),
    )
    .await;
    assert_eq!(
        (status, body["reason"].as_str()),
        (401, Some("token-invalid")),
        "{body}"
    );
    // Neither a key nor a session: the session's answer, as before.
    let (status, body) = exchange(server.request(Method::GET, "/api/notes")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("signed_out")),
        "{body}"
    );
}
