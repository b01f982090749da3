//! A user's second factors: an authenticator app (TOTP) and backup codes. A TOTP is pending
//! until a first code proves the app has the secret; only then do sign-ins ask for it.

use serde::{Deserialize, Serialize};

use crate::totp;

/// `User::mfa`: nothing for a user who never set up a second factor.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct UserMfa {
    #[serde(default)]
    pub totp: Option<Totp>,
    /// Digests of the backup codes not used yet.
    #[serde(default)]
    pub backup_codes: Vec<String>,
    /// `bc_…`, and when the current set was made.
    #[serde(default)]
    pub backup_codes_id: Option<String>,
    #[serde(default)]
    pub backup_codes_created_at: Option<i64>,
    /// The Backend API user's `mfa_enabled_at` / `mfa_disabled_at`.
    #[serde(default)]
    pub enabled_at: Option<i64>,
    #[serde(default)]
    pub disabled_at: Option<i64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Totp {
    /// `totp_…`.
    pub id: String,
    /// Base32, as the user's app has it.
    pub secret: String,
    pub verified: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// The time step of the last code taken. A code is good once (RFC 6238 §5.2), so only a
    /// later step's code is taken after it.
    #[serde(default)]
    pub last_used_step: Option<u64>,
}

impl Totp {
    /// A new authenticator app, unverified until its first code (`take_code`).
    pub(crate) fn pending(id: String, now: i64) -> Self {
        Self::with_secret(id, totp::new_secret(), now)
    }

    /// An unverified app with `secret` (base32), no code taken yet.
    fn with_secret(id: String, secret: String, now: i64) -> Self {
        Self {
            id,
            secret,
            verified: false,
            created_at: now,
            updated_at: now,
            last_used_step: None,
        }
    }

    /// Whether `code` is the app's code at `now` (ms) and of a step after the last one taken;
    /// if so, its step is taken.
    pub(crate) fn take_code(&mut self, code: &str, now: i64) -> bool {
        match totp::matching_step(&self.secret, code, now) {
            Some(step) if self.last_used_step.is_none_or(|last| step > last) => {
                self.last_used_step = Some(step);
                true
            }
            _ => false,
        }
    }
}

/// Which second factor a code was accepted as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SecondFactor {
    Totp,
    BackupCode,
}

impl SecondFactor {
    /// The `strategy` clerk-js sends and reads back.
    pub(crate) fn from_strategy(strategy: &str) -> Option<Self> {
        match strategy {
            "totp" => Some(Self::Totp),
            "backup_code" => Some(Self::BackupCode),
            _ => None,
        }
    }

    pub(crate) fn strategy(self) -> &'static str {
        match self {
            Self::Totp => "totp",
            Self::BackupCode => "backup_code",
        }
    }
}

impl UserMfa {
    /// A verified authenticator app: sign-ins need a second factor.
    pub(crate) fn totp_enabled(&self) -> bool {
        self.totp.as_ref().is_some_and(|t| t.verified)
    }

    pub(crate) fn backup_code_enabled(&self) -> bool {
        self.totp_enabled() && self.backup_codes_id.is_some()
    }

    /// `two_factor_enabled`: any second factor at all.
    pub(crate) fn two_factor_enabled(&self) -> bool {
        self.totp_enabled()
    }

    /// The second factors a sign-in or a reverification may use, in Clerk's order.
    pub(crate) fn available(&self) -> Vec<SecondFactor> {
        let mut factors = Vec::new();
        if self.totp_enabled() {
            factors.push(SecondFactor::Totp);
        }
        if self.backup_code_enabled() {
            factors.push(SecondFactor::BackupCode);
        }
        factors
    }

    /// Checks a code for `factor` at `now` (ms). A backup code is used up when it matches.
    pub(crate) fn accept(&mut self, factor: SecondFactor, code: &str, now: i64) -> bool {
        match factor {
            SecondFactor::Totp => self
                .totp
                .as_mut()
                .is_some_and(|t| t.verified && t.take_code(code, now)),
            SecondFactor::BackupCode => {
                let digest = totp::backup_code_digest(code);
                let before = self.backup_codes.len();
                self.backup_codes.retain(|d| d != &digest);
                self.backup_codes_id.is_some() && self.backup_codes.len() < before
            }
        }
    }

    /// A new set of backup codes, replacing any other; returns them in clear, once.
    pub(crate) fn regenerate_backup_codes(&mut self, id: String, now: i64) -> Vec<String> {
        let codes = totp::new_backup_codes();
        self.set_backup_codes(&codes, id, now);
        codes
    }

    /// These backup codes (given in clear), replacing any other.
    pub(crate) fn set_backup_codes(&mut self, codes: &[String], id: String, now: i64) {
        self.backup_codes = codes.iter().map(|c| totp::backup_code_digest(c)).collect();
        self.backup_codes_id = Some(id);
        self.backup_codes_created_at = Some(now);
    }

    /// An authenticator app already set up with `secret` (base32), as the Backend API's
    /// `totp_secret` gives it.
    pub(crate) fn set_verified_totp(&mut self, id: String, secret: String, now: i64) {
        self.totp = Some(Totp {
            verified: true,
            ..Totp::with_secret(id, secret, now)
        });
        self.enabled_at = Some(now);
    }

    /// Removes the authenticator app; without it, backup codes go too (Clerk keeps them only
    /// beside another second factor).
    pub(crate) fn remove_totp(&mut self, now: i64) -> Option<Totp> {
        let removed = self.totp.take();
        if removed.as_ref().is_some_and(|t| t.verified) {
            self.disabled_at = Some(now);
        }
        self.remove_backup_codes();
        removed
    }

    pub(crate) fn remove_backup_codes(&mut self) {
        self.backup_codes.clear();
        self.backup_codes_id = None;
        self.backup_codes_created_at = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enrolled(now: i64) -> UserMfa {
        UserMfa {
            totp: Some(Totp {
                verified: true,
                ..Totp::pending("totp_1".into(), now)
            }),
            ..UserMfa::default()
        }
    }

    #[test]
    fn a_backup_code_works_once_and_codes_go_with_the_app() {
        let now = 1_700_000_000_000;
        let mut mfa = enrolled(now);
        let codes = mfa.regenerate_backup_codes("bc_1".into(), now);
        assert_eq!(
            mfa.available(),
            [SecondFactor::Totp, SecondFactor::BackupCode]
        );
        assert!(mfa.accept(SecondFactor::BackupCode, &codes[3], now));
        assert!(!mfa.accept(SecondFactor::BackupCode, &codes[3], now));
        assert!(mfa.accept(SecondFactor::BackupCode, &codes[4].to_uppercase(), now));

        let secret = mfa.totp.as_ref().unwrap().secret.clone();
        let code = totp::code_at(&secret, 1_700_000_000).unwrap();
        assert!(mfa.accept(SecondFactor::Totp, &code, now));
        assert!(!mfa.accept(SecondFactor::Totp, "000000x", now));
        // A code is good once, even within its 30 s; the next step's code is taken, and after
        // it no earlier one.
        assert!(!mfa.accept(SecondFactor::Totp, &code, now + 1_000));
        let next = totp::code_at(&secret, 1_700_000_030).unwrap();
        let previous = totp::code_at(&secret, 1_699_999_970).unwrap();
        assert!(mfa.accept(SecondFactor::Totp, &next, now));
        assert!(!mfa.accept(SecondFactor::Totp, &previous, now));

        mfa.remove_totp(now);
        assert!(!mfa.two_factor_enabled());
        assert!(!mfa.accept(SecondFactor::BackupCode, &codes[5], now));
        assert_eq!(mfa.disabled_at, Some(now));
    }
}
