//! The handshake endpoint against the open-redirect corpus: a signed-in browser sent to
//! `/v1/client/handshake?redirect_url=<payload>` is sent back only to the app's own origin, or
//! refused; never elsewhere with a nonce or handshake token in tow.

use reqwest::StatusCode;
use url::Url;

use crate::open_redirects::{escape, payloads};
use crate::support::Server;

#[tokio::test]
async fn the_handshake_sends_the_browser_back_only_to_the_app() {
    let server = Server::start().await;
    let mut browser = server.browser();
    browser.sign_in().await;
    let app = Url::parse(&format!("{}/dashboard", server.base)).unwrap();
    let handshake = |redirect_url: &str, format: &str| {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("redirect_url", redirect_url)
            .append_pair("format", format)
            .finish();
        format!("/__clerk/v1/client/handshake?{query}")
    };
    // The app's own page still gets its answer: refusing everything would pass too easily.
    let answer = browser.get(&handshake(app.as_str(), "nonce")).await;
    assert!(
        answer
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with(app.as_str())),
        "{:?}",
        answer.location
    );
    let mut escapes = Vec::new();
    for payload in payloads() {
        for format in ["nonce", "token"] {
            let answer = browser.get(&handshake(&payload, format)).await;
            let Some(location) = answer.location else {
                assert!(
                    answer.status.is_client_error(),
                    "{payload:?}: {}",
                    answer.status
                );
                continue;
            };
            assert_eq!(answer.status, StatusCode::TEMPORARY_REDIRECT, "{payload:?}");
            if let Some(to) = escape(&app, &location) {
                escapes.push(format!("{payload:?} ({format}) -> {to}"));
            }
        }
    }
    crate::open_redirects::assert_no_escapes("local instance handshake", &escapes);
}
