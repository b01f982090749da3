//! Issue 10, findings 9 and 10: the instance answers only to its own host names (DNS
//! rebinding), listens beyond loopback only when told to, and takes changes only from pages of
//! its own origin (CSRF).

use std::process::Command;

use reqwest::StatusCode;

use crate::support::{Server, TempDir, PASSWORD};

#[tokio::test]
async fn a_foreign_host_name_is_refused() {
    let server = Server::start().await;
    let port = server.base.rsplit(':').next().unwrap().to_owned();
    let mut browser = server.browser();
    for host in [
        "evil.example",
        "127.0.0.1.evil.example",
        "192.168.1.5",
        "a@localhost",
    ] {
        browser.headers = vec![("host", format!("{host}:{port}"))];
        let answer = browser.get("/__clerk/v1/environment").await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "Host: {host}");
        assert_eq!(
            answer.body["errors"][0]["code"], "host_invalid",
            "Host: {host}"
        );
        let answer = browser.post("/__clerk/v1/client/sign_ins", &[]).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "Host: {host}");
    }
    for host in ["localhost", "127.0.0.1", "[::1]", "LOCALHOST"] {
        browser.headers = vec![("host", format!("{host}:{port}"))];
        let answer = browser.get("/__clerk/v1/environment").await;
        assert_eq!(answer.status, StatusCode::OK, "Host: {host}");
    }
    // The Backend API and the test routes too, even with the secret key.
    let refused = reqwest::Client::new()
        .get(format!("{}/v1/users", server.instance.api_url()))
        .bearer_auth(server.instance.secret_key())
        .header("host", format!("evil.example:{port}"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn changes_from_a_page_of_another_origin_are_refused() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let sid = browser.sign_in_session_id().await;
    let end = format!("/__clerk/v1/client/sessions/{sid}/end");
    // Another local server on another port, another site, a sandboxed frame, and a Referer-only
    // request from another port: none may sign the user out or delete the client.
    let foreign = [
        (Some("http://127.0.0.1:1"), None),
        (Some("http://localhost:5555"), None),
        (Some("https://evil.example"), None),
        (Some("null"), None),
        (None, Some("http://127.0.0.1:1/attack.html")),
    ];
    for (origin, referer) in foreign {
        browser.origin = origin.map(str::to_owned);
        browser.headers = referer
            .map(|r| vec![("referer", r.to_owned())])
            .unwrap_or_default();
        for path in [end.as_str(), "/__clerk/v1/client?_method=DELETE"] {
            let answer = browser.post(path, &[]).await;
            assert_eq!(
                answer.status,
                StatusCode::FORBIDDEN,
                "{origin:?} {referer:?} {path}"
            );
            assert_eq!(answer.body["errors"][0]["code"], "origin_invalid");
            assert!(answer.set_cookies.is_empty());
        }
    }
    browser.origin = Some(server.base.clone());
    browser.headers.clear();
    let client = browser.get("/__clerk/v1/client").await;
    assert_eq!(client.body["response"]["sessions"][0]["id"], sid.as_str());

    // The app's own pages (any loopback name on its port, or the Referer alone) may.
    let port = server.base.rsplit(':').next().unwrap();
    browser.origin = None;
    browser.headers = vec![("referer", format!("http://localhost:{port}/profile"))];
    let ended = browser.post(&end, &[]).await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
}

#[tokio::test]
async fn a_cross_site_form_cannot_sign_the_victim_in_as_the_attacker() {
    let server = Server::start().await;
    let mut victim = server.browser();
    victim.origin = Some("https://evil.example".to_owned());
    let answer = victim.try_sign_in(PASSWORD).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(victim.cookies.is_empty(), "{:?}", victim.cookies);
    // A request with neither Origin nor Referer is no browser's cross-origin request.
    victim.origin = None;
    let answer = victim.try_sign_in(PASSWORD).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
}

#[test]
fn the_standalone_binary_refuses_a_non_loopback_address() {
    let dir = TempDir::new("remote_bind");
    let config = dir.path().join("Leptos.toml");
    std::fs::write(&config, "").unwrap();
    let run = |allow: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_clerk_local"));
        command
            .args(["--host", "0.0.0.0", "--port", "1", "--config"])
            .arg(&config)
            .args(["--bundles", "missing-bundles", "--data-dir"])
            .arg(dir.path().join("data"))
            .env_remove("CLERK_LOCAL_ALLOW_REMOTE");
        if let Some(allow) = allow {
            command.env("CLERK_LOCAL_ALLOW_REMOTE", allow);
        }
        command.output().unwrap()
    };
    let refused = run(None);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("0.0.0.0:1"), "{stderr}");
    assert!(stderr.contains("CLERK_LOCAL_ALLOW_REMOTE=1"), "{stderr}");
    // With the opt-in it gets past the check (and stops at the next: no bundles here).
    let allowed = run(Some("1"));
    let stderr = String::from_utf8_lossy(&allowed.stderr);
    assert!(!stderr.contains("CLERK_LOCAL_ALLOW_REMOTE"), "{stderr}");
    assert!(stderr.contains("scripts/setup"), "{stderr}");
}
