//! The handshake endpoint against the open-redirect corpus: a signed-in browser sent to
//! `/v1/client/handshake?redirect_url=<payload>` is sent back only to the app's own origin, or
//! refused; never elsewhere with a nonce or handshake token in tow.

use reqwest::StatusCode;
use url::Url;

use crate::open_redirects::{escape, payloads};
use crate::support::Server;

/// Payloads that still escape today: any loopback port passes as "the app" (issue 10, local
/// instance finding 12, being fixed in `fapi/handshake.rs` on another branch). Tolerated here so
/// that the rest of the corpus guards the endpoint now; empty this list when that fix lands.
const KNOWN_ESCAPES: &[&str] = &[
    "http://localhost:1/",
    "http://127.0.0.1:1/",
    "http://[::1]:1/",
    "http://0x7f.0.0.1:1/",
    "http://2130706433:1/",
    "//127.0.0.1:1/",
];

#[tokio::test]
async fn the_handshake_sends_the_browser_back_only_to_the_app() {
    let server = Server::start().await;
    let mut browser = server.browser();
    browser.sign_in().await;
    let app = Url::parse(&format!("{}/dashboard", server.base)).unwrap();
    let (mut escapes, mut known) = (Vec::new(), Vec::new());
    for payload in payloads() {
        for format in ["nonce", "token"] {
            let query: String = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("redirect_url", &payload)
                .append_pair("format", format)
                .finish();
            let answer = browser
                .get(&format!("/__clerk/v1/client/handshake?{query}"))
                .await;
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
                let line = format!("{payload:?} ({format}) -> {to}");
                if KNOWN_ESCAPES.contains(&payload.as_str()) {
                    known.push(line);
                } else {
                    escapes.push(line);
                }
            }
        }
    }
    eprintln!(
        "known escapes, tolerated until the fix lands:\n{}",
        known.join("\n")
    );
    crate::open_redirects::assert_no_escapes("local instance handshake", &escapes);
}
