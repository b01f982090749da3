//! Verified session tokens, remembered until they expire: a page and the server-function calls
//! it makes within a minute carry the same token, and checking its RSA signature again would be
//! the most expensive thing a request does. Bounded; keyed by the whole token, so only the very
//! same bytes hit; an entry is dropped exactly when the token would stop verifying.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use super::tokens::SessionClaims;

pub(crate) struct TokenCache {
    entries: Mutex<HashMap<Box<str>, Entry, BuildHasherDefault<TokenHasher>>>,
    capacity: usize,
}

struct Entry {
    claims: Arc<SessionClaims>,
    /// Unix ms from which the token counts as expired (`exp` plus the allowed skew).
    expires_at_ms: f64,
}

impl TokenCache {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            entries: Mutex::default(),
            capacity,
        }
    }

    /// The claims of a token verified earlier, if it has not expired since.
    pub(crate) fn get(&self, token: &str, now_ms: f64) -> Option<Arc<SessionClaims>> {
        if self.capacity == 0 || token.is_empty() {
            return None;
        }
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(token)
            .filter(|e| now_ms < e.expires_at_ms)
            .map(|e| Arc::clone(&e.claims))
    }

    /// Remembers a token that just verified.
    pub(crate) fn insert(
        &self,
        token: &str,
        claims: Arc<SessionClaims>,
        skew_ms: f64,
        now_ms: f64,
    ) {
        if self.capacity == 0 {
            return;
        }
        #[allow(clippy::cast_precision_loss)]
        let expires_at_ms = claims.exp as f64 * 1000.0 + skew_ms;
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= self.capacity && !entries.contains_key(token) {
            entries.retain(|_, e| now_ms < e.expires_at_ms);
            if entries.len() >= self.capacity {
                // Still full of live tokens: drop the one closest to expiry.
                let soonest = entries
                    .iter()
                    .min_by(|a, b| a.1.expires_at_ms.total_cmp(&b.1.expires_at_ms))
                    .map(|(k, _)| k.clone());
                if let Some(key) = soonest {
                    entries.remove(&key);
                }
            }
        }
        entries.insert(
            token.into(),
            Entry {
                claims,
                expires_at_ms,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn claims(exp: i64) -> Arc<SessionClaims> {
        Arc::new(SessionClaims::from_json(json!({"sub": "user_1", "exp": exp})).expect("claims"))
    }

    #[test]
    fn expires_with_the_token_and_stays_bounded() {
        let cache = TokenCache::new(2);
        cache.insert("a", claims(100), 5000.0, 0.0);
        assert!(cache.get("a", 104_999.0).is_some());
        assert!(
            cache.get("a", 105_000.0).is_none(),
            "expired exactly as verification would"
        );
        cache.insert("b", claims(200), 0.0, 0.0);
        cache.insert("c", claims(300), 0.0, 0.0);
        assert!(
            cache.get("a", 0.0).is_none(),
            "the entry closest to expiry was dropped"
        );
        assert!(cache.get("b", 0.0).is_some() && cache.get("c", 0.0).is_some());
        let off = TokenCache::new(0);
        off.insert("a", claims(100), 0.0, 0.0);
        assert!(off.get("a", 0.0).is_none());
    }
}

/// A fast, unkeyed hash over the token's bytes. Safe here: only tokens that verified are ever
/// inserted, so nobody can fill the table with chosen colliding keys, and lookups of arbitrary
/// keys cannot slow it down. SipHash over a 1 KB token would cost more than the rest of a cached
/// request.
#[derive(Default)]
pub(crate) struct TokenHasher(u64);

impl Hasher for TokenHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &byte in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
