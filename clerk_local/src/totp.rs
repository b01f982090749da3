//! The authenticator-app second factor: RFC 6238 codes (SHA-1, 6 digits, 30 s, as every
//! authenticator app and Clerk use) through `totp-rs`, and single-use backup codes, kept only as
//! SHA-256 digests (they are random, so a fast hash is enough).

use constant_time_eq::constant_time_eq;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

/// 20 random bytes: RFC 4226's recommended length, 32 base32 characters as Clerk shows them.
const SECRET_BYTES: usize = 20;
const DIGITS: usize = 6;
const STEP_SECS: u64 = 30;
/// One step either side of now: a code typed as it rolls over, or a slightly wrong clock.
const SKEW_STEPS: u8 = 1;
/// Clerk hands out ten backup codes of eight lowercase letters and digits.
const BACKUP_CODE_COUNT: usize = 10;
const BACKUP_CODE_LENGTH: usize = 8;
const BACKUP_CODE_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// A new secret, base32 without padding.
pub(crate) fn new_secret() -> String {
    let mut bytes = [0u8; SECRET_BYTES];
    OsRng.fill_bytes(&mut bytes);
    match Secret::Raw(bytes.to_vec()).to_encoded() {
        Secret::Encoded(text) => text,
        Secret::Raw(_) => unreachable!("to_encoded always encodes"),
    }
}

/// Everything but RFC 3986's unreserved characters is escaped in the URI's label and issuer.
const URI_ESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `otpauth://totp/{issuer}:{account}?secret=…&issuer=…`: what the QR code holds.
pub(crate) fn uri(secret: &str, issuer: &str, account: &str) -> String {
    let issuer = utf8_percent_encode(issuer, URI_ESCAPED).to_string();
    let account = utf8_percent_encode(account, URI_ESCAPED).to_string();
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}"
    )
}

/// The time step (Unix time / 30 s) whose code `code` is, among now's and one either side;
/// `None` when it is none of them. The caller takes a step only once (`Totp::take_code`).
pub(crate) fn matching_step(secret: &str, code: &str, now_ms: i64) -> Option<u64> {
    let totp = authenticator(secret)?;
    let now_step = u64::try_from(crate::clock::secs(now_ms)).unwrap_or(0) / STEP_SECS;
    let skew = u64::from(SKEW_STEPS);
    let code = code.trim().as_bytes();
    // Every candidate is compared, each in constant time, as `TOTP::check` does.
    let mut matched = None;
    for step in now_step.saturating_sub(skew)..=now_step + skew {
        if constant_time_eq(totp.generate(step * STEP_SECS).as_bytes(), code) {
            matched = Some(step);
        }
    }
    matched
}

/// The secret's code at `unix_secs` (what an authenticator app shows).
#[cfg(test)]
pub(crate) fn code_at(secret: &str, unix_secs: u64) -> Option<String> {
    authenticator(secret).map(|totp| totp.generate(unix_secs))
}

/// Whether `secret` is base32 for a key authenticator apps accept (at least 128 bits).
pub(crate) fn secret_is_valid(secret: &str) -> bool {
    authenticator(secret).is_some()
}

fn authenticator(secret: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().ok()?;
    TOTP::new(Algorithm::SHA1, DIGITS, SKEW_STEPS, STEP_SECS, bytes).ok()
}

/// Ten new backup codes, in clear: shown once, then only their digests are kept.
pub(crate) fn new_backup_codes() -> Vec<String> {
    (0..BACKUP_CODE_COUNT)
        .map(|_| {
            (0..BACKUP_CODE_LENGTH)
                .map(|_| {
                    char::from(BACKUP_CODE_ALPHABET[OsRng.gen_range(0..BACKUP_CODE_ALPHABET.len())])
                })
                .collect()
        })
        .collect()
}

/// The digest a backup code is kept as; entries are compared case-insensitively.
pub(crate) fn backup_code_digest(code: &str) -> String {
    let digest = Sha256::digest(code.trim().to_ascii_lowercase().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_sha1_vector() {
        // RFC 6238 appendix B: the ASCII secret "12345678901234567890", T = 59 s → 94287082
        // (8 digits); its last six digits are the 6-digit code.
        let secret = match Secret::Raw(b"12345678901234567890".to_vec()).to_encoded() {
            Secret::Encoded(text) => text,
            Secret::Raw(_) => unreachable!(),
        };
        assert_eq!(code_at(&secret, 59).as_deref(), Some("287082"));
        assert_eq!(matching_step(&secret, "287082", 59_000), Some(1));
        // One step later it is still step 1's code; two steps later it is no longer taken.
        assert_eq!(matching_step(&secret, " 287082 ", 89_000), Some(1));
        assert_eq!(matching_step(&secret, "287082", 119_000), None);
        assert_eq!(matching_step(&secret, "000000", 59_000), None);
    }

    #[test]
    fn secrets_uris_and_backup_codes_look_like_clerks() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        assert!(secret
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
        assert_eq!(
            uri("ABC", "My App", "ada@example.com"),
            "otpauth://totp/My%20App:ada%40example.com?secret=ABC&issuer=My%20App&algorithm=SHA1&digits=6&period=30"
        );
        let codes = new_backup_codes();
        assert_eq!(codes.len(), 10);
        assert!(codes.iter().all(|c| c.len() == 8));
        assert_eq!(
            backup_code_digest(" ABcd1234 "),
            backup_code_digest("abcd1234")
        );
    }
}
