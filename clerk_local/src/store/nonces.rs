//! Handshake nonces: the Frontend API hands the browser a nonce, and the app server exchanges
//! it, once, at the Backend API for the Set-Cookie directives. Kept in memory only: they live
//! minutes, and at most `MAX_PENDING` wait at a time (the oldest go first).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::bounded;
use crate::constants::HANDSHAKE_NONCE_LIFETIME_MS;
use crate::ids::random_string;

const NONCE_LENGTH: usize = 32;
/// Every handshake request issues one; this bounds memory under a flood.
const MAX_PENDING: usize = 1_000;

#[derive(Default)]
pub(crate) struct HandshakeNonces {
    pending: Mutex<HashMap<String, Pending>>,
}

struct Pending {
    directives: Vec<String>,
    expires_at: i64,
}

impl HandshakeNonces {
    /// Stores `directives` and returns the nonce that redeems them.
    pub(crate) fn issue(&self, directives: Vec<String>, now: i64) -> String {
        let nonce = random_string(NONCE_LENGTH);
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        pending.retain(|_, p| now < p.expires_at);
        bounded::make_room(&mut pending, MAX_PENDING, |p| p.expires_at);
        pending.insert(
            nonce.clone(),
            Pending {
                directives,
                expires_at: now + HANDSHAKE_NONCE_LIFETIME_MS,
            },
        );
        nonce
    }

    /// The directives for `nonce`, while it is fresh; once: a nonce that leaked (a log, a
    /// shared link) cannot be exchanged for the session again.
    pub(crate) fn redeem(&self, nonce: &str, now: i64) -> Option<Vec<String>> {
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        pending
            .remove(nonce)
            .filter(|p| now < p.expires_at)
            .map(|p| p.directives)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_redeemed_once_and_pending_ones_are_capped() {
        let nonces = HandshakeNonces::default();
        let nonce = nonces.issue(vec!["__session=x".into()], 0);
        assert_eq!(nonces.redeem(&nonce, 1), Some(vec!["__session=x".into()]));
        assert_eq!(nonces.redeem(&nonce, 1), None);
        for _ in 0..MAX_PENDING + 5 {
            nonces.issue(Vec::new(), 0);
        }
        assert_eq!(nonces.pending.lock().unwrap().len(), MAX_PENDING);
    }
}
