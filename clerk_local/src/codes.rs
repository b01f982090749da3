//! One-time email codes (sign-in with `email_code`, sign-up and new-address verification). No
//! email is sent: each code is written to the log, and tests read it at
//! `GET /__clerk_local/test/codes?email=…`. Kept in memory: a restart only voids pending codes.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::clock::now_ms;

/// Clerk's codes live 10 minutes.
const CODE_LIFETIME_MS: i64 = 10 * 60 * 1000;

#[derive(Default)]
pub(crate) struct Codes {
    /// By what they verify: a sign-in, sign-up or email address id.
    pending: Mutex<HashMap<String, Pending>>,
}

#[derive(Clone)]
struct Pending {
    email: String,
    code: String,
    expires_at: i64,
    issued_at: i64,
}

impl Codes {
    /// A new six-digit code for `target` (replacing any earlier one), sent to `email`: logged.
    pub(crate) fn issue(&self, target: &str, email: &str) -> i64 {
        let now = now_ms();
        let code = format!("{:06}", rand::random::<u32>() % 1_000_000);
        tracing::info!(
            email,
            code,
            "clerk_local: verification code (no email is sent)"
        );
        let mut pending = self.lock();
        pending.retain(|_, p| now < p.expires_at);
        let expires_at = now + CODE_LIFETIME_MS;
        pending.insert(
            target.to_owned(),
            Pending {
                email: email.to_owned(),
                code,
                expires_at,
                issued_at: now,
            },
        );
        expires_at
    }

    /// Whether `code` is the live code for `target`; a match uses it up.
    pub(crate) fn check(&self, target: &str, code: &str) -> bool {
        let mut pending = self.lock();
        let ok = pending
            .get(target)
            .is_some_and(|p| now_ms() < p.expires_at && p.code == code.trim());
        if ok {
            pending.remove(target);
        }
        ok
    }

    /// The newest live code sent to `email`.
    pub(crate) fn latest(&self, email: &str) -> Option<String> {
        let now = now_ms();
        self.lock()
            .values()
            .filter(|p| now < p.expires_at && p.email.eq_ignore_ascii_case(email))
            .max_by_key(|p| p.issued_at)
            .map(|p| p.code.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Pending>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
