//! Two servers, one PostgreSQL: the app keeps no session state (authentication is the signed
//! token, data is the database), so any instance serves any request.
//!
//! Needs a PostgreSQL server: `scripts/test` starts one and runs this with
//! `TEST_POSTGRES_URL=postgres://… cargo test --test scale_out -- --ignored`.

mod support;

use reqwest::Method;
use serde_json::json;
use support::{exchange, json_of, signed_delivery, unique, ClerkMode, Server};

#[tokio::test]
#[ignore = "needs PostgreSQL: scripts/test starts one and runs it"]
async fn two_servers_share_one_postgres() {
    let url = std::env::var("TEST_POSTGRES_URL").expect("TEST_POSTGRES_URL=postgres://…");
    // `a` runs the local Clerk instance; `b` is configured for it exactly as for real Clerk
    // (publishable key, secret key, Backend API URL, webhook signing secret). Both migrate the
    // same database at start-up.
    let a = Server::start_with(ClerkMode::Local, Some(&url));
    let b = Server::start_with(ClerkMode::RealClerkAt(&a), Some(&url));
    let (user_id, token) = a.sign_in_new_user("Ada").await;

    // A note written through one is read, changed and deleted through the other.
    let (status, note) = exchange(
        a.request(Method::POST, "/api/notes")
            .bearer_auth(&token)
            .json(&json!({ "title": "written on a" })),
    )
    .await;
    assert_eq!(status, 201, "{note}");
    let path = format!("/api/notes/{}", note["id"].as_str().unwrap());
    let (status, on_b) = exchange(b.request(Method::GET, &path).bearer_auth(&token)).await;
    assert_eq!((status, &on_b), (200, &note), "server b: {}", b.log_text());
    let (status, _) = exchange(
        b.request(Method::PATCH, &path)
            .bearer_auth(&token)
            .json(&json!({ "title": "changed on b" })),
    )
    .await;
    assert_eq!(status, 200);
    let (_, on_a) = exchange(a.request(Method::GET, &path).bearer_auth(&token)).await;
    assert_eq!(on_a["title"], "changed on b");

    // One delivery reaching both servers at once is applied exactly once.
    let secret = a.webhook_secret();
    let id = format!("msg_{}", unique());
    let event = json!({
        "type": "user.updated", "object": "event",
        "data": { "object": "user", "id": user_id, "first_name": "Ada K.", "email_addresses": [],
                  "created_at": 1, "updated_at": i64::MAX / 2 },
    });
    let (to_a, to_b) = tokio::join!(
        signed_delivery(&a, &secret, &id, &event).send(),
        signed_delivery(&b, &secret, &id, &event).send(),
    );
    let (status_a, receipt_a) = json_of(to_a.unwrap()).await;
    let (status_b, receipt_b) = json_of(to_b.unwrap()).await;
    assert_eq!((status_a, status_b), (200, 200), "{receipt_a} {receipt_b}");
    let applied = [&receipt_a, &receipt_b]
        .iter()
        .filter(|r| r["applied"] == true)
        .count();
    assert_eq!(applied, 1, "{receipt_a} {receipt_b}");
    for server in [&a, &b] {
        let (_, me) = exchange(server.request(Method::GET, "/api/me").bearer_auth(&token)).await;
        assert_eq!(me["user"]["first_name"], "Ada K.", "{me}");
    }

    let response = b
        .request(Method::DELETE, &path)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let response = a
        .request(Method::GET, &path)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}
