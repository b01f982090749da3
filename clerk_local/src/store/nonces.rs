//! Handshake nonces: the Frontend API hands the browser a nonce, and the app server exchanges
//! it at the Backend API for the Set-Cookie directives. Kept in memory only: they live minutes.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::constants::HANDSHAKE_NONCE_LIFETIME_MS;
use crate::ids::random_string;

const NONCE_LENGTH: usize = 32;

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
        pending.insert(
            nonce.clone(),
            Pending {
                directives,
                expires_at: now + HANDSHAKE_NONCE_LIFETIME_MS,
            },
        );
        nonce
    }

    /// The directives for `nonce`, while it is fresh. Not single-use: a server that retries the
    /// exchange gets the same answer.
    pub(crate) fn redeem(&self, nonce: &str, now: i64) -> Option<Vec<String>> {
        let pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        pending
            .get(nonce)
            .filter(|p| now < p.expires_at)
            .map(|p| p.directives.clone())
    }
}
