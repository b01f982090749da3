//! Whether a user may sign in: not when banned (`POST /v1/users/{id}/ban`), nor while locked
//! (`POST /v1/users/{id}/lock`, for Clerk's default lockout of an hour).

use super::model::User;

/// Why a user may not sign in now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SignInBar {
    Banned,
    Locked { expires_in_secs: i64 },
}

impl User {
    pub(crate) fn sign_in_bar(&self, now: i64) -> Option<SignInBar> {
        if self.banned {
            return Some(SignInBar::Banned);
        }
        self.lockout_expires_in_secs(now)
            .map(|expires_in_secs| SignInBar::Locked { expires_in_secs })
    }

    /// Seconds until the lock ends (at least 1), or `None` when not locked.
    pub(crate) fn lockout_expires_in_secs(&self, now: i64) -> Option<i64> {
        let until = self.locked_until.filter(|until| now < *until)?;
        Some(lockout_seconds_left(until, now))
    }
}

/// Seconds from `now` until a lock ending at `until` (both ms), at least 1: Clerk's
/// `lockout_expires_in_seconds`.
pub(crate) fn lockout_seconds_left(until: i64, now: i64) -> i64 {
    ((until - now) / 1000).max(1)
}
