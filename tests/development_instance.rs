//! The SDK's development paths against the local instance started as a development instance
//! (`CLERK_LOCAL_INSTANCE_TYPE=development`), over real HTTP: a first page load gets a dev
//! browser through the handshake, a dev browser in the address bar is moved into the cookie
//! (query sync), and a page load that lost its session token is handshaken back signed in. Each
//! redirect is followed by hand, as a browser would, so every hop is checked.

mod support;

use std::collections::HashMap;

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Method, Response, StatusCode};
use serde_json::Value;
use support::{ClerkMode, Server};
use url::Url;

const DEV_BROWSER: &str = "__clerk_db_jwt";

/// A browser on the app's origin: keeps cookies, sends the headers of a page load.
struct Browser<'a> {
    server: &'a Server,
    cookies: HashMap<String, String>,
}

impl<'a> Browser<'a> {
    fn new(server: &'a Server) -> Self {
        Self {
            server,
            cookies: HashMap::new(),
        }
    }

    /// One page load of `url` (absolute, or a path of the app), without following redirects.
    async fn load(&mut self, url: &str) -> Response {
        let url = if url.starts_with('/') {
            self.server.url(url)
        } else {
            url.to_owned()
        };
        let cookies = self.cookies.iter().map(|(k, v)| format!("{k}={v}; "));
        let response = support::client()
            .get(url)
            .header("accept", "text/html")
            .header("sec-fetch-dest", "document")
            .header(COOKIE, cookies.collect::<String>())
            .send()
            .await
            .unwrap();
        self.keep_cookies(&response);
        response
    }

    fn keep_cookies(&mut self, response: &Response) {
        for cookie in response.headers().get_all(SET_COOKIE) {
            let cookie = cookie.to_str().unwrap();
            let (pair, attributes) = cookie.split_once(';').unwrap_or((cookie, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") || value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
    }

    /// Follows a handshake: the app's 307 to the Frontend API, its 307 back with the answer in
    /// the address bar, and the app's 307 to the clean address. Returns where it ends.
    async fn through_handshake(&mut self, first: Response, reason: &str) -> String {
        assert_eq!(first.status(), StatusCode::TEMPORARY_REDIRECT);
        assert_eq!(first.headers()["x-clerk-auth-reason"], reason);
        let handshake = location(&first);
        assert!(
            handshake.starts_with(&self.server.url("/__clerk/v1/client/handshake?")),
            "{handshake}"
        );
        let answered = self.load(&handshake).await;
        assert_eq!(answered.status(), StatusCode::TEMPORARY_REDIRECT);
        let back = Url::parse(&location(&answered)).unwrap();
        let query: HashMap<String, String> = back.query_pairs().into_owned().collect();
        assert!(query.contains_key("__clerk_handshake"), "{back}");
        assert!(query[DEV_BROWSER].starts_with("dvb_"), "{back}");
        let applied = self.load(back.as_str()).await;
        assert_eq!(applied.status(), StatusCode::TEMPORARY_REDIRECT);
        // The SDK set the dev browser's cookie from the directives, and cleans the address.
        assert_eq!(self.cookies.get(DEV_BROWSER), Some(&query[DEV_BROWSER]));
        location(&applied)
    }
}

/// A token's `iat` (unverified: the server verifies it).
fn issued_at(token: &str) -> i64 {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice::<Value>(&payload).unwrap()["iat"]
        .as_i64()
        .unwrap()
}

fn location(response: &Response) -> String {
    response.headers()[LOCATION].to_str().unwrap().to_owned()
}

/// Signs the seeded user in through the Frontend API with the dev browser `db`, as clerk-js
/// does; returns the session token clerk-js would write to `__session`.
async fn sign_in(server: &Server, db: &str) -> String {
    let response = support::client()
        .post(server.url(&format!("/__clerk/v1/client/sign_ins?{DEV_BROWSER}={db}")))
        .header("origin", &server.base)
        .form(&[
            ("identifier", "ada@example.com"),
            ("strategy", "password"),
            ("password", "analytical-engine-1843"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers().get(SET_COOKIE).is_none(),
        "a development instance sets no cookies"
    );
    let body: Value = response.json().await.unwrap();
    body["client"]["sessions"][0]["last_active_token"]["jwt"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn greeting(browser: &mut Browser<'_>) -> String {
    let page = browser.load("/dashboard").await;
    assert_eq!(page.status(), StatusCode::OK);
    page.text().await.unwrap()
}

#[tokio::test]
async fn the_sdk_runs_its_development_paths_against_the_local_instance() {
    let server = Server::start_with(ClerkMode::LocalDevelopment, None);
    let (status, _) = support::exchange(
        server
            .request(Method::GET, "/__clerk_local/api/v1/users")
            .bearer_auth(server.secret_key()),
    )
    .await;
    assert_eq!(status, 200, "the Backend API takes the sk_test_ key");

    // A first page load has no dev browser: the handshake brings one (dev-browser-missing),
    // and the signed-out visitor is then sent to sign in.
    let mut browser = Browser::new(&server);
    let first = browser.load("/dashboard").await;
    let clean = browser
        .through_handshake(first, "dev-browser-missing")
        .await;
    assert_eq!(clean, server.url("/dashboard"));
    let signed_out = browser.load(&clean).await;
    assert_eq!(signed_out.status(), StatusCode::FOUND);
    assert_eq!(location(&signed_out), "/sign-in?redirect_url=%2Fdashboard");

    // Signed in through clerk-js's requests (the dev browser in the query), the page is
    // rendered for the user from the cookies clerk-js writes.
    let db = browser.cookies[DEV_BROWSER].clone();
    let token = sign_in(&server, &db).await;
    let iat = issued_at(&token);
    browser.cookies.insert("__session".into(), token);
    browser
        .cookies
        .insert("__client_uat".into(), iat.to_string());
    assert!(greeting(&mut browser).await.contains("Ada"));

    // Another browser, arriving with that dev browser in the address bar (as from Clerk's
    // Account Portal): the SDK moves it into the cookie through the handshake (dev-browser-sync)
    // and the page is the user's.
    let mut arriving = Browser::new(&server);
    let first = arriving
        .load(&format!("/dashboard?{DEV_BROWSER}={db}"))
        .await;
    let handshake = location(&first);
    assert!(
        handshake.contains(&format!("{DEV_BROWSER}={db}")),
        "{handshake}"
    );
    let clean = arriving.through_handshake(first, "dev-browser-sync").await;
    assert_eq!(clean, server.url("/dashboard"));
    assert!(arriving.cookies.contains_key("__session"));
    assert!(greeting(&mut arriving).await.contains("Ada"));

    // A page load that lost its session token is handshaken back signed in, with the same
    // dev browser.
    arriving.cookies.remove("__session");
    let first = arriving.load("/dashboard").await;
    let handshake = location(&first);
    assert!(
        handshake.contains(&format!("{DEV_BROWSER}={db}")),
        "{handshake}"
    );
    arriving
        .through_handshake(first, "client-uat-but-no-session-token")
        .await;
    assert!(greeting(&mut arriving).await.contains("Ada"));

    let unhandled = support::client()
        .get(server.url("/__clerk_local/unhandled"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        unhandled.json::<Value>().await.unwrap(),
        serde_json::json!([])
    );
}
