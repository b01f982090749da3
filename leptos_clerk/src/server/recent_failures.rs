//! What the Backend API refused lately, remembered for a minute: a handshake nonce it could not
//! redeem, a machine token or API key it does not know. A link, cookie or header repeating a
//! made-up or spent one then costs one Backend API call, not one per request.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::constants::{RECENT_FAILURE_CAPACITY, RECENT_FAILURE_TTL_SECS};

pub(crate) struct RecentFailures {
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
        entries.get(key).is_some_and(|at| at.elapsed() < self.ttl)
    }

    pub(crate) fn insert(&self, key: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= self.capacity {
            entries.retain(|_, at| at.elapsed() < self.ttl);
            // Still full of fresh failures: someone is spraying made-up values. Forgetting them all
            // keeps memory bounded; the worst case is one more call per nonce.
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        entries.insert(key.to_owned(), Instant::now());
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
