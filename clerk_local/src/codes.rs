//! One-time email codes (sign-in with `email_code`, sign-up and new-address verification). No
//! email is sent: each code is written to the log, and tests read it at
//! `GET /__clerk_local/test/codes?email=…` with the secret key. Kept in memory: a restart only
//! voids pending codes.
//!
//! A code verifies the attempt it was issued for *and* the address it was sent to: entered for
//! another address (a sign-up whose address changed since), it is wrong. Three wrong entries
//! void it, as Clerk's do.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::bounded;
use crate::clock::now_ms;

/// Clerk's codes live 10 minutes.
const CODE_LIFETIME_MS: i64 = 10 * 60 * 1000;
/// Wrong entries that void a code.
const MAX_FAILED_ATTEMPTS: u32 = 3;
/// Pending codes kept at most; the oldest goes first. Each needs a prepare request, so this only
/// bounds memory under a flood.
const MAX_PENDING: usize = 1_000;

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
    failures: u32,
}

/// Why a code was not accepted.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum CodeRefusal {
    /// Wrong, expired, never sent, or sent to another address.
    Incorrect,
    /// Entered wrong too often: void until a new one is sent.
    TooManyAttempts,
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
        if !pending.contains_key(target) {
            bounded::make_room(&mut pending, MAX_PENDING, |p| p.issued_at);
        }
        let expires_at = now + CODE_LIFETIME_MS;
        pending.insert(
            target.to_owned(),
            Pending {
                email: email.to_owned(),
                code,
                expires_at,
                issued_at: now,
                failures: 0,
            },
        );
        expires_at
    }

    /// Whether `code` is the live code for `target`, sent to `email`; a match uses it up, a
    /// miss counts towards voiding it.
    pub(crate) fn check(&self, target: &str, email: &str, code: &str) -> Result<(), CodeRefusal> {
        let now = now_ms();
        let mut pending = self.lock();
        let Some(live) = pending.get_mut(target).filter(|p| now < p.expires_at) else {
            return Err(CodeRefusal::Incorrect);
        };
        if live.failures >= MAX_FAILED_ATTEMPTS {
            return Err(CodeRefusal::TooManyAttempts);
        }
        if live.email.eq_ignore_ascii_case(email.trim()) && live.code == code.trim() {
            pending.remove(target);
            return Ok(());
        }
        live.failures += 1;
        if live.failures >= MAX_FAILED_ATTEMPTS {
            Err(CodeRefusal::TooManyAttempts)
        } else {
            Err(CodeRefusal::Incorrect)
        }
    }

    /// The newest live code sent to `email` (not a voided one).
    pub(crate) fn latest(&self, email: &str) -> Option<String> {
        let now = now_ms();
        self.lock()
            .values()
            .filter(|p| now < p.expires_at && p.failures < MAX_FAILED_ATTEMPTS)
            .filter(|p| p.email.eq_ignore_ascii_case(email))
            .max_by_key(|p| p.issued_at)
            .map(|p| p.code.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Pending>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_bound_to_its_address_and_dies_after_three_misses() {
        let codes = Codes::default();
        codes.issue("sua_1", "ada@example.com");
        let code = codes.latest("ada@example.com").unwrap();
        assert_eq!(
            codes.check("sua_1", "eve@example.com", &code),
            Err(CodeRefusal::Incorrect)
        );
        assert_eq!(
            codes.check("sua_1", "ada@example.com", "not it"),
            Err(CodeRefusal::Incorrect)
        );
        assert_eq!(
            codes.check("sua_1", "ada@example.com", "still not"),
            Err(CodeRefusal::TooManyAttempts)
        );
        assert_eq!(
            codes.check("sua_1", "ada@example.com", &code),
            Err(CodeRefusal::TooManyAttempts)
        );
        assert_eq!(codes.latest("ada@example.com"), None);
        codes.issue("sua_1", "ada@example.com");
        let code = codes.latest("ada@example.com").unwrap();
        assert_eq!(codes.check("sua_1", "ADA@example.com", &code), Ok(()));
    }

    #[test]
    fn pending_codes_are_capped() {
        let codes = Codes::default();
        for n in 0..MAX_PENDING + 10 {
            codes.issue(&format!("t{n}"), "x@example.com");
        }
        assert_eq!(codes.lock().len(), MAX_PENDING);
    }
}
