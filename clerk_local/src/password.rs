//! Passwords of the local users: the instance's rules for a new one, in one place, and hashing
//! (Argon2id).

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Deliberately light (1 MiB, one pass): these are throw-away development passwords, and a
/// debug build must still check one in a few milliseconds. Each hash records its own
/// parameters, so changing these later keeps old hashes valid.
const MEMORY_KIB: u32 = 1024;
const ITERATIONS: u32 = 1;
const PARALLELISM: u32 = 1;

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .unwrap_or_else(|_| Params::default());
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The rules a new password must follow (`password_min_length` in `Leptos.toml`), checked by
/// sign-up, a password change and the Backend API alike.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PasswordPolicy {
    pub(crate) min_length: usize,
}

/// Why a new password was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PasswordError {
    /// Shorter than the policy's minimum (Clerk's `form_password_length_too_short`).
    TooShort { min_length: usize },
    /// The hasher failed (an internal error).
    Hashing(String),
}

impl PasswordPolicy {
    /// Whether `password` is long enough.
    pub(crate) fn check(self, password: &str) -> Result<(), PasswordError> {
        if password.chars().count() < self.min_length {
            return Err(PasswordError::TooShort {
                min_length: self.min_length,
            });
        }
        Ok(())
    }

    /// [`check`](Self::check)s a new password, then hashes it.
    pub(crate) fn hash_new(self, password: &str) -> Result<String, PasswordError> {
        self.check(password)?;
        hash(password).map_err(PasswordError::Hashing)
    }
}

/// The PHC string (`$argon2id$v=19$m=…`) for `password`.
pub(crate) fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches `hash`; a malformed hash matches nothing.
pub(crate) fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn verifies_only_the_hashed_password() {
        let hash = super::hash("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(super::verify("correct horse", &hash));
        assert!(!super::verify("wrong horse", &hash));
        assert!(!super::verify("correct horse", "not a hash"));
    }
}
