//! The Backend API client (`https://api.clerk.com/v1`, authenticated with the secret key).

mod api_keys;
mod clients;
mod error;
mod invitations;
mod m2m_tokens;
mod organizations;
mod sessions;
mod sign_in_tokens;
mod user;
mod users;
mod waitlist_entries;

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use http::Method;
use leptos::prelude::ServerFnError;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;

use super::api_keys::SecretKey;
use super::config::{load_dotenv, versioned_base, ClerkConfig, ConfigError};
use crate::constants::{
    BAPI_VERSION, CLERK_API_VERSION_HEADER, DEFAULT_API_URL, DEFAULT_API_VERSION, ENV_API_URL,
    ENV_API_VERSION, ENV_SECRET_KEY, HTTP_CONNECT_TIMEOUT_SECS, HTTP_TIMEOUT_SECS,
};
pub use api_keys::{ApiKey, ApiKeyParams, ApiKeysApi};
pub use clients::ClientsApi;
pub use error::{ApiErrorItem, ClerkError};
pub use invitations::{Invitation, InvitationParams, InvitationsApi};
pub use m2m_tokens::{M2mToken, M2mTokenFormat, M2mTokenParams, M2mTokensApi};
pub use organizations::{
    Organization, OrganizationInvitation, OrganizationInvitationParams, OrganizationMembership,
    OrganizationParams, OrganizationsApi,
};
pub use sessions::{Session, SessionListParams, SessionsApi, Token};
pub use sign_in_tokens::{SignInToken, SignInTokensApi};
pub use user::{EmailAddress, ExternalAccount, PhoneNumber, User, Verification};
pub use users::{MetadataParams, UserListParams, UserParams, UsersApi};
pub use waitlist_entries::{WaitlistEntriesApi, WaitlistEntry};

/// What stays literal in a path segment: unreserved characters (RFC 3986).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A Backend API client. Cheap to clone; all clones share one connection pool.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
///
/// #[server]
/// pub async fn my_email() -> Result<Option<String>, ServerFnError> {
///     use leptos_clerk::server::{clerk_client, get_auth};
///     let auth = get_auth().await?;
///     let Some(user_id) = auth.user_id() else { return Ok(None) };
///     let user = clerk_client()?.users().get_user(user_id).await?;
///     Ok(user.primary_email_address().map(str::to_owned))
/// }
/// ```
#[derive(Clone)]
pub struct ClerkClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    retry: RetryPolicy,
    timeout: Duration,
    /// `<api_url>/<api_version>`, no trailing slash.
    base: String,
    /// `<api_url>`, no trailing slash: the M2M and API key endpoints have no version.
    unversioned_base: String,
    secret_key: Option<SecretKey>,
}

impl ClerkClient {
    /// A client for the Backend API at `api_url` (e.g. `https://api.clerk.com`), version `v1`.
    #[must_use]
    pub fn new(api_url: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self::with_parts(
            &api_url.into(),
            DEFAULT_API_VERSION,
            Some(SecretKey::new(secret_key)),
        )
    }

    /// A client from `CLERK_SECRET_KEY` (required) and `CLERK_API_URL`, `CLERK_API_VERSION`
    /// (optional), after loading `.env`.
    pub fn from_env() -> Result<Self, ConfigError> {
        load_dotenv()?;
        let var = |name| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let secret = var(ENV_SECRET_KEY).ok_or(ConfigError::MissingSecretKey)?;
        let api_url = var(ENV_API_URL).unwrap_or_else(|| DEFAULT_API_URL.to_owned());
        let api_version = var(ENV_API_VERSION).unwrap_or_else(|| DEFAULT_API_VERSION.to_owned());
        Ok(Self::with_parts(
            &api_url,
            &api_version,
            Some(SecretKey::new(secret)),
        ))
    }

    pub(crate) fn from_config(config: &ClerkConfig) -> Self {
        Self::with_parts(
            &config.api_url,
            &config.api_version,
            config.secret_key.clone(),
        )
    }

    fn with_parts(api_url: &str, api_version: &str, secret_key: Option<SecretKey>) -> Self {
        Self {
            inner: Arc::new(Inner {
                http: shared_http(),
                retry: RetryPolicy::default(),
                timeout: Duration::from_secs(HTTP_TIMEOUT_SECS),
                base: versioned_base(api_url, api_version),
                unversioned_base: api_url.trim_end_matches('/').to_owned(),
                secret_key,
            }),
        }
    }

    /// The same client with another retry policy (e.g. `attempts: 1` to never retry).
    #[must_use]
    pub fn with_retry(&self, retry: RetryPolicy) -> Self {
        self.with(retry, self.inner.timeout)
    }

    /// The same client with another timeout per attempt (default 10 s).
    #[must_use]
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        self.with(self.inner.retry, timeout)
    }

    /// The same client calling with another key (a machine's, for its M2M tokens).
    pub(crate) fn with_secret_key(&self, secret_key: SecretKey) -> Self {
        Self {
            inner: Arc::new(Inner {
                http: self.inner.http.clone(),
                retry: self.inner.retry,
                timeout: self.inner.timeout,
                base: self.inner.base.clone(),
                unversioned_base: self.inner.unversioned_base.clone(),
                secret_key: Some(secret_key),
            }),
        }
    }

    fn with(&self, retry: RetryPolicy, timeout: Duration) -> Self {
        Self {
            inner: Arc::new(Inner {
                http: self.inner.http.clone(),
                retry,
                timeout,
                base: self.inner.base.clone(),
                unversioned_base: self.inner.unversioned_base.clone(),
                secret_key: self.inner.secret_key.clone(),
            }),
        }
    }

    /// The users endpoints.
    #[must_use]
    pub fn users(&self) -> UsersApi<'_> {
        UsersApi { client: self }
    }

    /// The organizations endpoints.
    #[must_use]
    pub fn organizations(&self) -> OrganizationsApi<'_> {
        OrganizationsApi { client: self }
    }

    /// `GET /v1/jwks`: the instance's public keys (what session tokens are verified with).
    /// The SDK's own key fetching; not part of the API an app uses.
    #[doc(hidden)]
    pub async fn jwks(&self) -> Result<JsonWebKeySet, ClerkError> {
        self.get_json(&["jwks"]).await
    }

    /// The clients endpoints (the handshake payload): the SDK's own handshake; not part of the
    /// API an app uses.
    #[doc(hidden)]
    #[must_use]
    pub fn clients(&self) -> ClientsApi<'_> {
        ClientsApi { client: self }
    }

    /// The sessions endpoints.
    #[must_use]
    pub fn sessions(&self) -> SessionsApi<'_> {
        SessionsApi { client: self }
    }

    /// The API key endpoints: create a key for a user or an organization, verify one.
    #[must_use]
    pub fn api_keys(&self) -> ApiKeysApi<'_> {
        ApiKeysApi { client: self }
    }

    /// The waitlist endpoints: list, invite, reject.
    #[must_use]
    pub fn waitlist_entries(&self) -> WaitlistEntriesApi<'_> {
        WaitlistEntriesApi { client: self }
    }

    /// The invitations endpoints: invite an address to sign up, list, revoke.
    #[must_use]
    pub fn invitations(&self) -> InvitationsApi<'_> {
        InvitationsApi { client: self }
    }

    /// The sign-in token endpoints: one-time tickets that sign a user in.
    #[must_use]
    pub fn sign_in_tokens(&self) -> SignInTokensApi<'_> {
        SignInTokensApi { client: self }
    }

    /// The M2M token endpoints. To ask for a token, build the client with the machine's secret
    /// key (`ClerkClient::new(api_url, "ak_…")`); to verify one, the instance's key will do.
    #[must_use]
    pub fn m2m_tokens(&self) -> M2mTokensApi<'_> {
        M2mTokensApi { client: self }
    }

    /// Any Backend API endpoint this client has no method for (organization invitations,
    /// sign-in tokens, …), with the same secret key, retries and errors: `segments` are the path
    /// after `/v1`, one element per segment, each percent-encoded here (`&["organizations",
    /// org_id, "invitations"]`); `query` the query's pairs; `body` the JSON body. Decodes the
    /// answer as `T` (`serde_json::Value` for any; an empty answer, `204`, is `null`, which `()`
    /// takes too).
    ///
    /// ```no_run
    /// # async fn f(client: &leptos_clerk::server::ClerkClient) -> Result<(), leptos_clerk::server::ClerkError> {
    /// use http::Method;
    /// use serde_json::{json, Value};
    ///
    /// let invitation: Value = client
    ///     .request(
    ///         Method::POST,
    ///         &["organizations", "org_123", "invitations"],
    ///         &[],
    ///         Some(&json!({ "email_address": "ada@example.com", "role": "org:member" })),
    ///     )
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn request<T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(&str, &str)],
        body: Option<&serde_json::Value>,
    ) -> Result<T, ClerkError> {
        let mut call = Call::new(method, segments);
        for (name, value) in query {
            call = call.query(name, *value);
        }
        if let Some(body) = body {
            call = call.body(body);
        }
        self.json(call).await
    }

    /// Every page of a list endpoint: `call` (the request without paging) asked again from
    /// each offset, 100 items at a time, until a page comes back short.
    pub(crate) async fn every_page<'a, T: DeserializeOwned>(
        &self,
        call: impl Fn() -> Call<'a>,
    ) -> Result<Vec<T>, ClerkError> {
        const PAGE: usize = 100;
        let mut items = Vec::new();
        loop {
            let paged = call()
                .query("limit", PAGE.to_string())
                .query("offset", items.len().to_string());
            let page = self.json::<List<T>>(paged).await?.into_vec();
            let last = page.len() < PAGE;
            items.extend(page);
            if last {
                return Ok(items);
            }
        }
    }

    /// `GET <base>/<segments…>` and the body text of a success.
    pub(crate) async fn get_text(&self, segments: &[&str]) -> Result<String, ClerkError> {
        self.send(Call::new(Method::GET, segments)).await
    }

    /// `GET` and decode JSON.
    pub(crate) async fn get_json<T: DeserializeOwned>(
        &self,
        segments: &[&str],
    ) -> Result<T, ClerkError> {
        self.json(Call::new(Method::GET, segments)).await
    }

    /// Sends a call and decodes the JSON answer; an empty one (`204 No Content`) as `null`.
    pub(crate) async fn json<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<T, ClerkError> {
        let url = self.url(call.segments, call.versioned)?;
        let body = self.send(call).await?;
        let body = if body.trim().is_empty() {
            "null"
        } else {
            &body
        };
        serde_json::from_str(body).map_err(|source| ClerkError::Decode { url, source })
    }

    fn url(&self, segments: &[&str], versioned: bool) -> Result<String, ClerkError> {
        // URL parsers resolve `.` and `..` (even percent-encoded), escaping the endpoint.
        if segments.iter().any(|s| matches!(*s, "." | ".." | "")) {
            return Err(ClerkError::InvalidArgument(
                "an id cannot be empty, `.` or `..`",
            ));
        }
        let mut url = if versioned {
            self.inner.base.clone()
        } else {
            self.inner.unversioned_base.clone()
        };
        for segment in segments {
            url.push('/');
            url.extend(utf8_percent_encode(segment, PATH_SEGMENT));
        }
        Ok(url)
    }

    /// Sends a call, retrying 429 and 5xx answers (and failed connections for idempotent
    /// methods) with backoff that honours `Retry-After`; returns the body of a success.
    pub(crate) async fn send(&self, call: Call<'_>) -> Result<String, ClerkError> {
        let secret = self
            .inner
            .secret_key
            .as_ref()
            .ok_or(ClerkError::MissingSecretKey)?;
        let url = self.url(call.segments, call.versioned)?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut request = self
                .inner
                .http
                .request(call.method.clone(), &url)
                .timeout(self.inner.timeout)
                .bearer_auth(secret.expose())
                .header(CLERK_API_VERSION_HEADER, BAPI_VERSION)
                .header(http::header::ACCEPT, "application/json");
            if !call.query.is_empty() {
                request = request.query(&call.query);
            }
            if let Some(body) = call.body {
                request = request.json(body);
            }
            let transport = |source: reqwest::Error| ClerkError::Transport {
                url: url.clone(),
                source: source.without_url(),
            };
            let outcome = match request.send().await {
                Ok(response) if response.status().is_success() => match response.text().await {
                    Ok(body) => return Ok(body),
                    Err(e) => Err(transport(e)),
                },
                // Only an error reads the headers (`Retry-After`, the trace id): a success does
                // not copy them.
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    match response.text().await {
                        Ok(body) => Err(ClerkError::from_answer(status.as_u16(), &headers, &body)),
                        Err(e) => Err(transport(e)),
                    }
                }
                Err(e) => Err(transport(e)),
            };
            let error = match outcome {
                Ok(never) => return Ok(never),
                Err(error) => error,
            };
            // A 429 was not processed, so any call may be sent again; a 5xx or a lost
            // connection may have been, so only calls that are safe to repeat are.
            let idempotent = matches!(
                call.method,
                Method::GET | Method::HEAD | Method::PUT | Method::DELETE
            );
            let retryable = match &error {
                ClerkError::Api { status, .. } => *status == 429 || (*status >= 500 && idempotent),
                ClerkError::Transport { .. } => idempotent,
                _ => false,
            };
            if !retryable || attempt >= self.inner.retry.attempts {
                return Err(error);
            }
            let wait = self.inner.retry.wait_before(attempt, error.retry_after());
            tracing::debug!(
                "leptos_clerk: Backend API call failed ({error}); retrying in {wait:?}"
            );
            tokio::time::sleep(wait).await;
        }
    }
}

/// A list answer: a bare array, or a page `{"data": [...], "total_count": n}`.
#[derive(serde::Deserialize)]
#[serde(untagged)]
pub(crate) enum List<T> {
    Bare(Vec<T>),
    Page { data: Vec<T> },
}

impl<T> List<T> {
    pub(crate) fn into_vec(self) -> Vec<T> {
        match self {
            Self::Bare(items) | Self::Page { data: items } => items,
        }
    }
}

/// What a `DELETE` answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DeletedObject {
    /// The id of what was deleted.
    #[serde(default)]
    pub id: String,
    /// e.g. `user`.
    #[serde(default)]
    pub object: String,
    /// `true`.
    #[serde(default)]
    pub deleted: bool,
}

/// The instance's JWKS document.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct JsonWebKeySet {
    /// The keys (RSA for Clerk; other kinds are kept as they come).
    #[serde(default)]
    pub keys: Vec<serde_json::Value>,
}

/// One Backend API call: method, path segments (each percent-encoded), query and JSON body.
pub(crate) struct Call<'a> {
    pub(crate) method: Method,
    pub(crate) segments: &'a [&'a str],
    pub(crate) query: Vec<(&'a str, String)>,
    pub(crate) body: Option<&'a serde_json::Value>,
    /// Under `<api_url>/<api_version>` (all but the M2M and API key endpoints) or `<api_url>`.
    pub(crate) versioned: bool,
}

impl<'a> Call<'a> {
    pub(crate) fn new(method: Method, segments: &'a [&'a str]) -> Self {
        Self {
            method,
            segments,
            query: Vec::new(),
            body: None,
            versioned: true,
        }
    }

    /// A path without the API version, as Clerk serves `/m2m_tokens` and `/api_keys`.
    pub(crate) fn unversioned(mut self) -> Self {
        self.versioned = false;
        self
    }

    pub(crate) fn query(mut self, name: &'a str, value: impl Into<String>) -> Self {
        self.query.push((name, value.into()));
        self
    }

    /// `name=value` when there is a value; an optional parameter left out otherwise.
    pub(crate) fn query_some(self, name: &'a str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    pub(crate) fn body(mut self, body: &'a serde_json::Value) -> Self {
        self.body = Some(body);
        self
    }
}

/// How failed calls are retried: at most `attempts` tries, waiting `base`, `2 × base`, … (or
/// what `Retry-After` asks, up to `max_wait`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total tries, including the first (1 = no retry).
    pub attempts: u32,
    /// The first wait.
    pub base: Duration,
    /// The longest single wait.
    pub max_wait: Duration,
}

impl RetryPolicy {
    /// The wait after failed try number `attempt` (from 1): what `Retry-After` asks, else
    /// exponential backoff, at most `max_wait`; then up to a quarter more at random, so that
    /// many servers turned away at once do not come back in lockstep.
    fn wait_before(&self, attempt: u32, retry_after_secs: Option<u64>) -> Duration {
        let wait = match retry_after_secs {
            Some(secs) => Duration::from_secs(secs),
            None => self.base.saturating_mul(2u32.saturating_pow(attempt - 1)),
        }
        .min(self.max_wait);
        let jitter = rand::Rng::gen_range(&mut rand::thread_rng(), 0.0..=0.25);
        wait + wait.mul_f64(jitter)
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 3,
            base: Duration::from_millis(200),
            max_wait: Duration::from_secs(5),
        }
    }
}

impl fmt::Debug for ClerkClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClerkClient")
            .field("base", &self.inner.base)
            .field("secret_key", &self.inner.secret_key)
            .finish()
    }
}

/// The Backend API client for the current request, inside a server function or a component
/// rendered on the server: the one of the `Clerk` that `ClerkLayer` attached. Outside a request
/// that went through the layer it fails with a message naming the fix, as `get_auth()` does;
/// there is no fallback to the environment, which could silently reach another instance. (In a
/// background task, keep a `ClerkClient` from [`Clerk::backend`](super::Clerk::backend) or build
/// one with [`ClerkClient::from_env`].)
pub fn clerk_client() -> Result<ClerkClient, ServerFnError> {
    super::clerk_from_context()
        .map(|clerk| clerk.backend())
        .ok_or_else(|| ServerFnError::new(super::MissingClerkLayer))
}

/// One HTTP client for the whole process: one connection pool, fixed timeouts.
pub(crate) fn shared_http() -> reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            reqwest::Client::builder()
                .user_agent(concat!("leptos_clerk/", env!("CARGO_PKG_VERSION")))
                .connect_timeout(Duration::from_secs(HTTP_CONNECT_TIMEOUT_SECS))
                .timeout(Duration::from_secs(HTTP_TIMEOUT_SECS))
                .build()
                .unwrap_or_default()
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_waits_are_spread_and_bounded() {
        let policy = RetryPolicy::default();
        let waits: Vec<Duration> = (0..64).map(|_| policy.wait_before(2, None)).collect();
        let backoff = policy.base * 2;
        assert!(waits
            .iter()
            .all(|w| *w >= backoff && *w <= backoff.mul_f64(1.25)));
        let distinct: std::collections::HashSet<_> = waits.iter().collect();
        assert!(distinct.len() > 32, "waits in lockstep: {waits:?}");
        let asked = policy.wait_before(1, Some(2));
        assert!(asked >= Duration::from_secs(2) && asked <= Duration::from_millis(2500));
        let capped = policy.wait_before(1, Some(3600));
        assert!(capped <= policy.max_wait.mul_f64(1.25));
    }
}
