//! Handshake nonces the Backend API could not redeem, remembered for a minute: a link or cookie
//! holding a made-up or spent nonce then costs one Backend API call, not one per request.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::constants::{FAILED_NONCE_CAPACITY, FAILED_NONCE_TTL_SECS};

pub(crate) struct FailedNonces {
    entries: Mutex<HashMap<String, Instant>>,
    ttl: Duration,
    capacity: usize,
}

impl FailedNonces {
    pub(crate) fn new() -> Self {
        Self {
            entries: Mutex::default(),
            ttl: Duration::from_secs(FAILED_NONCE_TTL_SECS),
            capacity: FAILED_NONCE_CAPACITY,
        }
    }

    pub(crate) fn contains(&self, nonce: &str) -> bool {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.get(nonce).is_some_and(|at| at.elapsed() < self.ttl)
    }

    pub(crate) fn insert(&self, nonce: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= self.capacity {
            entries.retain(|_, at| at.elapsed() < self.ttl);
            // Still full of fresh failures: someone is spraying nonces. Forgetting them all
            // keeps memory bounded; the worst case is one more call per nonce.
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        entries.insert(nonce.to_owned(), Instant::now());
    }
}

/// What a Clerk handshake nonce can look like: URL-safe characters, bounded length. Anything
/// else is not sent to the Backend API at all.
pub(crate) fn is_well_formed(nonce: &str) -> bool {
    (1..=crate::constants::MAX_NONCE_LEN).contains(&nonce.len())
        && nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_failures_within_capacity() {
        let memo = FailedNonces::new();
        for i in 0..FAILED_NONCE_CAPACITY * 3 {
            memo.insert(&format!("nonce-{i}"));
        }
        let kept = memo.entries.lock().unwrap().len();
        assert!(kept <= FAILED_NONCE_CAPACITY, "{kept} entries kept");
        assert!(memo.contains(&format!("nonce-{}", FAILED_NONCE_CAPACITY * 3 - 1)));
        assert!(!memo.contains("never-seen"));
    }

    #[test]
    fn malformed_nonces_are_recognised() {
        assert!(is_well_formed("nonce-ok"));
        assert!(is_well_formed("2pQ_x.y~Z"));
        for bad in [
            "",
            "a b",
            "a/../b",
            "ä",
            "a%20b",
            "a\u{0}b",
            &"n".repeat(257),
        ] {
            assert!(!is_well_formed(bad), "{bad:?} accepted");
        }
    }
}
