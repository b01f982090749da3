//! The server-side handshake, in the token and the nonce formats.

use base64::engine::general_purpose::URL_SAFE;
use base64::Engine;
use reqwest::StatusCode;
use sha1::{Digest, Sha1};

use crate::support::{set_cookie, verify_jwt, Answer, Server};

/// `@clerk/shared` `getCookieSuffix`, written out independently of the crate.
fn suffix(publishable_key: &str) -> String {
    URL_SAFE.encode(Sha1::digest(publishable_key.as_bytes()))[..8].to_owned()
}

/// The handshake answer: a cookie set on the redirect (never a query parameter).
fn carrier(answer: &Answer, name: &str) -> String {
    let cookie = set_cookie(answer, name).unwrap_or_else(|| panic!("no {name} cookie"));
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Max-Age=60"),
        "{cookie}"
    );
    let value = cookie[name.len() + 1..].split(';').next().unwrap();
    assert!(!value.is_empty());
    value.to_owned()
}

/// The redirect goes back to the page asked for, with nothing added to its address.
fn assert_clean_location(answer: &Answer, server: &Server) {
    let location = answer.location.as_deref().unwrap();
    assert_eq!(location, format!("{}/dashboard?tab=1", server.base));
}

fn handshake_path(server: &Server, format: &str) -> String {
    let back = format!("{}/dashboard?tab=1", server.base);
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("redirect_url", &back)
        .append_pair("__clerk_api_version", "2025-11-10")
        .append_pair("suffixed_cookies", "true")
        .append_pair("__clerk_hs_reason", "client-uat-but-no-session-token")
        .append_pair("format", format)
        .finish();
    format!("/__clerk/v1/client/handshake?{query}")
}

#[tokio::test]
async fn token_format_redirects_back_with_signed_directives() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let sid = browser.sign_in().await.body["response"]["created_session_id"]
        .as_str()
        .unwrap()
        .to_owned();

    let answer = browser.get(&handshake_path(&server, "token")).await;
    assert_eq!(answer.status, StatusCode::TEMPORARY_REDIRECT);
    assert_clean_location(&answer, &server);
    let token = carrier(&answer, "__clerk_handshake");
    let jwks = browser.get("/__clerk/v1/jwks").await.body;
    let (_, payload) = verify_jwt(&token, &jwks);
    let directives: Vec<&str> = payload["handshake"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();

    let suffix = suffix(&server.instance.publishable_key());
    let session = directives
        .iter()
        .find(|d| d.starts_with("__session="))
        .unwrap();
    let session_jwt = session["__session=".len()..].split(';').next().unwrap();
    let (_, claims) = verify_jwt(session_jwt, &jwks);
    assert_eq!(claims["sid"], sid.as_str());
    assert!(directives
        .iter()
        .any(|d| d.starts_with(&format!("__session_{suffix}=ey"))));
    assert!(directives
        .iter()
        .any(|d| d.starts_with("__client_uat=") && !d.starts_with("__client_uat=0")));
    assert!(directives
        .iter()
        .any(|d| d.starts_with(&format!("__client_uat_{suffix}="))));
    assert!(directives
        .iter()
        .any(|d| d.starts_with("__clerk_handshake=;") && d.contains("Max-Age=0")));
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn nonce_format_is_exchanged_at_the_backend_api() {
    let server = Server::start().await;
    let mut browser = server.browser();
    browser.sign_in().await;

    let answer = browser.get(&handshake_path(&server, "nonce")).await;
    assert_eq!(answer.status, StatusCode::TEMPORARY_REDIRECT);
    assert_clean_location(&answer, &server);
    let nonce = carrier(&answer, "__clerk_handshake_nonce");

    let key = server.instance.secret_key();
    let (status, payload) = server
        .bapi(
            &format!("/v1/clients/handshake_payload?nonce={nonce}"),
            Some(&key),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let directives = payload["directives"].as_array().unwrap();
    assert!(directives
        .iter()
        .any(|d| d.as_str().unwrap().starts_with("__session=ey")));
    // The app deletes the nonce cookie with the directives it applies.
    assert!(directives.iter().any(|d| {
        let d = d.as_str().unwrap();
        d.starts_with("__clerk_handshake_nonce=;") && d.contains("Max-Age=0")
    }));
    // Once: a nonce seen again (a log, a copied link) signs nobody in.
    let (status, _) = server
        .bapi(
            &format!("/v1/clients/handshake_payload?nonce={nonce}"),
            Some(&key),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, _) = server
        .bapi("/v1/clients/handshake_payload?nonce=unknown", Some(&key))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = server
        .bapi(
            &format!("/v1/clients/handshake_payload?nonce={nonce}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn a_signed_out_browser_gets_its_session_cookies_cleared() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let answer = browser.get(&handshake_path(&server, "nonce")).await;
    let nonce = carrier(&answer, "__clerk_handshake_nonce");
    let key = server.instance.secret_key();
    let (_, payload) = server
        .bapi(
            &format!("/v1/clients/handshake_payload?nonce={nonce}"),
            Some(&key),
        )
        .await;
    let directives: Vec<&str> = payload["directives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(directives
        .iter()
        .any(|d| d.starts_with("__session=;") && d.contains("Max-Age=0")));
    assert!(directives.iter().any(|d| d.starts_with("__client_uat=0;")));
}

#[tokio::test]
async fn refuses_to_redirect_off_the_app() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let answer = browser
        .get("/__clerk/v1/client/handshake?redirect_url=https%3A%2F%2Fevil.example%2F")
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.location.is_none());
}

/// Issue 10's open-redirect corpus against the local instance's handshake: whatever the
/// `redirect_url`, the browser is sent to the app or nowhere.
#[tokio::test]
async fn hostile_redirect_targets_never_leave_the_app() {
    let server = Server::start().await;
    let mut browser = server.browser();
    browser.sign_in().await;
    let app = url::Url::parse(&server.base).unwrap();
    let port = app.port().unwrap();
    let hostile = [
        "//evil.example".to_owned(),
        "//evil.example/dashboard".to_owned(),
        "/\\evil.example".to_owned(),
        "\\/evil.example".to_owned(),
        "\\\\evil.example".to_owned(),
        "https:evil.example".to_owned(),
        "http:evil.example".to_owned(),
        "https://evil.example".to_owned(),
        "http://evil.example/".to_owned(),
        "https://127.0.0.1:1/".to_owned(),
        "http://127.0.0.1:1/".to_owned(),
        "http://localhost:1/".to_owned(),
        format!("http://127.0.0.1:{}/", port + 1),
        format!("https://127.0.0.1:{port}/"),
        format!("http://127.0.0.1@evil.example:{port}/"),
        format!("http://app@127.0.0.1:{port}/"),
        "https://app@evil.example".to_owned(),
        "http://evil.example@127.0.0.1:1/".to_owned(),
        "javascript:alert(1)".to_owned(),
        "JaVaScRiPt:alert(1)".to_owned(),
        "data:text/html,<script>alert(1)</script>".to_owned(),
        "vbscript:msgbox(1)".to_owned(),
        "file:///etc/passwd".to_owned(),
        "\t//evil.example".to_owned(),
        "\n//evil.example".to_owned(),
        "/\t/evil.example".to_owned(),
        "\r\n//evil.example".to_owned(),
        " //evil.example".to_owned(),
        "%2F%2Fevil.example".to_owned(),
        "/%2F/evil.example".to_owned(),
        "%252F%252Fevil.example".to_owned(),
        "http%3A%2F%2Fevil.example".to_owned(),
        "http://evil.example%2F@127.0.0.1:1".to_owned(),
        "http://xn--80ak6aa92e.com/".to_owned(),
        "http://\u{0430}pple.com/".to_owned(),
        "http://127.0.0.1.nip.io/".to_owned(),
        "http://0x7f000001:1/".to_owned(),
        "http://[::1]:1/".to_owned(),
        "///evil.example".to_owned(),
        "////evil.example".to_owned(),
        "https:/\\evil.example".to_owned(),
        "https:\\\\evil.example".to_owned(),
        "http:/evil.example".to_owned(),
        "//evil.example:80".to_owned(),
        "/%09/evil.example".to_owned(),
        "/%5Cevil.example".to_owned(),
        "%2F%5Cevil.example".to_owned(),
        "//%65vil.example".to_owned(),
        "http://evil\u{3002}example/".to_owned(),
        "http://\u{ff45}vil.example/".to_owned(),
        "//127.0.0.1:1".to_owned(),
        "//localhost:1/".to_owned(),
        "http://127.1:1/".to_owned(),
        "http://2130706433:1/".to_owned(),
        "http://[::ffff:127.0.0.1]:1/".to_owned(),
        "http://LOCALHOST:1/".to_owned(),
        "//evil.example\\@127.0.0.1".to_owned(),
        format!("http://127.0.0.1:{port}@evil.example/"),
        format!("javascript://127.0.0.1:{port}/%0aalert(1)"),
        "  javascript:alert(1)".to_owned(),
        "\u{0}//evil.example".to_owned(),
        "%00//evil.example".to_owned(),
        "%0d%0a//evil.example".to_owned(),
        "data:,x".to_owned(),
    ];
    assert!(hostile.len() >= 60, "{} payloads", hostile.len());
    let mut escapes = Vec::new();
    for payload in &hostile {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("redirect_url", payload)
            .append_pair("format", "nonce")
            .finish();
        let answer = browser
            .get(&format!("/__clerk/v1/client/handshake?{query}"))
            .await;
        let Some(location) = answer.location else {
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{payload:?}");
            continue;
        };
        let target = url::Url::parse(&location).unwrap();
        if target.origin() != app.origin() {
            escapes.push((payload.clone(), location));
        }
    }
    assert!(
        escapes.is_empty(),
        "escaped to a foreign origin: {escapes:#?}"
    );
}
