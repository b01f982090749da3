//! Runs the app's real server binary on loopback, with a throwaway local Clerk instance and
//! database, and talks to it over HTTP as a browser, curl or Clerk's webhooks would.

#![allow(dead_code)] // each test file uses its own part of this

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::{Client, Method, RequestBuilder, Response};
use serde_json::{json, Value};

/// A temporary folder, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    /// Named by the process and `unique()`: the tests of one file run in parallel threads, and
    /// two of them once read the same nanosecond (then one's drop removed the other's server's
    /// folder mid-start).
    pub fn new(label: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "starter-{label}-{}-{}",
            std::process::id(),
            unique()
        ));
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub enum Listening {
    Yes,
    PortTaken,
}

/// Waits for the server's own "listening on <base>" log line: a TCP connect alone could reach
/// another test's server on the same port.
pub fn wait_until_listening(child: &mut Child, base: &str, log: &Path) -> Listening {
    let deadline = Instant::now() + Duration::from_secs(60);
    let line = format!("listening on {base} ");
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        if text.contains(&line) {
            return Listening::Yes;
        }
        if let Ok(Some(status)) = child.try_wait() {
            if text.contains("Address already in use") {
                return Listening::PortTaken;
            }
            panic!("the server exited ({status}) during start-up:\n{text}");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the server did not listen within 60 s:\n{text}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The server binary, running until dropped.
pub struct Server {
    pub base: String,
    child: Child,
    pub data: TempDir,
    log: PathBuf,
    /// The local instance's `state.json`, read once at start-up (`None` without one).
    local_state: Option<Value>,
    /// Its local instance is a development instance (`pk_test_`, `sk_test_`).
    development: bool,
}

/// How a server gets its Clerk.
pub enum ClerkMode<'a> {
    /// Its own local instance.
    Local,
    /// Its own local instance, as a development instance (`CLERK_LOCAL_INSTANCE_TYPE`).
    LocalDevelopment,
    /// Another server's local instance, as if it were real Clerk (keys and Backend API URL).
    RealClerkAt(&'a Server),
}

impl Server {
    /// Starts the app with its own local Clerk instance and a SQLite file of its own.
    pub fn start() -> Self {
        Self::start_with(ClerkMode::Local, None)
    }

    /// Starts the app with the given Clerk, and `database_url` (default: its own SQLite file).
    pub fn start_with(clerk: ClerkMode, database_url: Option<&str>) -> Self {
        Self::start_with_settings(clerk, database_url, &[])
    }

    /// As [`start_with`](Self::start_with), with more environment variables (`CLERK_SIGN_IN_URL`…).
    pub fn start_with_settings(
        clerk: ClerkMode,
        database_url: Option<&str>,
        settings: &[(&str, &str)],
    ) -> Self {
        let data = TempDir::new("server");
        let log = data.path().join("server.log");
        let sqlite = format!("sqlite://{}/app.db?mode=rwc", data.path().display());
        let mut command = Command::new(env!("CARGO_BIN_EXE_clerk-leptos-starter"));
        command
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("LEPTOS_OUTPUT_NAME", "clerk-leptos-starter")
            .env("LEPTOS_SITE_ROOT", "target/site")
            .env("LEPTOS_SITE_PKG_DIR", "pkg")
            .env("LEPTOS_RELOAD_PORT", free_port().to_string())
            .env("DATABASE_URL", database_url.unwrap_or(&sqlite))
            .env("RUST_LOG", "info")
            .env_remove("CLERK_PUBLISHABLE_KEY")
            .env_remove("CLERK_SECRET_KEY")
            .env_remove("CLERK_WEBHOOK_SIGNING_SECRET")
            // Blank, not removed: the server reads the developer's `.env`, which fills only
            // what is unset, and a blank local-instance setting is the file's.
            .env("CLERK_LOCAL_INSTANCE_TYPE", "")
            .env("CLERK_LOCAL_PERSONAL_ACCOUNTS", "")
            .env("CLERK_LOCAL_EMAIL_VERIFICATION", "")
            .env("CLERK_LOCAL_REQUIRE_NAME", "")
            .envs(settings.iter().copied())
            .stdin(Stdio::null());
        let local = matches!(clerk, ClerkMode::Local | ClerkMode::LocalDevelopment);
        let development = matches!(clerk, ClerkMode::LocalDevelopment);
        match clerk {
            ClerkMode::Local | ClerkMode::LocalDevelopment => {
                command
                    .env("CLERK_LOCAL", "1")
                    .env("CLERK_LOCAL_DATA_DIR", data.path().join("clerk"));
                if development {
                    command.env("CLERK_LOCAL_INSTANCE_TYPE", "development");
                }
            }
            ClerkMode::RealClerkAt(other) => {
                command
                    .env("CLERK_LOCAL", "0")
                    .env("CLERK_PUBLISHABLE_KEY", other.publishable_key())
                    .env("CLERK_SECRET_KEY", other.secret_key())
                    .env("CLERK_API_URL", format!("{}/__clerk_local/api", other.base))
                    .env("CLERK_WEBHOOK_SIGNING_SECRET", other.webhook_secret());
            }
        }
        // A port found free can be taken by a test running beside this one before the server
        // binds it: then the server exits, and it is started again on another port.
        for _ in 0..3 {
            let port = free_port();
            // The log (stdout) and start-up errors (stderr), in one file.
            let log_file = std::fs::File::create(&log).unwrap();
            command
                .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
                .stderr(log_file.try_clone().unwrap())
                .stdout(log_file);
            let mut child = command.spawn().expect("the server binary starts");
            let base = format!("http://127.0.0.1:{port}");
            match wait_until_listening(&mut child, &base, &log) {
                Listening::Yes => {
                    let mut server = Self {
                        base,
                        child,
                        data,
                        log,
                        local_state: None,
                        development,
                    };
                    if local {
                        server.local_state = Some(server.read_local_state());
                    }
                    return server;
                }
                Listening::PortTaken => continue,
            }
        }
        panic!("no free port for the server in 3 tries");
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The keys are written before the server listens; read them once, while nothing else is
    /// rewriting the file, rather than on every call.
    fn read_local_state(&self) -> Value {
        let path = self.data.path().join("clerk/state.json");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}\n{}", path.display(), self.log_text()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn state(&self) -> &Value {
        self.local_state
            .as_ref()
            .expect("this server runs no local Clerk instance")
    }

    /// The local instance's secret key (guards its Backend API). The file keeps it as
    /// `sk_live_…`; a development instance answers to the same key as `sk_test_…`.
    pub fn secret_key(&self) -> String {
        let stored = self.state()["secret_key"].as_str().unwrap();
        if self.development {
            stored.replacen("sk_live_", "sk_test_", 1)
        } else {
            stored.to_owned()
        }
    }

    /// The `whsec_…` secret the local instance signs its webhooks with.
    pub fn webhook_secret(&self) -> String {
        self.state()["webhook_secret"].as_str().unwrap().to_owned()
    }

    /// The local instance's publishable key (constant: it names `clerk.local.test`).
    pub fn publishable_key(&self) -> String {
        use base64::Engine;
        let host = base64::engine::general_purpose::STANDARD_NO_PAD.encode("clerk.local.test$");
        format!("pk_live_{host}")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request to the app, with no cookies.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        client().request(method, self.url(path))
    }

    /// `GET path` as a browser asks for a page (`Accept: text/html`), signed in with `token` as
    /// a Bearer token when there is one.
    pub async fn get_accepting_html(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut request = self
            .request(Method::GET, path)
            .header("accept", "text/html");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    /// The URL of the profile form's server function (it carries a hash: read from the page,
    /// signed in with `token`).
    pub async fn profile_form_action(&self, token: &str) -> String {
        let html = self
            .request(Method::GET, "/profile")
            .header("accept", "text/html")
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        html.split("action=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the profile form's action")
            .to_owned()
    }

    /// A call to the local instance's Backend API.
    pub async fn backend(&self, method: Method, path: &str, body: Value) -> Value {
        let response = client()
            .request(method, self.url(&format!("/__clerk_local/api/v1{path}")))
            .bearer_auth(self.secret_key())
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let json: Value = response.json().await.unwrap();
        assert!(status.is_success(), "Backend API {path}: {status} {json}");
        json
    }

    /// A new user in the local instance, signed in: their id and a session token.
    pub async fn sign_in_new_user(&self, first_name: &str) -> (String, String) {
        let email = format!("{}-{}@example.com", first_name.to_lowercase(), unique());
        let user = self
            .backend(
                Method::POST,
                "/users",
                json!({ "email_address": [email], "first_name": first_name, "password": "correct-horse-battery" }),
            )
            .await;
        let user_id = user["id"].as_str().unwrap().to_owned();
        let session = self
            .backend(Method::POST, "/sessions", json!({ "user_id": user_id }))
            .await;
        let session_id = session["id"].as_str().unwrap();
        let token = self
            .backend(
                Method::POST,
                &format!("/sessions/{session_id}/tokens"),
                json!({}),
            )
            .await;
        (user_id, token["jwt"].as_str().unwrap().to_owned())
    }
}

impl Server {
    /// Sends SIGTERM, as `docker stop` and Kubernetes do.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -TERM failed");
    }

    /// The exit status, once the process has exited; `None` if it still runs after `limit`.
    pub fn wait_for_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Distinct values within one test run: the time in nanoseconds, made strictly increasing (two
/// threads can read the same nanosecond).
pub fn unique() -> u128 {
    static LAST: Mutex<u128> = Mutex::new(0);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let mut last = LAST.lock().unwrap();
    *last = now.max(*last + 1);
    *last
}

/// The status and JSON body of a response.
pub async fn json_of(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let text = response.text().await.unwrap();
    if text.is_empty() {
        return (status, Value::Null);
    }
    assert_eq!(
        content_type.as_deref(),
        Some("application/json"),
        "{status}: {text}"
    );
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}")),
    )
}

/// Sends a request; its status and JSON body.
pub async fn exchange(request: RequestBuilder) -> (u16, Value) {
    json_of(request.send().await.unwrap()).await
}

/// A webhook delivery signed with `secret`, as Clerk (Svix) sends it.
pub fn signed_delivery(server: &Server, secret: &str, id: &str, body: &Value) -> RequestBuilder {
    let body = body.to_string();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let signature = leptos_clerk::server::sign_webhook(secret, id, &now, &body).unwrap();
    server
        .request(Method::POST, "/api/webhooks/clerk")
        .header("content-type", "application/json")
        .header("svix-id", id)
        .header("svix-timestamp", now)
        .header("svix-signature", signature)
        .body(body)
}

/// Polls `check` until it returns `Some`, for at most `seconds`.
pub async fn eventually<T, F, Fut>(seconds: u64, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "not within {seconds} s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
