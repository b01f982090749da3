//! The instance's JWKS from the Backend API (`GET /v1/jwks`), cached for `jwks_cache_ttl`.
//!
//! A request never waits on a slow Backend API for keys it already has: past the lifetime, keys
//! that hold the token's `kid` are used at once while one background fetch (with retries)
//! renews them (stale-while-revalidate). Only a `kid` the cache lacks is fetched on the request's
//! path, with one short attempt, never more often than every few seconds, and one fetch for all
//! the requests that wait for it.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::tokens::Jwks;
use crate::constants::{ENV_SECRET_KEY, JWKS_MIN_REFETCH_SECS};
use crate::server::backend::{ClerkClient, ClerkError};
use crate::server::tokens::{TokenVerificationError, TokenVerificationErrorReason as Reason};

/// The two Backend API clients key fetching uses, and how long keys stay fresh.
pub(crate) struct KeyFetch {
    /// Renewing keys in the background: retries with backoff.
    pub(crate) background: ClerkClient,
    /// Fetching keys a request waits for: one short attempt.
    pub(crate) on_request: ClerkClient,
    pub(crate) ttl: Duration,
}

/// One instance's JWKS cache. Each `Clerk` owns one, so keys of different instances never mix.
pub(crate) struct RemoteJwks {
    shared: Arc<Shared>,
}

struct Shared {
    fetch: KeyFetch,
    state: Mutex<State>,
    /// Held while fetching: concurrent requests wait for one fetch instead of starting their own.
    fetching: tokio::sync::Mutex<()>,
    min_refetch: Duration,
}

#[derive(Default)]
struct State {
    keys: Option<Arc<Jwks>>,
    fetched_at: Option<Instant>,
    attempted_at: Option<Instant>,
    last_error: Option<TokenVerificationError>,
    renewing: bool,
}

enum Next {
    Use(Arc<Jwks>),
    Fail(TokenVerificationError),
    Fetch,
}

impl RemoteJwks {
    pub(crate) fn new(fetch: KeyFetch) -> Self {
        Self {
            shared: Arc::new(Shared {
                fetch,
                state: Mutex::default(),
                fetching: tokio::sync::Mutex::new(()),
                min_refetch: Duration::from_secs(JWKS_MIN_REFETCH_SECS),
            }),
        }
    }

    /// Keys that contain `kid`: the cached ones when they do (renewed in the background once
    /// stale), else fetched now.
    pub(crate) async fn keys_for(
        &self,
        kid: Option<&str>,
    ) -> Result<Arc<Jwks>, TokenVerificationError> {
        if let Some(keys) = self.cached_renewing_when_stale(kid) {
            return Ok(keys);
        }
        let shared = &self.shared;
        let _one_fetch_at_a_time = shared.fetching.lock().await;
        // Another request may have fetched while this one waited.
        match shared.after_waiting(kid) {
            Next::Use(keys) => return Ok(keys),
            Next::Fail(error) => return Err(error),
            Next::Fetch => {}
        }
        let fetched = fetch(&shared.fetch.on_request).await;
        match shared.store(fetched) {
            Ok(keys) => {
                keys.lookup(kid)?;
                Ok(keys)
            }
            Err(error) => {
                // The request gave up after one try; the retries happen where nobody waits.
                let mut state = shared.state.lock().unwrap_or_else(PoisonError::into_inner);
                start_renewal(shared, &mut state);
                Err(error)
            }
        }
    }

    /// The cached keys when they hold `kid`; when they are past their lifetime, one background
    /// renewal is started (unless one runs or failed a moment ago).
    fn cached_renewing_when_stale(&self, kid: Option<&str>) -> Option<Arc<Jwks>> {
        let shared = &self.shared;
        let mut state = shared.state.lock().unwrap_or_else(PoisonError::into_inner);
        let keys = state.keys.as_ref().filter(|keys| keys.contains(kid))?;
        let keys = Arc::clone(keys);
        let stale = state
            .fetched_at
            .is_none_or(|t| t.elapsed() >= shared.fetch.ttl);
        // A renewal that just failed is not tried again at once (the background already
        // retried it); a success long enough ago is simply renewed.
        let recently_failed = state.last_error.is_some()
            && state
                .attempted_at
                .is_some_and(|t| t.elapsed() < shared.min_refetch);
        if stale && !recently_failed {
            start_renewal(shared, &mut state);
        }
        Some(keys)
    }
}

/// Starts one background renewal, unless one runs (or there is no runtime to run it on).
fn start_renewal(shared: &Arc<Shared>, state: &mut State) {
    if state.renewing {
        return;
    }
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        state.renewing = true;
        let shared = Arc::clone(shared);
        runtime.spawn(async move { shared.renew().await });
    }
}

impl Shared {
    async fn renew(&self) {
        {
            let _one_fetch_at_a_time = self.fetching.lock().await;
            let fetched = fetch(&self.fetch.background).await;
            // Stored under the fetch lock, so a request that waited sees the result.
            let _ = self.store(fetched);
        }
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.renewing = false;
    }

    /// Records a fetch: new keys replace the old; after a failure the old keys stay.
    fn store(
        &self,
        fetched: Result<Jwks, TokenVerificationError>,
    ) -> Result<Arc<Jwks>, TokenVerificationError> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        state.attempted_at = Some(now);
        match fetched {
            Ok(keys) => {
                let keys = Arc::new(keys);
                state.keys = Some(Arc::clone(&keys));
                state.fetched_at = Some(now);
                state.last_error = None;
                Ok(keys)
            }
            Err(error) => {
                state.last_error = Some(error.clone());
                Err(error)
            }
        }
    }

    /// What to do once this request holds the fetch lock.
    fn after_waiting(&self, kid: Option<&str>) -> Next {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(keys) = state.keys.as_ref().filter(|keys| keys.contains(kid)) {
            return Next::Use(Arc::clone(keys));
        }
        let recently_tried = state
            .attempted_at
            .is_some_and(|t| t.elapsed() < self.min_refetch);
        if !recently_tried {
            return Next::Fetch;
        }
        match (&state.last_error, &state.keys) {
            (Some(error), _) => Next::Fail(error.clone()),
            (None, Some(keys)) => match keys.lookup(kid) {
                Ok(_) => Next::Use(Arc::clone(keys)),
                Err(error) => Next::Fail(error),
            },
            (None, None) => Next::Fetch,
        }
    }
}

/// Fetches the JWKS. The error's message goes to clients in `x-clerk-auth-message`, so it
/// names no URL or network detail; those are logged here.
async fn fetch(client: &ClerkClient) -> Result<Jwks, TokenVerificationError> {
    let body = client.get_text(&["jwks"]).await.map_err(|error| {
        tracing::warn!("leptos_clerk: fetching the JWKS failed: {error}");
        if error.is_secret_key_invalid() {
            return TokenVerificationError::new(
                Reason::SecretKeyInvalid,
                format!(
                    "the Backend API rejected {ENV_SECRET_KEY}: copy the secret key again from \
                     the Clerk Dashboard, page \"API keys\""
                ),
            );
        }
        let reason = match error {
            ClerkError::MissingSecretKey => Reason::JwkFailedToResolve,
            _ => Reason::JwkRemoteFailedToLoad,
        };
        TokenVerificationError::new(
            reason,
            "could not load the JWKS from the Backend API (the server log says why)",
        )
    })?;
    Jwks::from_json(&body)
}
