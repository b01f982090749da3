//! The instance's JWKS from the Backend API (`GET /v1/jwks`), cached for 5 minutes and fetched
//! again for an unknown `kid`, but never more often than every few seconds.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::tokens::Jwks;
use crate::constants::{ENV_SECRET_KEY, JWKS_CACHE_TTL_SECS, JWKS_MIN_REFETCH_SECS};
use crate::server::backend::{ClerkClient, ClerkError};
use crate::server::tokens::{TokenVerificationError, TokenVerificationErrorReason as Reason};

/// One instance's JWKS cache. Each `Clerk` owns one, so keys of different instances never mix.
pub(crate) struct RemoteJwks {
    client: ClerkClient,
    state: Mutex<State>,
    /// Held while fetching: concurrent requests wait for one fetch instead of starting their own.
    fetching: tokio::sync::Mutex<()>,
    ttl: Duration,
    min_refetch: Duration,
}

#[derive(Default)]
struct State {
    keys: Option<Arc<Jwks>>,
    fetched_at: Option<Instant>,
    attempted_at: Option<Instant>,
    last_error: Option<TokenVerificationError>,
}

enum Next {
    Use(Arc<Jwks>),
    Fail(TokenVerificationError),
    Fetch,
}

impl RemoteJwks {
    pub(crate) fn new(client: ClerkClient) -> Self {
        Self {
            client,
            state: Mutex::default(),
            fetching: tokio::sync::Mutex::new(()),
            ttl: Duration::from_secs(JWKS_CACHE_TTL_SECS),
            min_refetch: Duration::from_secs(JWKS_MIN_REFETCH_SECS),
        }
    }

    /// Keys that contain `kid`, fetching them when the cache is stale or lacks the `kid`.
    pub(crate) async fn keys_for(
        &self,
        kid: Option<&str>,
    ) -> Result<Arc<Jwks>, TokenVerificationError> {
        if let Next::Use(keys) = self.next(kid, true) {
            return Ok(keys);
        }
        let _one_fetch_at_a_time = self.fetching.lock().await;
        // Another request may have fetched while this one waited.
        match self.next(kid, false) {
            Next::Use(keys) => return Ok(keys),
            Next::Fail(error) => return Err(error),
            Next::Fetch => {}
        }
        let fetched = self.fetch().await;
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        state.attempted_at = Some(now);
        match fetched {
            Ok(keys) => {
                let keys = Arc::new(keys);
                state.keys = Some(Arc::clone(&keys));
                state.fetched_at = Some(now);
                state.last_error = None;
                keys.lookup(kid)?;
                Ok(keys)
            }
            Err(error) => {
                tracing::warn!("leptos_clerk: fetching the JWKS failed: {error}");
                state.last_error = Some(error.clone());
                // Stale keys beat none while the Backend API is unreachable.
                match &state.keys {
                    Some(keys) if keys.contains(kid) => Ok(Arc::clone(keys)),
                    _ => Err(error),
                }
            }
        }
    }

    /// What to do with the cache as it is. `fast` only answers "use" (no decision to fail).
    fn next(&self, kid: Option<&str>, fast: bool) -> Next {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let fresh = state.fetched_at.is_some_and(|t| t.elapsed() < self.ttl);
        let cached = state.keys.as_ref().filter(|keys| keys.contains(kid));
        if let Some(keys) = cached {
            if fresh {
                return Next::Use(Arc::clone(keys));
            }
        }
        if fast {
            return Next::Fetch;
        }
        let recently_tried = state
            .attempted_at
            .is_some_and(|t| t.elapsed() < self.min_refetch);
        if !recently_tried {
            return Next::Fetch;
        }
        if let Some(keys) = cached {
            return Next::Use(Arc::clone(keys));
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

    async fn fetch(&self) -> Result<Jwks, TokenVerificationError> {
        let body = self.client.get_text(&["jwks"]).await.map_err(|error| {
            if error.is_secret_key_invalid() {
                return TokenVerificationError::new(
                    Reason::SecretKeyInvalid,
                    format!(
                        "the Backend API rejected {ENV_SECRET_KEY}: copy the secret key again \
                         from the Clerk Dashboard, page \"API keys\" ({error})"
                    ),
                );
            }
            let reason = match error {
                ClerkError::MissingSecretKey => Reason::JwkFailedToResolve,
                _ => Reason::JwkRemoteFailedToLoad,
            };
            TokenVerificationError::new(reason, format!("could not load the JWKS: {error}"))
        })?;
        Jwks::from_json(&body)
    }
}
