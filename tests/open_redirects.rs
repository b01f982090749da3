//! The open-redirect corpus against the running app: each payload as the `redirect_url` of the
//! sign-in and sign-up pages and of a protected page, as a development instance's
//! `__clerk_redirect_url`, raw in the request path (sent byte for byte, as no HTTP client would),
//! signed out and signed in, and in the `Referer` of a signed-out form post to a server function.
//! Every redirect the server answers is followed as a browser would, and each must stay on the
//! app's origin; no payload gets a 5xx.

#[path = "../leptos_clerk/tests/support/open_redirects.rs"]
mod open_redirects;
mod support;

use open_redirects::{assert_no_escapes, escape, payloads, query_param};
use support::Server;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use url::Url;

/// What a TLS-terminating proxy adds: the public origin is `https://` + `Host`.
const FORWARDED_HTTPS: &str = "X-Forwarded-Proto: https\r\n";

/// The most redirects a chain may take (a browser gives up after 20; ours end in 2).
const MAX_HOPS: usize = 6;

fn encoded(payload: &str) -> String {
    url::form_urlencoded::byte_serialize(payload.as_bytes()).collect()
}

/// Request targets that carry `payload`: encoded in a `redirect_url`, and raw in the path.
fn targets(payload: &str) -> Vec<String> {
    let mut targets: Vec<String> = ["/sign-in", "/sign-up", "/dashboard"]
        .iter()
        .map(|page| format!("{page}?redirect_url={}", encoded(payload)))
        .collect();
    // A development instance's sync answer (the local instance is one).
    targets.push(format!("/?__clerk_redirect_url={}", encoded(payload)));
    targets.push(format!("/{payload}"));
    targets.push(format!("/dashboard/{payload}"));
    targets
}

/// A request written byte for byte: the first of a chain (later ones are page loads).
struct Raw {
    method: &'static str,
    target: String,
    /// Header lines, each ending in CRLF.
    headers: String,
    body: &'static str,
}

impl Raw {
    fn page_load(target: String, headers: &str) -> Self {
        let headers = format!("Accept: text/html\r\nSec-Fetch-Dest: document\r\n{headers}");
        Self {
            method: "GET",
            target,
            headers,
            body: "",
        }
    }
}

/// Sends `request` over a fresh connection: the status and the `Location`, if any.
async fn send_raw(server: &Server, request: &Raw) -> (u16, Option<String>) {
    let address = server.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let Raw {
        method,
        target,
        headers,
        body,
    } = request;
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {address}\r\n{headers}Content-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    let (head, _) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let location = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("location")
            .then(|| value.trim().to_owned())
    });
    (status, location)
}

/// What following one request's redirects found.
#[derive(Default)]
struct Chain {
    redirects: usize,
    escape: Option<String>,
}

/// Follows `first`'s redirects on the app's origin. Each `Location` must stay on it, and so must
/// the `redirect_url` it carries (where the sign-in page or the handshake goes next).
async fn follow(server: &Server, first: Raw, headers: &str, payload: &str) -> Chain {
    let mut chain = Chain::default();
    let mut here = Url::parse(&server.base).unwrap();
    if headers.contains(FORWARDED_HTTPS) {
        here.set_scheme("https").unwrap();
    }
    let what = format!("{payload:?} ({} {:?})", first.method, first.target);
    let mut request = first;
    for _ in 0..MAX_HOPS {
        let (status, location) = send_raw(server, &request).await;
        if status >= 500 || status == 0 {
            chain.escape = Some(format!("{what}: status {status}"));
            return chain;
        }
        let Some(location) = location else {
            return chain;
        };
        chain.redirects += 1;
        let next = query_param(&here, &location, "redirect_url");
        for (name, url) in [("Location", Some(location.clone())), ("redirect_url", next)] {
            if let Some(to) = url.as_deref().and_then(|url| escape(&here, url)) {
                chain.escape = Some(format!("{what}: {name} {url:?} -> {to}"));
                return chain;
            }
        }
        here = here.join(&location).unwrap();
        request = Raw::page_load(here[url::Position::BeforePath..].to_owned(), headers);
    }
    chain
}

/// A signed-out form post to a server function, coming from a page whose URL holds `payload`:
/// the server sends the user to sign-in, back to that page when it is on this host.
fn form_post_from(server: &Server, action: &str, payload: &str) -> Option<Raw> {
    let referer = format!("{}{payload}", server.base);
    if referer.chars().any(|c| c.is_control()) {
        return None; // not a header value
    }
    Some(Raw {
        method: "POST",
        target: action.to_owned(),
        headers: format!(
            "Accept: text/html\r\nReferer: {referer}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n"
        ),
        body: "first_name=A&last_name=B",
    })
}

#[tokio::test]
async fn no_payload_sends_a_browser_off_the_app() {
    let server = Server::start();
    let (_, token) = server.sign_in_new_user("Redirect").await;
    let signed_in = format!("Authorization: Bearer {token}\r\n");
    // Each page load as it comes straight, and as it comes through a TLS-terminating proxy
    // (where the public origin is the forwarded one, and a path of `//host` once made that
    // host the app's): signed out and signed in.
    let headers = [
        String::new(),
        signed_in.clone(),
        FORWARDED_HTTPS.to_owned(),
        format!("{FORWARDED_HTTPS}{signed_in}"),
    ];
    let action = server.profile_form_action(&token).await;
    let (mut escapes, mut redirects) = (Vec::new(), 0);
    for payload in payloads() {
        let mut firsts = Vec::new();
        for target in targets(&payload) {
            for headers in &headers {
                firsts.push((Raw::page_load(target.clone(), headers), headers.as_str()));
            }
        }
        for referer in [format!("/{payload}"), payload.clone()] {
            firsts.extend(form_post_from(&server, &action, &referer).map(|raw| (raw, "")));
        }
        for (first, headers) in firsts {
            let chain = follow(&server, first, headers, &payload).await;
            redirects += chain.redirects;
            escapes.extend(chain.escape);
        }
    }
    // Signed out, every /dashboard request and form post is redirected: the chains were walked.
    assert!(
        redirects >= 2 * payloads().len(),
        "only {redirects} redirects"
    );
    assert_no_escapes("the app's redirects", &escapes);
}
