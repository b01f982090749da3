//! `Clerk`: the configured instance the server talks to, shared by the layer, the extractors and
//! server functions.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use http::request::Parts;

use super::auth::Auth;
use super::authenticate::{authenticate_request, millis, CookieNames, Peek, RequestState};
use super::backend::{ClerkClient, User};
use super::claims::SessionClaims;
use super::config::{ClerkConfig, ConfigError};
use super::jwks::{Jwks, RemoteJwks};
use super::layer::ClerkLayer;
use super::token_cache::TokenCache;
use super::user_cache::UserCache;
use super::verify::{verify_decoded, verify_handshake, Jwt, TokenVerificationError, VerifyOptions};

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
    backend: ClerkClient,
    keys: KeySource,
    verify: VerifyOptions,
    users: UserCache,
    tokens: TokenCache,
    cookie_names: CookieNames,
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
            issuers: config.issuers.clone(),
        };
        Ok(Self {
            inner: Arc::new(Inner {
                tokens: TokenCache::new(config.verified_token_cache),
                cookie_names: CookieNames::new(&config),
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

    /// Authenticates a request, as `ClerkLayer` does, and returns the auth object (signed out
    /// for a request that needs a handshake). You rarely need this directly: the layer already
    /// did it; read the result with `get_auth()`.
    pub async fn authenticate(&self, parts: &Parts) -> Auth {
        self.authenticate_request(parts).await.auth
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
        authenticate_request(self, parts, now).await
    }

    /// Verifies a session token with this instance's keys (fetched and cached as needed).
    pub async fn verify_token(&self, token: &str) -> Result<SessionClaims, TokenVerificationError> {
        self.verify_session_token_at(token, SystemTime::now(), None)
            .await
            .map(Arc::unwrap_or_clone)
    }

    /// The keys that may have signed a token with this `kid`.
    async fn keys_for(&self, kid: Option<&str>) -> Result<Arc<Jwks>, TokenVerificationError> {
        match &self.inner.keys {
            KeySource::Local(keys) => Ok(Arc::clone(keys)),
            KeySource::Remote(remote) => remote.keys_for(kid).await,
        }
    }

    /// Verifies at `now`, optionally with another clock skew.
    pub(crate) async fn verify_session_token_at(
        &self,
        token: &str,
        now: SystemTime,
        clock_skew: Option<std::time::Duration>,
    ) -> Result<Arc<SessionClaims>, TokenVerificationError> {
        let now_ms = millis(now);
        if clock_skew.is_none() {
            if let Some(claims) = self.inner.tokens.get(token, now_ms) {
                return Ok(claims);
            }
        }
        let jwt = Jwt::decode(token)?;
        let keys = self.keys_for(jwt.kid()).await?;
        match clock_skew {
            None => {
                let claims = Arc::new(verify_decoded(&jwt, &keys, &self.inner.verify, now)?);
                let skew_ms = self.inner.verify.clock_skew.as_secs_f64() * 1000.0;
                self.inner
                    .tokens
                    .insert(token, Arc::clone(&claims), skew_ms, now_ms);
                Ok(claims)
            }
            Some(clock_skew) => {
                let opts = VerifyOptions {
                    clock_skew,
                    ..self.inner.verify.clone()
                };
                verify_decoded(&jwt, &keys, &opts, now).map(Arc::new)
            }
        }
    }

    /// This instance's suffixed cookie names.
    pub(crate) fn cookie_names(&self) -> &CookieNames {
        &self.inner.cookie_names
    }

    /// The claims of a token verified earlier and not expired at `now_ms`.
    pub(crate) fn cached_claims(&self, token: &str, now_ms: f64) -> Option<Arc<SessionClaims>> {
        self.inner.tokens.get(token, now_ms)
    }

    /// Verifies a token already looked at (cached, or decoded once) at `now`.
    pub(crate) async fn verify_peeked(
        &self,
        peek: &Peek<'_>,
        now: SystemTime,
    ) -> Result<Arc<SessionClaims>, TokenVerificationError> {
        if let Some(claims) = &peek.verified {
            return Ok(Arc::clone(claims));
        }
        let Some(jwt) = &peek.jwt else {
            return Err(TokenVerificationError::invalid(
                "Invalid JWT form. A JWT consists of three parts separated by dots.",
            ));
        };
        let keys = self.keys_for(jwt.kid()).await?;
        let claims = Arc::new(verify_decoded(jwt, &keys, &self.inner.verify, now)?);
        let skew_ms = self.inner.verify.clock_skew.as_secs_f64() * 1000.0;
        self.inner
            .tokens
            .insert(peek.token, Arc::clone(&claims), skew_ms, millis(now));
        Ok(claims)
    }

    /// Verifies a `__clerk_handshake` token and returns its `Set-Cookie` directives.
    pub(crate) async fn verify_handshake_token(
        &self,
        token: &str,
    ) -> Result<Vec<String>, TokenVerificationError> {
        let jwt = Jwt::decode(token)?;
        let keys = self.keys_for(jwt.kid()).await?;
        verify_handshake(&jwt, &keys)
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
