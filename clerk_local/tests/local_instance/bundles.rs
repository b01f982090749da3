//! The clerk-js and Clerk UI bundles, at the URLs Clerk's SDKs use with a proxy.

use clerk_local::{LocalConfig, LocalInstance};
use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;

use crate::support::{config, Server, TempDir, CLERK_JS, CLERK_UI};

async fn fetch(server: &Server, path: &str) -> (StatusCode, String, String) {
    let response = reqwest::get(format!("{}{path}", server.base))
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, content_type, response.text().await.unwrap())
}

#[tokio::test]
async fn serves_both_bundles_and_their_chunks_as_javascript() {
    let server = Server::start().await;
    for (path, body) in [
        (
            "/__clerk/npm/@clerk/clerk-js@6.40.0/dist/clerk.browser.js",
            CLERK_JS,
        ),
        (
            "/__clerk/npm/@clerk/clerk-js@6/dist/clerk.browser.js",
            CLERK_JS,
        ),
        ("/__clerk/npm/@clerk/ui@1.36.0/dist/ui.browser.js", CLERK_UI),
        (
            "/__clerk/npm/@clerk/clerk-js@6.40.0/dist/chunks/signin_abc.js",
            "/* chunk */",
        ),
    ] {
        let (status, content_type, text) = fetch(&server, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(
            content_type.contains("javascript"),
            "{path}: {content_type}"
        );
        assert_eq!(text, body);
    }
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn the_exact_installed_version_is_sent_precompressed_and_cached_for_good() {
    let server = Server::start().await;
    let client = reqwest::Client::new();
    let get = |path: &str, encoding: &str| {
        client
            .get(format!("{}{path}", server.base))
            .header("accept-encoding", encoding)
            .send()
    };
    let exact = "/__clerk/npm/@clerk/clerk-js@6.40.0/dist/clerk.browser.js";
    let response = get(exact, "gzip, br").await.unwrap();
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(response.headers()["vary"]
        .to_str()
        .unwrap()
        .contains("accept-encoding"));
    assert_eq!(response.text().await.unwrap(), "brotli bytes");
    // No twin for gzip: the file as it is.
    let response = get(exact, "gzip").await.unwrap();
    assert!(response.headers().get("content-encoding").is_none());
    assert_eq!(response.text().await.unwrap(), CLERK_JS);
    // A version range maps to the installed copy, which may change: an hour only.
    let response = get("/__clerk/npm/@clerk/clerk-js@6/dist/clerk.browser.js", "br")
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "public, max-age=3600");
}

#[tokio::test]
async fn refuses_path_traversal_and_other_packages() {
    let server = Server::start().await;
    for path in [
        "/__clerk/npm/@clerk/clerk-js@6/dist/..%2fsecret.txt",
        "/__clerk/npm/@clerk/clerk-js@6/dist/%2e%2e%2fsecret.txt",
        "/__clerk/npm/@clerk/clerk-js@6/dist/%2e%2e/secret.txt",
        "/__clerk/npm/@clerk/clerk-js@6/dist/chunks/..%2f..%2fsecret.txt",
        "/__clerk/npm/@clerk/ui@1/dist/..%2f..%2fclerk-js%2fsecret.txt",
        "/__clerk/npm/@clerk/backend@1/dist/index.js",
        "/__clerk/npm/@clerk/clerk-js@6/dist/missing.js",
    ] {
        let (status, _, text) = fetch(&server, path).await;
        assert_ne!(status, StatusCode::OK, "{path}");
        assert!(!text.contains("do not serve"), "{path}");
    }
}

#[test]
fn open_names_the_missing_bundles_and_the_setup_command() {
    let data = TempDir::new("no_bundles_data");
    let empty = TempDir::new("no_bundles");
    let config: LocalConfig = config(data.path(), empty.path(), "http://127.0.0.1:3000");
    let message = LocalInstance::open(config).unwrap_err().to_string();
    assert!(
        message.contains(&empty.path().display().to_string()),
        "{message}"
    );
    assert!(message.contains("scripts/setup"), "{message}");
}
