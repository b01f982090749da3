//! The instance's verifier: where the keys come from (`CLERK_JWT_KEY`, or the Backend API's JWKS,
//! cached) and the verified-token cache. The one place that verifies a token and remembers it;
//! `authenticate` asks it, and never the other way round.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

pub(crate) use super::remote_keys::KeyFetch;
use super::remote_keys::RemoteJwks;
use super::token_cache::TokenCache;
use super::tokens::Jwks;
use super::tokens::SessionClaims;
use super::tokens::{
    millis, verify_decoded, verify_handshake, verify_m2m_decoded, Jwt, TokenVerificationError,
    VerifyOptions,
};

pub(crate) struct Verifier {
    keys: KeySource,
    options: VerifyOptions,
    tokens: TokenCache,
}

/// Where verification keys come from.
enum KeySource {
    /// `CLERK_JWT_KEY`: no network.
    Local(Arc<Jwks>),
    /// The Backend API's JWKS, cached.
    Remote(RemoteJwks),
}

impl Verifier {
    /// With `local_keys` (from `CLERK_JWT_KEY`) when configured, else the JWKS fetched as
    /// `remote` says; `cache_capacity` verified tokens are remembered (0: none).
    pub(crate) fn new(
        local_keys: Option<Jwks>,
        remote: KeyFetch,
        options: VerifyOptions,
        cache_capacity: usize,
    ) -> Self {
        let keys = match local_keys {
            Some(jwks) => KeySource::Local(Arc::new(jwks)),
            None => KeySource::Remote(RemoteJwks::new(remote)),
        };
        Self {
            keys,
            options,
            tokens: TokenCache::new(cache_capacity),
        }
    }

    /// The claims of a token verified earlier and not expired at `now_ms`.
    pub(crate) fn cached(&self, token: &str, now_ms: f64) -> Option<Arc<SessionClaims>> {
        self.tokens.get(token, now_ms)
    }

    /// Verifies `token` (already decoded into `jwt`) at `now`, and remembers it.
    pub(crate) async fn verify_decoded(
        &self,
        token: &str,
        jwt: &Jwt<'_>,
        now: SystemTime,
    ) -> Result<Arc<SessionClaims>, TokenVerificationError> {
        let keys = self.keys_for(jwt.kid()).await?;
        let claims = Arc::new(verify_decoded(jwt, &keys, &self.options, now)?);
        let skew_ms = self.options.clock_skew.as_secs_f64() * 1000.0;
        self.tokens
            .insert(token, Arc::clone(&claims), skew_ms, millis(now));
        Ok(claims)
    }

    /// Verifies a token at `now`: from the cache when it verified before. With `clock_skew`, a
    /// one-off check with that tolerance instead (not cached).
    pub(crate) async fn verify(
        &self,
        token: &str,
        now: SystemTime,
        clock_skew: Option<Duration>,
    ) -> Result<Arc<SessionClaims>, TokenVerificationError> {
        let Some(clock_skew) = clock_skew else {
            if let Some(claims) = self.cached(token, millis(now)) {
                return Ok(claims);
            }
            return self.verify_decoded(token, &Jwt::decode(token)?, now).await;
        };
        let jwt = Jwt::decode(token)?;
        let keys = self.keys_for(jwt.kid()).await?;
        let options = VerifyOptions {
            clock_skew,
            ..self.options.clone()
        };
        verify_decoded(&jwt, &keys, &options, now).map(Arc::new)
    }

    /// Verifies an M2M token in JWT form at `now` (not cached: machines are few and their
    /// requests are not page loads) and returns its claims.
    pub(crate) async fn verify_m2m(
        &self,
        jwt: &Jwt<'_>,
        now: SystemTime,
    ) -> Result<serde_json::Map<String, serde_json::Value>, TokenVerificationError> {
        let keys = self.keys_for(jwt.kid()).await?;
        verify_m2m_decoded(jwt, &keys, self.options.clock_skew, now)
    }

    /// Verifies a `__clerk_handshake` token and returns its `Set-Cookie` directives.
    pub(crate) async fn verify_handshake(
        &self,
        token: &str,
    ) -> Result<Vec<String>, TokenVerificationError> {
        let jwt = Jwt::decode(token)?;
        let keys = self.keys_for(jwt.kid()).await?;
        verify_handshake(&jwt, &keys)
    }

    /// The keys that may have signed a token with this `kid`.
    async fn keys_for(&self, kid: Option<&str>) -> Result<Arc<Jwks>, TokenVerificationError> {
        match &self.keys {
            KeySource::Local(keys) => Ok(Arc::clone(keys)),
            KeySource::Remote(remote) => remote.keys_for(kid).await,
        }
    }
}
