//! Issue 10, finding 13: anonymous traffic neither grows the state file nor the memory without
//! bound. Each `POST /v1/client` without a cookie makes a client; only clients with a session
//! are written, and at most 1000 without one are kept (the least recently used go first).

use std::path::Path;

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::Server;

const CAP: usize = 1_000;

fn persisted_clients(data_dir: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(data_dir.join("state.json")).unwrap();
    let state: Value = serde_json::from_str(&text).unwrap();
    state["clients"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn anonymous_clients_are_capped_and_never_written() {
    let server = Server::start().await;
    let size_before = std::fs::metadata(server.data.path().join("state.json"))
        .unwrap()
        .len();

    let mut first = server.browser();
    assert_eq!(
        first.post("/__clerk/v1/client", &[]).await.status,
        StatusCode::OK
    );
    for _ in 0..CAP + 20 {
        let answer = server.browser().post("/__clerk/v1/client", &[]).await;
        assert_eq!(answer.status, StatusCode::OK);
    }
    let mut last = server.browser();
    last.post("/__clerk/v1/client", &[]).await;

    // The oldest anonymous client made room; the newest is still known.
    let forgotten = first.get("/__clerk/v1/client").await;
    assert_eq!(forgotten.body["response"], Value::Null);
    let known = last.get("/__clerk/v1/client").await;
    assert!(known.body["response"]["id"].is_string(), "{}", known.body);

    // A signed-in browser is written; the anonymous ones never were.
    let mut signed_in = server.browser();
    signed_in.sign_in().await;
    server.instance.flush();
    let clients = persisted_clients(server.data.path());
    assert_eq!(clients.len(), 1, "{clients:#?}");
    assert_eq!(clients[0]["sessions"].as_array().unwrap().len(), 1);
    let size_after = std::fs::metadata(server.data.path().join("state.json"))
        .unwrap()
        .len();
    assert!(
        size_after < size_before + 4_096,
        "{size_before} -> {size_after} bytes"
    );
}
