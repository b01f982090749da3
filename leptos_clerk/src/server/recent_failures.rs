//! What the Backend API refused lately, remembered for a minute: a handshake nonce it could not
//! redeem, a machine token or API key it does not know. A link, cookie or header repeating a
//! made-up or spent one then costs one Backend API call, not one per request. A failure that may
//! pass soon (a timeout, a 5xx, a 429) is remembered for less
//! ([`insert_for`](RecentFailures::insert_for)).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::constants::{RECENT_FAILURE_CAPACITY, RECENT_FAILURE_TTL_SECS};

pub(crate) struct RecentFailures {
    /// Each key with the moment it is forgotten.
    entries: Mutex<HashMap<String, Instant>>,
    ttl: Duration,
    capacity: usize,
}

impl RecentFailures {
    pub(crate) fn new() -> Self {
        Self {
            entries: Mutex::default(),
            ttl: Duration::from_secs(RECENT_FAILURE_TTL_SECS),
            capacity: RECENT_FAILURE_CAPACITY,
        }
    }

    pub(crate) fn contains(&self, key: &str) -> bool {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(key)
            .is_some_and(|until| Instant::now() < *until)
    }

    /// Remembers a refusal for the usual time (a minute).
    pub(crate) fn insert(&self, key: &str) {
        self.insert_for(key, self.ttl);
    }

    /// Remembers a failure for `ttl` (at most the usual time).
    pub(crate) fn insert_for(&self, key: &str, ttl: Duration) {
        let now = Instant::now();
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= self.capacity {
            entries.retain(|_, until| now < *until);
            // Still full of fresh failures: someone is spraying made-up values. Forgetting them all
            // keeps memory bounded; the worst case is one more call per nonce.
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        entries.insert(key.to_owned(), now + ttl.min(self.ttl));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_failures_within_capacity() {
        let memo = RecentFailures::new();
        for i in 0..RECENT_FAILURE_CAPACITY * 3 {
            memo.insert(&format!("nonce-{i}"));
        }
        let kept = memo.entries.lock().unwrap().len();
        assert!(kept <= RECENT_FAILURE_CAPACITY, "{kept} entries kept");
        assert!(memo.contains(&format!("nonce-{}", RECENT_FAILURE_CAPACITY * 3 - 1)));
        assert!(!memo.contains("never-seen"));
    }
}
