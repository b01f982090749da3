//! The server-side handshake, in the token and the nonce formats.

use base64::engine::general_purpose::URL_SAFE;
use base64::Engine;
use reqwest::StatusCode;
use sha1::{Digest, Sha1};

use crate::support::{verify_jwt, Server};

/// `@clerk/shared` `getCookieSuffix`, written out independently of the crate.
fn suffix(publishable_key: &str) -> String {
    URL_SAFE.encode(Sha1::digest(publishable_key.as_bytes()))[..8].to_owned()
}

fn query_param(location: &str, name: &str) -> Option<String> {
    url::Url::parse(location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
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
    let location = answer.location.unwrap();
    assert!(
        location.starts_with(&format!("{}/dashboard?tab=1&", server.base)),
        "{location}"
    );
    let token = query_param(&location, "__clerk_handshake").unwrap();
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
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn nonce_format_is_exchanged_at_the_backend_api() {
    let server = Server::start().await;
    let mut browser = server.browser();
    browser.sign_in().await;

    let answer = browser.get(&handshake_path(&server, "nonce")).await;
    assert_eq!(answer.status, StatusCode::TEMPORARY_REDIRECT);
    let location = answer.location.unwrap();
    assert!(query_param(&location, "__clerk_handshake").is_none());
    let nonce = query_param(&location, "__clerk_handshake_nonce").unwrap();

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
    let nonce = query_param(&answer.location.unwrap(), "__clerk_handshake_nonce").unwrap();
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
