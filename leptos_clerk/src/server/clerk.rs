//! `Clerk`: the configured instance the server talks to, shared by the layer, the extractors and
//! server functions.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use http::request::Parts;

use super::auth::Auth;
use super::authenticate::authenticate_request;
use super::backend::{ClerkClient, User};
use super::claims::SessionClaims;
use super::config::{ClerkConfig, ConfigError};
use super::jwks::{Jwks, RemoteJwks};
use super::layer::ClerkLayer;
use super::user_cache::UserCache;
use super::verify::{verify_decoded, Jwt, TokenVerificationError, VerifyOptions};

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
///     .route("/me", get(|auth: Auth| async move { auth.user_id.unwrap_or_default() }))
///     .layer(clerk.layer());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Clerk {
    inner: Arc<Inner>,
}

struct Inner {
    config: ClerkConfig,
    backend: ClerkClient,
    keys: KeySource,
    verify: VerifyOptions,
    users: UserCache,
}

/// Where verification keys come from.
enum KeySource {
    /// `CLERK_JWT_KEY`: no network.
    Local(Arc<Jwks>),
    /// The Backend API's JWKS, cached.
    Remote(RemoteJwks),
}

impl Clerk {
    /// Checks the configuration and sets up the HTTP client and key cache.
    pub fn new(config: ClerkConfig) -> Result<Self, ConfigError> {
        config.validate()?;
        let backend = ClerkClient::from_config(&config);
        let keys = match config.jwt_keys()? {
            Some(jwks) => KeySource::Local(Arc::new(jwks)),
            None => KeySource::Remote(RemoteJwks::new(backend.clone())),
        };
        let verify = VerifyOptions {
            authorized_parties: config.authorized_parties.clone(),
            clock_skew: config.clock_skew,
        };
        Ok(Self {
            inner: Arc::new(Inner {
                config,
                backend,
                keys,
                verify,
                users: UserCache::new(),
            }),
        })
    }

    /// [`ClerkConfig::from_env`] then [`Clerk::new`].
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::new(ClerkConfig::from_env()?)
    }

    /// The tower layer that authenticates every request; add it once, around the whole router.
    #[must_use]
    pub fn layer(&self) -> ClerkLayer {
        ClerkLayer::new(self.clone())
    }

    /// The Backend API client of this instance.
    #[must_use]
    pub fn backend(&self) -> ClerkClient {
        self.inner.backend.clone()
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &ClerkConfig {
        &self.inner.config
    }

    /// Authenticates a request, as `ClerkLayer` does (you rarely need this directly: the layer
    /// already did it, read the result with `get_auth()`).
    pub async fn authenticate(&self, parts: &Parts) -> Auth {
        authenticate_request(self, parts).await
    }

    /// Verifies a session token with this instance's keys (fetched and cached as needed).
    pub async fn verify_token(&self, token: &str) -> Result<SessionClaims, TokenVerificationError> {
        let jwt = Jwt::decode(token)?;
        let keys = match &self.inner.keys {
            KeySource::Local(keys) => Arc::clone(keys),
            KeySource::Remote(remote) => remote.keys_for(jwt.kid()).await?,
        };
        verify_decoded(&jwt, &keys, &self.inner.verify, SystemTime::now())
    }

    /// The user for page rendering, from a 10-second cache or the Backend API. Failures are
    /// logged and give `None`.
    pub(crate) async fn session_user(&self, user_id: &str) -> Option<Arc<User>> {
        if let Some(user) = self.inner.users.get(user_id) {
            return Some(user);
        }
        match self.inner.backend.users().get_user(user_id).await {
            Ok(user) => {
                let user = Arc::new(user);
                self.inner.users.insert(user_id, Arc::clone(&user));
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
