//! A small, bounded, short-lived cache of users loaded for page renders, so a burst of page
//! loads costs one Backend API call.
//!
//! Kept per session, not per user: a sign-in makes a new session, so its first page shows the
//! user as they are now (their new `last_sign_in_at`), not a copy another session's page left.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::backend::User;
use crate::constants::{USER_CACHE_CAPACITY, USER_CACHE_TTL_SECS};

pub(crate) struct UserCache {
    /// By session id: when loaded, and the session's user.
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

    /// The user of `session_id`, if loaded lately and still `user_id`.
    pub(crate) fn get(&self, session_id: &str, user_id: &str) -> Option<Arc<User>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(session_id)
            .filter(|(at, user)| at.elapsed() < self.ttl && user.id == user_id)
            .map(|(_, user)| Arc::clone(user))
    }

    /// Drops a user from every session, so the next page render loads them afresh.
    pub(crate) fn forget(&self, user_id: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.retain(|_, (_, user)| user.id != user_id);
    }

    pub(crate) fn insert(&self, session_id: &str, user: Arc<User>) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= self.capacity && !entries.contains_key(session_id) {
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
        entries.insert(session_id.to_owned(), (Instant::now(), user));
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
            cache.insert(&format!("sess_{id}"), user(id));
            std::thread::sleep(Duration::from_millis(2));
        }
        assert!(
            cache.get("sess_a", "a").is_none(),
            "the oldest entry is evicted"
        );
        assert!(cache.get("sess_b", "b").is_some() && cache.get("sess_c", "c").is_some());

        let expired = UserCache::with_limits(Duration::ZERO, 2);
        expired.insert("sess_a", user("a"));
        assert!(expired.get("sess_a", "a").is_none());
    }

    #[test]
    fn a_new_session_loads_its_user_afresh_and_forgetting_a_user_drops_all_their_sessions() {
        let cache = UserCache::with_limits(Duration::from_secs(60), 8);
        cache.insert("sess_1", user("ada"));
        cache.insert("sess_2", user("ada"));
        cache.insert("sess_3", user("grace"));
        assert!(
            cache.get("sess_new", "ada").is_none(),
            "a new session's first page loads"
        );
        assert!(
            cache.get("sess_1", "grace").is_none(),
            "a session is one user's"
        );
        cache.forget("ada");
        assert!(cache.get("sess_1", "ada").is_none() && cache.get("sess_2", "ada").is_none());
        assert!(cache.get("sess_3", "grace").is_some());
    }
}
