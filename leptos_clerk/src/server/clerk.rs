//! `Clerk`: the configured instance the server talks to, shared by the layer, the extractors and
//! server functions.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use http::request::Parts;

use super::authenticate::{authenticate_request, Instance, RequestState};
use super::backend::{ClerkClient, RetryPolicy, User};
use super::config::{ClerkConfig, ConfigError, CookieNames};
use super::recent_failures::RecentFailures;
use super::tokens::Jwks;
use super::tokens::SessionClaims;
use super::tokens::{TokenVerificationError, VerifyOptions};
use super::user_cache::UserCache;
use super::verifier::{KeyFetch, Verifier};

/// A configured Clerk instance. Cheap to clone (one `Arc`); build it once at start-up.
///
/// # Usage
/// ```no_run
/// use axum::{routing::get, Router};
/// use leptos_clerk::server::{Auth, Clerk, ClerkConfig};
///
/// # fn f() -> Result<(), leptos_clerk::server::ConfigError> {
/// let clerk = Clerk::new(ClerkConfig::from_env()?)?;
/// let app: Router = Router::new()
///     .route("/me", get(|auth: Auth| async move { auth.user_id().unwrap_or_default().to_owned() }))
///     .layer(clerk.layer());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Clerk {
    inner: Arc<Inner>,
}

struct Inner {
    config: ClerkConfig,
    cookie_names: CookieNames,
    /// For the app, and for work no request waits on: retries with backoff.
    backend: ClerkClient,
    /// For calls a request waits on: one attempt, `request_backend_timeout` at most.
    request_backend: ClerkClient,
    /// `request_backend` with this server's machine secret key, when it has one: for verifying
    /// M2M tokens as that machine.
    m2m_backend: ClerkClient,
    verifier: Verifier,
    users: UserCache,
    failed_nonces: RecentFailures,
    /// Opaque machine tokens and API keys the Backend API did not know.
    refused_tokens: RecentFailures,
}

impl Clerk {
    /// Checks the configuration and sets up the HTTP client and key cache.
    pub fn new(config: ClerkConfig) -> Result<Self, ConfigError> {
        config.validate()?;
        let backend = ClerkClient::from_config(&config);
        let request_backend = backend
            .with_retry(RetryPolicy {
                attempts: 1,
                ..RetryPolicy::default()
            })
            .with_timeout(config.request_backend_timeout);
        let options = VerifyOptions {
            authorized_parties: config.authorized_parties.clone(),
            clock_skew: config.clock_skew,
            issuers: config.issuers.clone(),
        };
        // `validate` has checked the key; a failure here would be the same message.
        let local_keys = config
            .jwt_key
            .as_deref()
            .map(Jwks::from_pem)
            .transpose()
            .map_err(|e| ConfigError::InvalidJwtKey { reason: e.message })?;
        let verifier = Verifier::new(
            local_keys,
            KeyFetch {
                background: backend.clone(),
                on_request: request_backend.clone(),
                ttl: config.jwks_cache_ttl,
            },
            options,
            config.verified_token_cache,
        );
        let m2m_backend = match &config.machine_secret_key {
            Some(key) => request_backend.with_secret_key(key.clone()),
            None => request_backend.clone(),
        };
        Ok(Self {
            inner: Arc::new(Inner {
                cookie_names: CookieNames::new(&config),
                config,
                backend,
                request_backend,
                m2m_backend,
                verifier,
                users: UserCache::new(),
                failed_nonces: RecentFailures::new(),
                refused_tokens: RecentFailures::new(),
            }),
        })
    }

    /// [`ClerkConfig::from_env`] then [`Clerk::new`].
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::new(ClerkConfig::from_env()?)
    }

    /// The Backend API client of this instance.
    #[must_use]
    pub fn backend(&self) -> ClerkClient {
        self.inner.backend.clone()
    }

    /// Forgets the user profile cached for page renders (`load_user`), so the next page shows
    /// what the Backend API has now. Call it after you change a user (`users().update_user(..)`).
    pub fn forget_user(&self, user_id: &str) {
        self.inner.users.forget(user_id);
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &ClerkConfig {
        &self.inner.config
    }

    /// The Backend API client for calls a request waits on (one attempt, a short timeout).
    pub(crate) fn request_backend(&self) -> &ClerkClient {
        &self.inner.request_backend
    }

    /// The Backend API client that verifies opaque M2M tokens (see `machine_secret_key`).
    pub(crate) fn m2m_backend(&self) -> &ClerkClient {
        &self.inner.m2m_backend
    }

    pub(crate) fn refused_tokens(&self) -> &RecentFailures {
        &self.inner.refused_tokens
    }

    pub(crate) fn verifier(&self) -> &Verifier {
        &self.inner.verifier
    }

    /// The instance's (suffixed) cookie names.
    pub(crate) fn cookie_names(&self) -> &CookieNames {
        &self.inner.cookie_names
    }

    /// Clerk's `authenticateRequest`: signed in, signed out, or handshake, with the headers the
    /// response needs (`Location`, `Set-Cookie`, `x-clerk-auth-*`). Never fails.
    ///
    /// # Usage
    /// ```no_run
    /// use leptos_clerk::server::{AuthStatus, Clerk};
    ///
    /// # async fn f(clerk: Clerk, parts: http::request::Parts) {
    /// let state = clerk.authenticate_request(&parts).await;
    /// if state.status == AuthStatus::Handshake {
    ///     println!("redirect to {:?}", state.location());
    /// }
    /// # }
    /// ```
    pub async fn authenticate_request(&self, parts: &Parts) -> RequestState {
        self.authenticate_request_at(parts, SystemTime::now()).await
    }

    /// [`authenticate_request`](Self::authenticate_request) as if the clock read `now` (for
    /// tests and replays; token times are checked against it).
    pub async fn authenticate_request_at(&self, parts: &Parts, now: SystemTime) -> RequestState {
        let instance = Instance {
            config: &self.inner.config,
            cookie_names: &self.inner.cookie_names,
            verifier: &self.inner.verifier,
            backend: &self.inner.backend,
            request_backend: &self.inner.request_backend,
            failed_nonces: &self.inner.failed_nonces,
        };
        authenticate_request(&instance, parts, now).await
    }

    /// Verifies a session token with this instance's keys (fetched and cached as needed).
    pub async fn verify_token(&self, token: &str) -> Result<SessionClaims, TokenVerificationError> {
        self.inner
            .verifier
            .verify(token, SystemTime::now(), None)
            .await
            .map(Arc::unwrap_or_clone)
    }

    /// The user of a session for page rendering, from a 10-second cache of that session's or
    /// the Backend API (one attempt of at most `request_backend_timeout`: the page renders
    /// without the user rather than wait). Failures are logged and give `None`.
    pub(crate) async fn session_user(&self, session_id: &str, user_id: &str) -> Option<Arc<User>> {
        if let Some(user) = self.inner.users.get(session_id, user_id) {
            return Some(user);
        }
        match self.inner.request_backend.users().get_user(user_id).await {
            Ok(user) => {
                let user = Arc::new(user);
                self.inner.users.insert(session_id, Arc::clone(&user));
                Some(user)
            }
            Err(error) => {
                tracing::warn!("leptos_clerk: loading user {user_id} for the page failed: {error}");
                None
            }
        }
    }
}

impl fmt::Debug for Clerk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Clerk")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}
