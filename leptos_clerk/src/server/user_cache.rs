//! A small, bounded, short-lived cache of users loaded for page renders, so a burst of page
//! loads costs one Backend API call.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::backend::User;
use crate::constants::{USER_CACHE_CAPACITY, USER_CACHE_TTL_SECS};

pub(crate) struct UserCache {
    entries: Mutex<HashMap<String, (Instant, Arc<User>)>>,
    ttl: Duration,
    capacity: usize,
}

impl UserCache {
    pub(crate) fn new() -> Self {
        Self::with_limits(
            Duration::from_secs(USER_CACHE_TTL_SECS),
            USER_CACHE_CAPACITY,
        )
    }

    fn with_limits(ttl: Duration, capacity: usize) -> Self {
        Self {
            entries: Mutex::default(),
            ttl,
            capacity: capacity.max(1),
        }
    }

    pub(crate) fn get(&self, user_id: &str) -> Option<Arc<User>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(user_id)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, user)| Arc::clone(user))
    }

    /// Drops a user, so the next page render loads them afresh.
    pub(crate) fn forget(&self, user_id: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.remove(user_id);
    }

    pub(crate) fn insert(&self, user_id: &str, user: Arc<User>) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= self.capacity && !entries.contains_key(user_id) {
            entries.retain(|_, (at, _)| at.elapsed() < self.ttl);
            if entries.len() >= self.capacity {
                let oldest = entries
                    .iter()
                    .min_by_key(|(_, (at, _))| *at)
                    .map(|(id, _)| id.clone());
                if let Some(oldest) = oldest {
                    entries.remove(&oldest);
                }
            }
        }
        entries.insert(user_id.to_owned(), (Instant::now(), user));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str) -> Arc<User> {
        Arc::new(User {
            id: id.to_owned(),
            ..User::default()
        })
    }

    #[test]
    fn stays_within_capacity_and_expires() {
        let cache = UserCache::with_limits(Duration::from_secs(60), 2);
        for id in ["a", "b", "c"] {
            cache.insert(id, user(id));
            std::thread::sleep(Duration::from_millis(2));
        }
        assert!(cache.get("a").is_none(), "the oldest entry is evicted");
        assert!(cache.get("b").is_some() && cache.get("c").is_some());

        let expired = UserCache::with_limits(Duration::ZERO, 2);
        expired.insert("a", user("a"));
        assert!(expired.get("a").is_none());
    }
}
