//! Wrong passwords per account: at most 3 in any 10 seconds, then `429 too_many_requests` until
//! the oldest of them leaves the window, so a password cannot be guessed at request speed.
//! In memory: a restart forgets it, which only helps whoever restarts the server.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

const WINDOW_MS: i64 = 10_000;
const MAX_FAILURES: usize = 3;

#[derive(Default)]
pub(crate) struct FailureThrottle {
    /// Failure times (ms) within the window, by account. Keys are user ids, so the map is
    /// bounded by the number of users; expired entries are dropped on every failure.
    failures: Mutex<HashMap<String, Vec<i64>>>,
}

impl FailureThrottle {
    /// `Err(seconds to wait)` while `key` has used up its failures.
    pub(crate) fn check(&self, key: &str, now: i64) -> Result<(), u64> {
        let failures = self.lock();
        let recent: Vec<i64> = failures
            .get(key)
            .map(|times| {
                times
                    .iter()
                    .copied()
                    .filter(|t| now < t + WINDOW_MS)
                    .collect()
            })
            .unwrap_or_default();
        match recent.iter().min() {
            Some(oldest) if recent.len() >= MAX_FAILURES => {
                let wait_ms = (oldest + WINDOW_MS - now).max(1);
                Err(u64::try_from(wait_ms).unwrap_or(1).div_ceil(1000))
            }
            _ => Ok(()),
        }
    }

    pub(crate) fn record_failure(&self, key: &str, now: i64) {
        let mut failures = self.lock();
        failures.retain(|_, times| {
            times.retain(|t| now < t + WINDOW_MS);
            !times.is_empty()
        });
        failures.entry(key.to_owned()).or_default().push(now);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<i64>>> {
        self.failures.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_failures_in_ten_seconds_then_a_wait() {
        let throttle = FailureThrottle::default();
        for t in [0, 1_000, 2_000] {
            assert!(throttle.check("user_1", t).is_ok());
            throttle.record_failure("user_1", t);
        }
        assert_eq!(throttle.check("user_1", 2_500), Err(8));
        assert!(throttle.check("user_2", 2_500).is_ok());
        assert!(throttle.check("user_1", 10_000).is_ok());
    }
}
