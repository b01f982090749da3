//! The deployable bundle (`scripts/bundle`), run the way production runs it: from another
//! directory, built without the local instance, with real-Clerk settings. The settings need no
//! network: a `CLERK_JWT_KEY` verifies session tokens this test signs, and `CLERK_API_URL` points
//! at a Backend API stub on loopback.
//!
//! `BUNDLE_DIR` names the bundle; `scripts/test` builds it and runs these with `--ignored`.

#[path = "../leptos_clerk/tests/support/jwt.rs"]
mod jwt;
mod support;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use axum::extract::Path;
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine as _;
use reqwest::Method;
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use serde_json::{json, Value};
use support::{client, free_port, wait_until_listening, Listening, TempDir};

const SECRET_KEY: &str = "sk_live_bundle_test";

fn bundle_dir() -> PathBuf {
    let dir = std::env::var_os("BUNDLE_DIR").expect("BUNDLE_DIR: the folder scripts/bundle made");
    std::fs::canonicalize(dir).expect("BUNDLE_DIR exists")
}

fn publishable_key() -> String {
    let host = base64::engine::general_purpose::STANDARD_NO_PAD.encode("clerk.example.com$");
    format!("pk_live_{host}")
}

/// The Backend API's user, as much of it as the app reads.
async fn user(Path(id): Path<String>) -> Json<Value> {
    Json(json!({
        "id": id, "object": "user", "first_name": "Ada", "last_name": "Lovelace",
        "username": null, "image_url": "https://img.clerk.com/ada", "has_image": false,
        "primary_email_address_id": "idn_1", "primary_phone_number_id": null,
        "email_addresses": [{"id": "idn_1", "object": "email_address",
            "email_address": "ada@example.com", "verification": null, "linked_to": []}],
        "phone_numbers": [], "external_accounts": [],
        "public_metadata": {}, "private_metadata": {}, "unsafe_metadata": {},
        "created_at": 1700000000000_i64, "updated_at": 1700000000000_i64
    }))
}

async fn backend_api_stub() -> String {
    let app = Router::new().route("/v1/users/{id}", get(user));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// The bundled binary, started from `cwd` with `envs` and nothing inherited that names Clerk.
fn command(cwd: &std::path::Path, envs: &[(&str, String)]) -> Command {
    let mut command = Command::new(bundle_dir().join("clerk-leptos-starter"));
    command.current_dir(cwd).env_clear().stdin(Stdio::null());
    if let Some(path) = std::env::var_os("PATH") {
        command.env("PATH", path);
    }
    command.envs(envs.iter().map(|(k, v)| (*k, v)));
    command
}

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
#[ignore = "needs BUNDLE_DIR: scripts/test runs it after scripts/bundle"]
async fn the_bundle_serves_signed_in_and_signed_out_pages_from_another_directory() {
    let elsewhere = TempDir::new("bundle-run");
    let key = jwt::key();
    let pem = key
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let api_url = backend_api_stub().await;
    let log = elsewhere.path().join("server.log");
    let mut started = None;
    for _ in 0..3 {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let envs = [
            ("CLERK_PUBLISHABLE_KEY", publishable_key()),
            ("CLERK_SECRET_KEY", SECRET_KEY.to_owned()),
            ("CLERK_JWT_KEY", pem.clone()),
            ("CLERK_API_URL", api_url.clone()),
            // Unset on purpose: a release build warns about it (checked below).
            ("CLERK_WEBHOOK_SIGNING_SECRET", "whsec_dGVzdA==".to_owned()),
            ("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}")),
            (
                "DATABASE_URL",
                format!("sqlite://{}/app.db?mode=rwc", elsewhere.path().display()),
            ),
            ("RUST_LOG", "info".to_owned()),
        ];
        let file = std::fs::File::create(&log).unwrap();
        let mut child = command(elsewhere.path(), &envs)
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .spawn()
            .expect("the bundled binary starts");
        match wait_until_listening(&mut child, &base, &log) {
            Listening::Yes => {
                started = Some((Running(child), base));
                break;
            }
            Listening::PortTaken => continue,
        }
    }
    let (_server, base) = started.expect("a free port in 3 tries");
    let get = |path: &str| {
        client()
            .request(Method::GET, format!("{base}{path}"))
            .header("accept", "text/html")
    };

    // Signed out: the home page renders (CSS and wasm from the bundle's site/), a protected page
    // redirects to sign-in.
    let home = get("/").send().await.unwrap();
    assert_eq!(home.status(), 200);
    let home = home.text().await.unwrap();
    assert!(home.contains("Sign in"));
    // The page names its /pkg files by content hash; each is sent as built at release time
    // (brotli or gzip, as the client accepts) and may be cached for a year.
    let assets: Vec<&str> = home
        .split('"')
        .filter(|part| part.starts_with("/pkg/"))
        .collect();
    for ext in [".css", ".js", ".wasm"] {
        let asset = assets
            .iter()
            .find(|a| a.ends_with(ext))
            .unwrap_or_else(|| panic!("the page links no {ext}: {assets:?}"));
        let stem = asset.trim_start_matches("/pkg/clerk-leptos-starter.");
        assert!(stem.len() > ext.len() + 8, "{asset} carries no hash");
        let raw = get(asset).send().await.unwrap();
        assert_eq!(raw.status(), 200, "{asset}: the bundle's site/ is served");
        let raw_len = raw.bytes().await.unwrap().len();
        for encoding in ["br", "gzip"] {
            let response = get(asset)
                .header("accept-encoding", encoding)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{asset}");
            let headers = response.headers().clone();
            assert_eq!(headers["content-encoding"], encoding, "{asset}");
            assert_eq!(
                headers["cache-control"], "public, max-age=31536000, immutable",
                "{asset}"
            );
            assert!(
                headers
                    .get_all("vary")
                    .iter()
                    .any(|v| v.to_str().unwrap().contains("accept-encoding")),
                "{asset}: {headers:?}"
            );
            let sent = response.bytes().await.unwrap().len();
            assert!(
                sent < raw_len,
                "{asset} {encoding}: {sent} of {raw_len} bytes"
            );
        }
    }
    // Pages are compressed on the fly.
    let page = get("/")
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(page.headers()["content-encoding"], "br");
    let dashboard = get("/dashboard").send().await.unwrap();
    assert_eq!(dashboard.status(), 302);
    assert_eq!(
        dashboard.headers()["location"],
        "/sign-in?redirect_url=%2Fdashboard"
    );
    // A redirect carries no preloads of the page it did not render.
    assert!(dashboard.headers().get("link").is_none(), "{dashboard:?}");

    // Signed in with the session cookies clerk-js would have set.
    let token = jwt::sign(
        key,
        &jwt::session_header("ins_bundle"),
        &jwt::session_claims(),
    );
    let client_uat = (jwt::now() - 30).to_string();
    let cookies = format!("__session={token}; __client_uat={client_uat}");
    let dashboard = get("/dashboard")
        .header("cookie", &cookies)
        .send()
        .await
        .unwrap();
    assert_eq!(dashboard.status(), 200);
    assert_eq!(dashboard.headers()["cache-control"], "private, no-store");
    let preloads = dashboard
        .headers()
        .get("link")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let html = dashboard.text().await.unwrap();
    // The server-rendered `use_user()`: the Backend API stub's first name.
    assert!(
        html.contains(r#"<h1 id="greeting">Hello, <!>Ada<!>!</h1>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<code id="user-id">user_1</code>"#),
        "{html}"
    );
    // The wasm is split (`--split`): the dashboard, a lazy route, preloads its chunks (a `Link`
    // header, made once), which the bundle serves; the home page needs none.
    let chunk =
        dashboard_chunk(&preloads).unwrap_or_else(|| panic!("no dashboard chunk in {preloads:?}"));
    assert!(
        preloads.contains(&format!(
            "<{chunk}>; rel=preload; as=fetch; type=\"application/wasm\"; crossorigin"
        )),
        "{preloads}"
    );
    assert!(!html.contains("split___"), "{html}");
    let response = get(chunk).send().await.unwrap();
    assert_eq!(response.status(), 200, "{chunk}");
    // Its name carries its content's hash (cargo-leptos's `hash-files`), so any cache may keep it.
    assert_eq!(
        response.headers().get("cache-control").unwrap(),
        "public, max-age=31536000, immutable",
        "{chunk}"
    );
    let home = get("/").send().await.unwrap();
    assert!(home.headers().get("link").is_none(), "{:?}", home.headers());
    let home = home.text().await.unwrap();
    assert!(!home.contains("split___"), "{home}");

    // And in Chromium: the release wasm hydrates that page and goes on to another lazy page
    // (end2end/bundle/). On a blocking thread: this test's runtime must go on serving the Backend
    // API stub.
    let envs = [
        ("BASE_URL", base.clone()),
        ("BUNDLE_SESSION", token.clone()),
        ("BUNDLE_CLIENT_UAT", client_uat),
    ];
    let chromium = tokio::task::spawn_blocking(move || {
        let root = env!("CARGO_MANIFEST_DIR");
        Command::new(format!("{root}/node_modules/.bin/playwright"))
            .args(["test", "--config", "bundle/playwright.config.ts"])
            .current_dir(format!("{root}/end2end"))
            .envs(envs)
            .output()
            .expect("Playwright runs (npm ci)")
    })
    .await
    .unwrap();
    assert!(
        chromium.status.success(),
        "the bundle in Chromium: {}{}",
        String::from_utf8_lossy(&chromium.stdout),
        String::from_utf8_lossy(&chromium.stderr)
    );

    // No emulator in a production build: the local instance's routes do not exist.
    for path in ["/__clerk/v1/environment", "/__clerk_local/api/v1/users"] {
        let response = get(path).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
    }
    let log_text = std::fs::read_to_string(&log).unwrap();
    assert!(
        log_text.contains("Clerk at clerk.example.com"),
        "{log_text}"
    );
    assert!(!log_text.contains(SECRET_KEY), "{log_text}");
    assert!(
        log_text.contains("CLERK_AUTHORIZED_PARTIES is empty"),
        "{log_text}"
    );
}

/// The `/pkg/split___dashboard_route_view_….wasm` path a page preloads, if any.
fn dashboard_chunk(preloads: &str) -> Option<&str> {
    let start = preloads.find("/pkg/split___dashboard_route_view_")?;
    let end = start + preloads[start..].find(".wasm")? + ".wasm".len();
    Some(&preloads[start..end])
}

#[test]
#[ignore = "needs BUNDLE_DIR: scripts/test runs it after scripts/bundle"]
fn without_clerk_keys_the_bundle_stops_naming_both_variables() {
    let elsewhere = TempDir::new("bundle-no-keys");
    let output = command(
        elsewhere.path(),
        &[("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", free_port()))],
    )
    .output()
    .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("CLERK_PUBLISHABLE_KEY"), "{stderr}");
    assert!(stderr.contains("CLERK_SECRET_KEY"), "{stderr}");
    assert!(stderr.contains("production build"), "{stderr}");
}
