//! A running instance on 127.0.0.1:0 with temporary folders, and a tiny cookie-keeping browser.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use clerk_local::{JwtTemplate, LocalConfig, LocalInstance, SeedUser};
use reqwest::header::{COOKIE, ORIGIN, SET_COOKIE};
use reqwest::redirect::Policy;
use reqwest::{Method, StatusCode};
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::signature::Verifier;
use rsa::{BigUint, RsaPublicKey};
use serde_json::Value;
use sha2::Sha256;

pub const EMAIL: &str = "ada@example.com";
pub const PASSWORD: &str = "analytical-engine-1843";
pub const APP_NAME: &str = "Test App";
pub const CLERK_JS: &str = "/* clerk.browser.js */";
pub const CLERK_UI: &str = "/* ui.browser.js */";

/// A folder under the system temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "clerk_local_test_{}_{n}_{label}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&path);
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

/// Dummy bundles, one lazy chunk in a sub-folder, and a file outside `dist/` that traversal
/// must not reach.
pub fn bundles_dir() -> TempDir {
    let dir = TempDir::new("bundles");
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("clerk-js/package.json", r#"{"version": "6.40.0"}"#);
    write("clerk-js/dist/clerk.browser.js", CLERK_JS);
    // What scripts/precompress.mjs writes beside it (the content does not matter here).
    write("clerk-js/dist/clerk.browser.js.br", "brotli bytes");
    write("clerk-js/dist/chunks/signin_abc.js", "/* chunk */");
    write("ui/dist/ui.browser.js", CLERK_UI);
    write("clerk-js/secret.txt", "do not serve");
    dir
}

/// Generating an RSA key takes seconds in a debug build: every test instance starts from one
/// key made once per test run (the instance keeps whatever key its data folder has).
fn seed_key(data_dir: &Path) {
    static KEY: OnceLock<Vec<u8>> = OnceLock::new();
    let pem = KEY.get_or_init(|| {
        let bundles = bundles_dir();
        let data = TempDir::new("keygen");
        LocalInstance::open(config(data.path(), bundles.path(), "http://127.0.0.1:1")).unwrap();
        std::fs::read(data.path().join("signing_key.pem")).unwrap()
    });
    if !data_dir.join("signing_key.pem").exists() {
        std::fs::write(data_dir.join("signing_key.pem"), pem).unwrap();
    }
}

pub fn config(data_dir: &Path, bundles_dir: &Path, origin: &str) -> LocalConfig {
    LocalConfig {
        data_dir: data_dir.to_path_buf(),
        bundles_dir: bundles_dir.to_path_buf(),
        origin: origin.to_owned(),
        application_name: APP_NAME.to_owned(),
        users: vec![SeedUser {
            first_name: Some("Ada".into()),
            last_name: Some("Lovelace".into()),
            email: EMAIL.into(),
            password: PASSWORD.into(),
        }],
        jwt_templates: vec![JwtTemplate {
            name: "supabase".into(),
            lifetime: 120,
            claims: toml::from_str(
                r#"role = "authenticated"
email = "{{user.primary_email_address}}""#,
            )
            .unwrap(),
        }],
        ..LocalConfig::default()
    }
}

/// An instance served on a free loopback port.
pub struct Server {
    pub base: String,
    pub instance: LocalInstance,
    pub data: TempDir,
    pub bundles: TempDir,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start() -> Self {
        Self::start_with(TempDir::new("data"), bundles_dir()).await
    }

    /// Serves the instance in `data` (a restart, when `data` was used before).
    pub async fn start_with(data: TempDir, bundles: TempDir) -> Self {
        Self::start_configured(data, bundles, |_| {}).await
    }

    /// A fresh instance with `edit` applied to the test configuration.
    pub async fn start_edited(edit: impl FnOnce(&mut LocalConfig)) -> Self {
        Self::start_configured(TempDir::new("data"), bundles_dir(), edit).await
    }

    pub async fn start_configured(
        data: TempDir,
        bundles: TempDir,
        edit: impl FnOnce(&mut LocalConfig),
    ) -> Self {
        seed_key(data.path());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let mut config = config(data.path(), bundles.path(), &base);
        edit(&mut config);
        let instance = LocalInstance::open(config).unwrap();
        let router = instance.router();
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        Self {
            base,
            instance,
            data,
            bundles,
            task,
        }
    }

    /// Stops serving and hands back the folders, for a restart: every change is on disk.
    pub fn stop(self) -> (TempDir, TempDir) {
        self.task.abort();
        self.instance.flush();
        (self.data, self.bundles)
    }

    /// Stops serving, moves the timestamps `fields` of every stored session `minutes` into the
    /// past, and serves the same data again with `edit` applied: an old session, for real.
    pub async fn restart_with_sessions_aged(
        self,
        fields: &[&str],
        minutes: i64,
        edit: impl FnOnce(&mut LocalConfig),
    ) -> Self {
        let (data, bundles) = self.stop();
        let path = data.path().join("state.json");
        let mut state: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for client in state["clients"].as_array_mut().unwrap() {
            for session in client["sessions"].as_array_mut().unwrap() {
                for field in fields {
                    let at = session[*field].as_i64().unwrap();
                    session[*field] = Value::from(at - minutes * 60 * 1000);
                }
            }
        }
        std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();
        Self::start_configured(data, bundles, edit).await
    }

    pub fn browser(&self) -> Browser {
        Browser {
            base: self.base.clone(),
            http: http_client(),
            cookies: HashMap::new(),
            origin: Some(self.base.clone()),
            headers: Vec::new(),
        }
    }

    /// A Backend API call with `key` as the bearer token.
    pub async fn bapi(&self, path: &str, key: Option<&str>) -> (StatusCode, Value) {
        let mut request = http_client().get(format!("{}{path}", self.instance.api_url()));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// A Backend API call with the instance's secret key and a JSON body.
    pub async fn api(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = http_client()
            .request(method, format!("{}{path}", self.instance.api_url()))
            .bearer_auth(self.instance.secret_key());
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// The newest one-time code sent to `email`, read as tests must: with the secret key.
    pub async fn latest_code(&self, email: &str) -> Option<String> {
        let response = http_client()
            .get(format!("{}/__clerk_local/test/codes", self.base))
            .query(&[("email", email)])
            .bearer_auth(self.instance.secret_key())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        body["code"].as_str().map(str::to_owned)
    }

    /// Fails the test when any request went unanswered.
    pub async fn assert_nothing_unhandled(&self) {
        let list: Value = http_client()
            .get(format!("{}/__clerk_local/unhandled", self.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list, serde_json::json!([]), "unhandled requests");
    }
}

fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap()
}

/// Keeps cookies like a browser on the app's origin, sends `Origin` like fetch does.
pub struct Browser {
    base: String,
    http: reqwest::Client,
    pub cookies: HashMap<String, String>,
    /// The `Origin` sent (the page's): the instance's own unless a test plays another page.
    pub origin: Option<String>,
    /// Sent with every request (`Referer`, `Host`...).
    pub headers: Vec<(&'static str, String)>,
}

pub struct Answer {
    pub status: StatusCode,
    pub set_cookies: Vec<String>,
    pub location: Option<String>,
    pub retry_after: Option<String>,
    pub body: Value,
}

impl Browser {
    pub async fn get(&mut self, path: &str) -> Answer {
        self.send(Method::GET, path, &[]).await
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Answer {
        self.send(Method::POST, path, form).await
    }

    pub async fn send(&mut self, method: Method, path: &str, form: &[(&str, &str)]) -> Answer {
        let (mut answer, text) = self.send_for_text(method, path, form).await;
        if !text.is_empty() {
            answer.body = serde_json::from_str(&text).unwrap();
        }
        answer
    }

    /// A page (HTML): the answer, its body left `Null`, and the text.
    pub async fn page(
        &mut self,
        method: Method,
        path: &str,
        form: &[(&str, &str)],
    ) -> (Answer, String) {
        self.send_for_text(method, path, form).await
    }

    async fn send_for_text(
        &mut self,
        method: Method,
        path: &str,
        form: &[(&str, &str)],
    ) -> (Answer, String) {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.base));
        if let Some(origin) = &self.origin {
            request = request.header(ORIGIN, origin);
        }
        for (name, value) in &self.headers {
            request = request.header(*name, value);
        }
        if !self.cookies.is_empty() {
            let line: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            request = request.header(COOKIE, line.join("; "));
        }
        if method == Method::POST {
            request = request.form(form);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let set_cookies: Vec<String> = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        for cookie in &set_cookies {
            let (pair, attributes) = cookie.split_once(';').unwrap_or((cookie, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let retry_after = response
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_owned());
        let text = response.text().await.unwrap();
        let answer = Answer {
            status,
            set_cookies,
            location,
            retry_after,
            body: Value::Null,
        };
        (answer, text)
    }

    /// Signs in with the seeded user in one request; returns the sign-in answer.
    pub async fn sign_in(&mut self) -> Answer {
        let answer = self.try_sign_in(PASSWORD).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        answer
    }

    /// Signs in with another user (one the test made) in one request.
    pub async fn sign_in_as(&mut self, email: &str, password: &str) -> Answer {
        let answer = self.try_sign_in_as(email, password).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        answer
    }

    /// A one-request sign-in of the seeded user with `password`, whatever the answer.
    pub async fn try_sign_in(&mut self, password: &str) -> Answer {
        self.try_sign_in_as(EMAIL, password).await
    }

    async fn try_sign_in_as(&mut self, email: &str, password: &str) -> Answer {
        self.post(
            "/__clerk/v1/client/sign_ins?__clerk_api_version=2025-11-10&_clerk_js_version=6.40.0",
            &[
                ("identifier", email),
                ("strategy", "password"),
                ("password", password),
            ],
        )
        .await
    }

    /// Signs in with the seeded user; returns the new session's id.
    pub async fn sign_in_session_id(&mut self) -> String {
        let answer = self.sign_in().await;
        answer.body["response"]["created_session_id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Starts an email-code sign-in for the seeded user (the code goes to the log); returns
    /// the sign-in's id.
    pub async fn start_email_code_sign_in(&mut self) -> String {
        let created = self
            .post("/__clerk/v1/client/sign_ins", &[("identifier", EMAIL)])
            .await;
        let id = created.body["response"]["id"].as_str().unwrap().to_owned();
        let address = email_code_address(&created.body["response"]);
        let prepared = self
            .post(
                &format!("/__clerk/v1/client/sign_ins/{id}/prepare_first_factor"),
                &[("strategy", "email_code"), ("email_address_id", &address)],
            )
            .await;
        assert_eq!(prepared.status, StatusCode::OK, "{}", prepared.body);
        assert_eq!(
            prepared.body["response"]["first_factor_verification"]["status"],
            "unverified"
        );
        id
    }
}

/// Checks an RS256 JWT against a JWKS and returns (header, claims).
pub fn verify_jwt(token: &str, jwks: &Value) -> (Value, Value) {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "not a JWT: {token}");
    let decode = |part: &str| -> Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
    };
    let (header, claims) = (decode(parts[0]), decode(parts[1]));
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == header["kid"])
        .expect("a JWK with the token's kid");
    assert_eq!(
        (jwk["kty"].as_str(), jwk["alg"].as_str()),
        (Some("RSA"), Some("RS256"))
    );
    let number = |field: &str| {
        BigUint::from_bytes_be(
            &URL_SAFE_NO_PAD
                .decode(jwk[field].as_str().unwrap())
                .unwrap(),
        )
    };
    let key = RsaPublicKey::new(number("n"), number("e")).unwrap();
    let signature =
        Signature::try_from(URL_SAFE_NO_PAD.decode(parts[2]).unwrap().as_slice()).unwrap();
    VerifyingKey::<Sha256>::new(key)
        .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
        .expect("a valid RS256 signature");
    (header, claims)
}

/// The first Set-Cookie for `name`.
pub fn set_cookie<'a>(answer: &'a Answer, name: &str) -> Option<&'a str> {
    answer
        .set_cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(String::as_str)
}

/// What the user's authenticator app shows for `secret` (base32) when they type it. The instance
/// takes a code once (RFC 6238 §5.2), so each call for a secret gives a later time step's code
/// than the call before: now's, or the next step's while the instance's one-step window still
/// takes it, or else, after waiting for the next step, that step's.
pub async fn app_code(secret: &str) -> String {
    static LAST_STEPS: Mutex<BTreeMap<String, u64>> = Mutex::new(BTreeMap::new());
    let bytes = totp_rs::Secret::Encoded(secret.to_owned())
        .to_bytes()
        .unwrap();
    let app = totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes).unwrap();
    loop {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
        let now_step = now.as_secs() / 30;
        {
            let mut last_steps = LAST_STEPS.lock().unwrap();
            let step = last_steps
                .get(secret)
                .map_or(now_step, |last| now_step.max(last + 1));
            if step <= now_step + 1 {
                last_steps.insert(secret.to_owned(), step);
                return app.generate(step * 30);
            }
        }
        let next_step = Duration::from_secs((now_step + 1) * 30);
        tokio::time::sleep(next_step - now).await;
    }
}

/// The `email_address_id` of a sign-in's `email_code` factor, as clerk-js sends it back.
pub fn email_code_address(sign_in: &Value) -> String {
    sign_in["supported_first_factors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|factor| factor["strategy"] == "email_code")
        .and_then(|factor| factor["email_address_id"].as_str())
        .unwrap()
        .to_owned()
}
