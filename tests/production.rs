//! How the server behaves as a production process: health route, request log, caching headers
//! on per-user pages, the error page, finding its settings, and stopping on SIGTERM.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use reqwest::header::{CACHE_CONTROL, VARY};
use reqwest::Method;
use serde_json::json;
use support::{ClerkMode, Server, TempDir};

/// The stylesheet a page links: its name carries a hash, so it is read from the page.
fn stylesheet_path(html: &str) -> String {
    html.split('"')
        .find(|part| part.starts_with("/pkg/") && part.ends_with(".css"))
        .expect("the page links its stylesheet")
        .to_owned()
}

#[tokio::test]
async fn healthz_answers_200_without_authenticating() {
    let server = Server::start();
    let response = server
        .request(Method::GET, "/healthz")
        // A broken token would be "signed out" on an app route; here nothing reads it.
        .bearer_auth("not.a.jwt")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn per_user_answers_are_private_and_signed_out_ones_vary_on_credentials() {
    let server = Server::start();
    let (_, token) = server.sign_in_new_user("Cache").await;
    let header = |response: &reqwest::Response, name| {
        response
            .headers()
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };

    for path in ["/", "/dashboard", "/profile", "/api/me", "/no-such-page"] {
        let response = server.get_accepting_html(path, Some(&token)).await;
        assert_eq!(
            header(&response, CACHE_CONTROL),
            "private, no-store",
            "signed-in {path} ({})",
            response.status()
        );
    }
    let signed_out = server.get_accepting_html("/", None).await;
    assert_eq!(signed_out.status(), 200);
    assert_eq!(header(&signed_out, CACHE_CONTROL), "");
    let vary = header(&signed_out, VARY);
    let html = signed_out.text().await.unwrap();
    let stylesheet_path = stylesheet_path(&html);
    assert!(vary.contains("Cookie, Authorization"), "{vary}");
    // Static files are the same for everyone, signed in or not: public, and named by content.
    let stylesheet = server
        .get_accepting_html(&stylesheet_path, Some(&token))
        .await;
    assert_eq!(stylesheet.status(), 200);
    assert_eq!(
        header(&stylesheet, CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn the_request_log_has_method_path_status_and_latency_but_no_credentials() {
    let server = Server::start();
    let (_, token) = server.sign_in_new_user("Log").await;
    let response = server
        .request(Method::GET, "/dashboard?__clerk_db_jwt=query-secret")
        .bearer_auth(&token)
        .header("cookie", "__session=cookie-secret")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let log = support::eventually(5, || {
        let log = server.log_text();
        async move { log.contains("path=/dashboard").then_some(log) }
    })
    .await;
    let line = log
        .lines()
        .find(|line| line.contains("path=/dashboard") && line.contains("status=200"))
        .unwrap_or_else(|| panic!("no request line for /dashboard:\n{log}"));
    assert!(line.contains("method=GET"), "{line}");
    assert!(line.contains("latency="), "{line}");
    for secret in [token.as_str(), "query-secret", "cookie-secret"] {
        assert!(!log.contains(secret), "the log holds {secret:?}:\n{log}");
    }
}

#[tokio::test]
async fn a_failing_resource_renders_the_error_page_with_status_500() {
    let server = Server::start();
    let (user_id, token) = server.sign_in_new_user("Gone").await;
    // The session token stays valid until it expires; the Backend API no longer knows the user,
    // so `/profile`'s loader fails.
    server
        .backend(Method::DELETE, &format!("/users/{user_id}"), json!({}))
        .await;
    // Several times, with a cookie and with a Bearer token: a boundary placed where the server
    // reaches it only after it has begun writing the page answers 200 now and then.
    for attempt in 0..10 {
        let request = server
            .request(Method::GET, "/profile")
            .header("accept", "text/html");
        let request = if attempt % 2 == 0 {
            request.bearer_auth(&token)
        } else {
            request.header("cookie", format!("__session={token}; __client_uat=1"))
        };
        let response = request.send().await.unwrap();
        let status = response.status();
        let html = response.text().await.unwrap();
        assert_eq!(status, 500, "attempt {attempt}: {html}");
        assert!(html.contains("Something went wrong"), "{html}");
        assert!(html.contains("Backend API"), "{html}");
    }

    // Signed out, the same page still redirects: the error page does not replace a redirect.
    let response = server
        .request(Method::GET, "/profile")
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
}

#[tokio::test]
async fn sigterm_stops_accepting_finishes_in_flight_requests_and_exits_0() {
    let mut server = Server::start();
    let addr = server.base.trim_start_matches("http://").to_owned();
    // A webhook delivery whose body is still arriving: the handler waits for the rest.
    let body = br#"{"type":"user.deleted","data":{"id":"user_x"}}"#;
    let mut stream = TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "POST /api/webhooks/clerk HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nsvix-id: msg_1\r\nsvix-timestamp: 1\r\nsvix-signature: v1,x\r\n\
         Connection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(&body[..10]).unwrap();
    std::thread::sleep(Duration::from_millis(300));

    server.terminate();
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        server.wait_for_exit(Duration::ZERO).is_none(),
        "the server exited with a request in flight:\n{}",
        server.log_text()
    );
    assert!(
        TcpStream::connect(&addr).is_err(),
        "the server still accepts connections after SIGTERM"
    );

    stream.write_all(&body[10..]).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    // Answered in full (the signature is wrong: 400), then the process ends.
    assert!(response.starts_with("HTTP/1.1 400"), "{response}");
    let status = server
        .wait_for_exit(Duration::from_secs(5))
        .expect("the server exits once the request is answered");
    assert!(status.success(), "{status}\n{}", server.log_text());
    assert!(server.log_text().contains("shutting down"));
}

#[test]
fn a_server_without_its_settings_file_says_where_it_looked() {
    let elsewhere = TempDir::new("no-settings");
    let output = Command::new(env!("CARGO_BIN_EXE_clerk-leptos-starter"))
        .current_dir(elsewhere.path())
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Leptos.toml not found"), "{stderr}");
    assert!(
        stderr.contains(&elsewhere.path().display().to_string()),
        "{stderr}"
    );
}

/// Leptos parses the address itself and would stop with only "invalid socket address syntax".
#[test]
fn a_blank_or_malformed_site_addr_is_a_startup_error_naming_it() {
    for addr in ["", "localhost"] {
        let output = Command::new(env!("CARGO_BIN_EXE_clerk-leptos-starter"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("LEPTOS_SITE_ADDR", addr)
            .output()
            .unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!("LEPTOS_SITE_ADDR={addr:?} is not an address")),
            "{stderr}"
        );
    }
}

#[test]
fn an_oversized_request_head_is_refused_with_431_before_the_app_runs() {
    let server = Server::start();
    let addr = server.base.trim_start_matches("http://").to_owned();
    let send = |cookie_bytes: usize| {
        let mut stream = TcpStream::connect(&addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let cookie = "a=b; ".repeat(cookie_bytes / 5);
        // The server may answer and close before it has read the whole head.
        let _ = write!(
            stream,
            "GET /healthz HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
        );
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        response
    };
    // What a browser sends at most (a few KB of cookies) is served ...
    assert!(send(8 * 1024).starts_with("HTTP/1.1 200"));
    // ... the ~400 KB hyper accepts by default is not.
    let refused = send(400 * 1024);
    assert!(refused.starts_with("HTTP/1.1 431"), "{refused}");
    assert!(send(100).starts_with("HTTP/1.1 200"), "still serving");
}

#[tokio::test]
async fn hashed_static_files_are_cached_for_good_and_pages_are_compressed() {
    let server = Server::start();
    let home = server.request(Method::GET, "/").send().await.unwrap();
    let css = stylesheet_path(&home.text().await.unwrap());
    assert_ne!(
        css, "/pkg/clerk-leptos-starter.css",
        "the name carries a hash"
    );
    let response = server.request(Method::GET, &css).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    // A page is compressed for a client that accepts it, and varies on it.
    let page = server
        .request(Method::GET, "/")
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(page.headers()["content-encoding"], "gzip");
    let vary: Vec<_> = page.headers().get_all(VARY).iter().collect();
    assert!(
        vary.iter()
            .any(|v| v.to_str().unwrap().contains("accept-encoding")),
        "{vary:?}"
    );
    // An unknown /pkg file is a 404 and not cached for a year.
    let missing = server
        .request(Method::GET, "/pkg/nothing.0000.js")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert!(missing
        .headers()
        .get(CACHE_CONTROL)
        .is_none_or(|v| v != "public, max-age=31536000, immutable"));
}

#[tokio::test]
async fn static_files_are_not_authenticated_and_answer_conditional_requests() {
    let server = Server::start();
    let home = server.request(Method::GET, "/").send().await.unwrap();
    let css = stylesheet_path(&home.text().await.unwrap());
    // A `/pkg` file, and one from the rest of the site root (`public/`).
    for path in [css.as_str(), "/favicon.ico"] {
        // A tab opening the file with a `__client_uat` and no session cookie: a page would go
        // through the handshake (307); a file is the same for everyone and is simply served.
        let opened = server
            .request(Method::GET, path)
            .header("accept", "text/html")
            .header("sec-fetch-dest", "document")
            .header("cookie", "__client_uat=1700000000")
            .send()
            .await
            .unwrap();
        assert_eq!(opened.status(), 200, "{path}");
        let last_modified = opened.headers()["last-modified"].clone();
        // The file server sees the request's own headers: a revalidation is a 304 without a
        // body.
        let revalidated = server
            .request(Method::GET, path)
            .header("if-modified-since", last_modified)
            .send()
            .await
            .unwrap();
        assert_eq!(revalidated.status(), 304, "{path}");
        assert!(revalidated.bytes().await.unwrap().is_empty(), "{path}");
    }
    // What is not a file is still the app's 404 page, whatever the method, and a folder of the
    // site root is not listed.
    for (method, path) in [
        (Method::GET, "/no-such-file.ico"),
        (Method::POST, "/no-such-file.ico"),
        (Method::GET, "/pkg"),
    ] {
        let response = server.request(method.clone(), path).send().await.unwrap();
        assert_eq!(response.status(), 404, "{method} {path}");
        let html = response.text().await.unwrap();
        assert!(html.contains("<!DOCTYPE html>"), "{method} {path}: {html}");
    }
    // Nothing outside the site root is reached: it is `target/site`, and two levels up is the
    // project, with its `Cargo.toml`.
    for path in ["/..%2f..%2fCargo.toml", "/pkg/..%2f..%2f..%2fCargo.toml"] {
        let response = server.request(Method::GET, path).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let body = response.text().await.unwrap();
        assert!(!body.contains("[package]"), "{path}: {body}");
    }
}

/// A `.env` with the key lines left blank (or a compose file's `${CLERK_SECRET_KEY:-}`) has no
/// keys: the server starts its local instance, as with the lines removed, instead of stopping
/// with "CLERK_PUBLISHABLE_KEY is not set" (blank values count as unset, as the SDK reads them).
#[test]
fn blank_clerk_keys_are_no_keys() {
    let data = TempDir::new("blank-keys");
    let log_path = data.path().join("server.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let base = format!("http://127.0.0.1:{}", support::free_port());
    let mut child = Command::new(env!("CARGO_BIN_EXE_clerk-leptos-starter"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LEPTOS_OUTPUT_NAME", "clerk-leptos-starter")
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("LEPTOS_SITE_PKG_DIR", "pkg")
        .env("LEPTOS_SITE_ADDR", base.trim_start_matches("http://"))
        .env("LEPTOS_RELOAD_PORT", support::free_port().to_string())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/app.db?mode=rwc", data.path().display()),
        )
        .env("CLERK_LOCAL_DATA_DIR", data.path().join("clerk"))
        .env_remove("CLERK_LOCAL")
        .env("CLERK_PUBLISHABLE_KEY", "")
        .env("CLERK_SECRET_KEY", " ")
        // Blank too: the default filter, not one that logs nothing (the line asserted below).
        .env("RUST_LOG", "")
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let started = support::wait_until_listening(&mut child, &base, &log_path);
    let _ = child.kill();
    let _ = child.wait();
    assert!(matches!(started, support::Listening::Yes), "port taken");
    let text = std::fs::read_to_string(&log_path).unwrap();
    assert!(text.contains("local Clerk instance"), "{text}");
}

/// Issue 10, finding 9: the local instance lets anyone sign in, so a server that would serve it
/// beyond this machine (here every address, `0.0.0.0`) refuses to start unless told to.
#[test]
fn the_local_instance_is_not_served_beyond_loopback_unless_allowed() {
    let data = TempDir::new("remote-bind");
    let mut child = Command::new(env!("CARGO_BIN_EXE_clerk-leptos-starter"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LEPTOS_OUTPUT_NAME", "clerk-leptos-starter")
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("LEPTOS_SITE_PKG_DIR", "pkg")
        .env("LEPTOS_SITE_ADDR", "0.0.0.0:0")
        .env("LEPTOS_RELOAD_PORT", support::free_port().to_string())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/app.db?mode=rwc", data.path().display()),
        )
        .env("CLERK_LOCAL", "1")
        .env("CLERK_LOCAL_DATA_DIR", data.path().join("clerk"))
        .env_remove("CLERK_LOCAL_ALLOW_REMOTE")
        .env_remove("CLERK_PUBLISHABLE_KEY")
        .env_remove("CLERK_SECRET_KEY")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the server started on 0.0.0.0 with the local instance");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(!status.success());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains("CLERK_LOCAL_ALLOW_REMOTE=1"), "{stderr}");
    assert!(stderr.contains("0.0.0.0:0"), "{stderr}");
}

/// A blank `LEPTOS_SITE_ROOT` is unset, as every setting: the file server keeps to the built site
/// and never serves the app's own folder (`.env`, `Leptos.toml`, `.clerk_local/`).
#[tokio::test]
async fn a_blank_site_root_is_the_built_site_not_the_apps_folder() {
    let server = Server::start_with_settings(ClerkMode::Local, None, &[("LEPTOS_SITE_ROOT", "")]);
    for path in ["/Leptos.toml", "/Cargo.toml", "/.clerk_local/state.json"] {
        let answer = server.request(Method::GET, path).send().await.unwrap();
        assert_eq!(answer.status(), 404, "{path}");
    }
    let home = server.request(Method::GET, "/").send().await.unwrap();
    let css = stylesheet_path(&home.text().await.unwrap());
    let stylesheet = server.request(Method::GET, &css).send().await.unwrap();
    assert_eq!(stylesheet.status(), 200, "the site is still served");
}
