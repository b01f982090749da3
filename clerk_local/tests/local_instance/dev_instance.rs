//! A development instance (`instance_type = "development"`): `pk_test_`/`sk_test_` keys, the
//! dev browser (`POST /v1/dev_browser`), clients known by the `__clerk_db_jwt` query parameter
//! instead of a cookie, and the handshake answered in the address bar.

use base64::Engine;
use clerk_local::InstanceType;
use reqwest::StatusCode;
use url::Url;

use crate::support::{set_cookie, verify_jwt, Answer, Browser, Server, EMAIL, PASSWORD};

async fn dev_server() -> Server {
    Server::start_edited(|config| config.instance_type = InstanceType::Development).await
}

/// `POST /v1/dev_browser` as clerk-js sends it: the new dev browser's `id`.
async fn new_dev_browser(browser: &mut Browser) -> String {
    let answer = browser.post("/__clerk/v1/dev_browser", &[]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["object"], "dev_browser");
    assert!(answer.set_cookies.is_empty(), "{:?}", answer.set_cookies);
    let id = answer.body["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("dvb_"), "{id}");
    id
}

/// `GET /v1/client` as clerk-js sends it, with the dev browser `db`.
async fn client_of(browser: &mut Browser, db: &str) -> Answer {
    browser
        .get(&format!("/__clerk/v1/client?__clerk_db_jwt={db}"))
        .await
}

/// Signs the seeded user in through the dev browser `db`; returns the answer.
async fn sign_in(browser: &mut Browser, db: &str) -> Answer {
    browser
        .post(
            &format!("/__clerk/v1/client/sign_ins?__clerk_db_jwt={db}&_clerk_js_version=6.40.0"),
            &[
                ("identifier", EMAIL),
                ("strategy", "password"),
                ("password", PASSWORD),
            ],
        )
        .await
}

fn handshake_path(server: &Server, db: Option<&str>) -> String {
    let back = format!("{}/dashboard?tab=1", server.base);
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("redirect_url", &back)
        .append_pair("suffixed_cookies", "false")
        .append_pair("__clerk_hs_reason", "dev-browser-sync")
        .append_pair("format", "nonce");
    if let Some(db) = db {
        query.append_pair("__clerk_db_jwt", db);
    }
    format!("/__clerk/v1/client/handshake?{}", query.finish())
}

/// The redirect back: the page asked for, with the signed directives and the dev browser in
/// its query. Returns (directives, dev browser).
async fn follow_dev_handshake(
    server: &Server,
    browser: &mut Browser,
    db: Option<&str>,
) -> (Vec<String>, String) {
    let answer = browser.get(&handshake_path(server, db)).await;
    assert_eq!(answer.status, StatusCode::TEMPORARY_REDIRECT);
    // Nothing in cookies: a development Frontend API is on another domain than the app.
    assert!(answer.set_cookies.is_empty(), "{:?}", answer.set_cookies);
    let location = Url::parse(answer.location.as_deref().unwrap()).unwrap();
    assert_eq!(
        &location[..url::Position::AfterPath],
        format!("{}/dashboard", server.base)
    );
    let query: std::collections::HashMap<String, String> =
        location.query_pairs().into_owned().collect();
    assert_eq!(query["tab"], "1");
    let jwks = browser.get("/__clerk/v1/jwks").await.body;
    let (_, payload) = verify_jwt(&query["__clerk_handshake"], &jwks);
    let directives = payload["handshake"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().to_owned())
        .collect();
    (directives, query["__clerk_db_jwt"].clone())
}

#[tokio::test]
async fn keys_and_environment_say_development() {
    let server = dev_server().await;
    let pk = server.instance.publishable_key();
    let encoded = pk.strip_prefix("pk_test_").expect(&pk);
    let host = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(encoded)
        .unwrap();
    let host = String::from_utf8(host).unwrap();
    // clerk-js runs its dev-browser code only for Clerk's development hosts.
    assert!(host.ends_with(".clerk.accounts.dev$"), "{host}");
    assert!(server.instance.secret_key().starts_with("sk_test_"));
    let mut browser = server.browser();
    let environment = browser.get("/__clerk/v1/environment").await.body;
    assert_eq!(
        environment["display_config"]["instance_environment_type"],
        "development"
    );
    let (status, _) = server.api(reqwest::Method::GET, "/v1/users", None).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn clients_are_known_by_their_dev_browser() {
    let server = dev_server().await;
    let mut browser = server.browser();
    // Without a dev browser (or with one the instance does not know), clerk-js is told to make one.
    for path in [
        "/__clerk/v1/client",
        "/__clerk/v1/client?__clerk_db_jwt=dvb_unknown",
    ] {
        let answer = browser.get(path).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            answer.body["errors"][0]["code"],
            "dev_browser_unauthenticated"
        );
    }
    let db = new_dev_browser(&mut browser).await;
    let empty = client_of(&mut browser, &db).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert_eq!(empty.body["response"]["sessions"], serde_json::json!([]));

    let signed_in = sign_in(&mut browser, &db).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.body);
    // No `__client` (the dev browser stands for it) and no `__client_uat` (clerk-js writes it).
    assert!(
        signed_in.set_cookies.is_empty(),
        "{:?}",
        signed_in.set_cookies
    );
    let sid = signed_in.body["response"]["created_session_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let jwks = browser.get("/__clerk/v1/jwks").await.body;
    let token = signed_in.body["client"]["sessions"][0]["last_active_token"]["jwt"]
        .as_str()
        .unwrap();
    let (_, claims) = verify_jwt(token, &jwks);
    assert_eq!(
        claims["iss"],
        format!("https://{}", server.instance.frontend_api_host())
    );

    let client = client_of(&mut browser, &db).await;
    assert_eq!(client.body["response"]["sessions"][0]["id"], sid.as_str());
    let refreshed = browser
        .post(
            &format!("/__clerk/v1/client/sessions/{sid}/tokens?__clerk_db_jwt={db}"),
            &[],
        )
        .await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.body);
    // A navigation (the social sign-in's consent page and callback) has no query parameter: the
    // dev browser's cookie on the app's domain stands in for it.
    browser.cookies.insert("__clerk_db_jwt".into(), db.clone());
    let by_cookie = browser.get("/__clerk/v1/client").await;
    assert_eq!(
        by_cookie.body["response"]["sessions"][0]["id"],
        sid.as_str()
    );
    browser.cookies.clear();
    // clerk-js 5.0's sign-out deletes the client; the dev browser lives on, signed out.
    let deleted = browser
        .post(
            &format!("/__clerk/v1/client?_method=DELETE&__clerk_db_jwt={db}"),
            &[],
        )
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    let after = client_of(&mut browser, &db).await;
    assert_eq!(after.status, StatusCode::OK);
    assert_eq!(after.body["response"]["sessions"], serde_json::json!([]));
    // Another dev browser is another client.
    let other = new_dev_browser(&mut browser).await;
    let theirs = client_of(&mut browser, &other).await;
    assert_eq!(theirs.body["response"]["sessions"], serde_json::json!([]));
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn the_handshake_answers_in_the_address_bar_with_the_dev_browser() {
    let server = dev_server().await;
    let mut browser = server.browser();
    let db = new_dev_browser(&mut browser).await;
    let sid = sign_in(&mut browser, &db).await.body["response"]["created_session_id"]
        .as_str()
        .unwrap()
        .to_owned();

    let (directives, back_db) = follow_dev_handshake(&server, &mut browser, Some(&db)).await;
    assert_eq!(back_db, db);
    let jwks = browser.get("/__clerk/v1/jwks").await.body;
    let session = directives
        .iter()
        .find(|d| d.starts_with("__session="))
        .unwrap();
    let session_jwt = session["__session=".len()..].split(';').next().unwrap();
    assert_eq!(verify_jwt(session_jwt, &jwks).1["sid"], sid.as_str());
    // The directives move the dev browser into a cookie clerk-js can read.
    let cookie = directives
        .iter()
        .find(|d| d.starts_with(&format!("__clerk_db_jwt={db};")))
        .unwrap();
    assert!(!cookie.contains("HttpOnly"), "{cookie}");
    assert!(directives
        .iter()
        .any(|d| d.starts_with("__client_uat=") && !d.starts_with("__client_uat=0")));
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn a_handshake_without_a_dev_browser_makes_one() {
    let server = dev_server().await;
    let mut browser = server.browser();
    let (directives, db) = follow_dev_handshake(&server, &mut browser, None).await;
    assert!(db.starts_with("dvb_"), "{db}");
    assert!(directives
        .iter()
        .any(|d| d.starts_with(&format!("__clerk_db_jwt={db};"))));
    assert!(directives
        .iter()
        .any(|d| d.starts_with("__session=;") && d.contains("Max-Age=0")));
    // The dev browser works at once.
    let client = client_of(&mut browser, &db).await;
    assert_eq!(client.status, StatusCode::OK);
}

/// Switching a data folder between the two types keeps its users and the random part of its
/// secret key; a browser signed in under one type is signed out under the other.
#[tokio::test]
async fn a_data_folder_serves_both_types() {
    let server = Server::start().await;
    let mut browser = server.browser();
    browser.sign_in().await;
    assert!(set_cookie(&browser.get("/__clerk/v1/client").await, "__client").is_some());
    let live = server.instance.secret_key();
    let cookies = browser.cookies.clone();
    let (data, bundles) = server.stop();

    let server = Server::start_configured(data, bundles, |config| {
        config.instance_type = InstanceType::Development;
    })
    .await;
    assert_eq!(
        server.instance.secret_key(),
        live.replacen("sk_live_", "sk_test_", 1)
    );
    let (status, users) = server.api(reqwest::Method::GET, "/v1/users", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(users[0]["email_addresses"][0]["email_address"], EMAIL);
    let mut browser = server.browser();
    browser.cookies = cookies;
    let answer = browser.get("/__clerk/v1/client").await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}
