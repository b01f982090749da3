//! The Backend API client (`https://api.clerk.com/v1`, authenticated with the secret key).

mod error;
mod user;
mod users;

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use leptos::prelude::ServerFnError;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;

use super::config::{load_dotenv, versioned_base, ClerkConfig, ConfigError};
use super::keys::SecretKey;
use crate::constants::{
    BAPI_VERSION, CLERK_API_VERSION_HEADER, DEFAULT_API_URL, DEFAULT_API_VERSION, ENV_API_URL,
    ENV_API_VERSION, ENV_SECRET_KEY, HTTP_CONNECT_TIMEOUT_SECS, HTTP_TIMEOUT_SECS,
};
pub use error::{ApiErrorItem, ClerkError};
pub use user::{EmailAddress, User, Verification};
pub use users::UsersApi;

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
///     let Some(user_id) = get_auth().await?.user_id else { return Ok(None) };
///     let user = clerk_client()?.users().get_user(&user_id).await?;
///     Ok(user.primary_email_address().map(str::to_owned))
/// }
/// ```
#[derive(Clone)]
pub struct ClerkClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// `<api_url>/<api_version>`, no trailing slash.
    base: String,
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
                base: versioned_base(api_url, api_version),
                secret_key,
            }),
        }
    }

    /// The users endpoints.
    #[must_use]
    pub fn users(&self) -> UsersApi<'_> {
        UsersApi { client: self }
    }

    /// `GET <base>/<segments…>` and the body text of a success.
    pub(crate) async fn get_text(&self, segments: &[&str]) -> Result<String, ClerkError> {
        let secret = self
            .inner
            .secret_key
            .as_ref()
            .ok_or(ClerkError::MissingSecretKey)?;
        // URL parsers resolve `.` and `..` (even percent-encoded), escaping the endpoint.
        if segments.iter().any(|s| matches!(*s, "." | "..")) {
            return Err(ClerkError::InvalidArgument("an id cannot be `.` or `..`"));
        }
        let mut url = self.inner.base.clone();
        for segment in segments {
            url.push('/');
            url.extend(utf8_percent_encode(segment, PATH_SEGMENT));
        }
        let transport = |source: reqwest::Error| ClerkError::Transport {
            url: url.clone(),
            source: source.without_url(),
        };
        let response = self
            .inner
            .http
            .get(&url)
            .bearer_auth(secret.expose())
            .header(CLERK_API_VERSION_HEADER, BAPI_VERSION)
            .header(http::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.text().await.map_err(transport)?;
        if status.is_success() {
            Ok(body)
        } else {
            Err(ClerkError::from_answer(status.as_u16(), &headers, &body))
        }
    }

    /// `GET` and decode JSON.
    pub(crate) async fn get_json<T: DeserializeOwned>(
        &self,
        segments: &[&str],
    ) -> Result<T, ClerkError> {
        let body = self.get_text(segments).await?;
        serde_json::from_str(&body).map_err(|source| ClerkError::Decode {
            url: format!("{}/{}", self.inner.base, segments.join("/")),
            source,
        })
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
/// rendered on the server: the one of the `Clerk` that `ClerkLayer` attached, else one from the
/// environment ([`ClerkClient::from_env`]).
pub fn clerk_client() -> Result<ClerkClient, ServerFnError> {
    if let Some(clerk) = super::clerk_from_context() {
        return Ok(clerk.backend());
    }
    ClerkClient::from_env().map_err(ServerFnError::new)
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
