//! Clerk's API keys: the publishable key (which names the Frontend API host) and the secret key
//! (which must never reach a log line or the browser).

use std::fmt;

use base64::Engine as _;
use sha1::{Digest as _, Sha1};

use crate::constants::{PUBLISHABLE_KEY_LIVE_PREFIX, PUBLISHABLE_KEY_TEST_PREFIX};

/// Whether a key belongs to a development or a production Clerk instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InstanceType {
    /// `pk_test_…` / `sk_test_…`.
    Development,
    /// `pk_live_…` / `sk_live_…`.
    Production,
}

/// What is wrong with a publishable key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The key is empty.
    #[error("the key is empty")]
    Empty,
    /// The key starts with neither `pk_test_` nor `pk_live_`.
    #[error(
        "it must start with `pk_test_` or `pk_live_` (a secret key `sk_…` does not belong here)"
    )]
    BadPrefix,
    /// The part after the prefix is not unpadded standard base64.
    #[error("the part after `pk_test_`/`pk_live_` is not valid base64")]
    NotBase64,
    /// The decoded part does not end with exactly one `$`.
    #[error("the decoded key does not end with exactly one `$`")]
    MissingDollar,
    /// The decoded host has no `.` or is not text.
    #[error("the decoded key is not a host name such as `clerk.example.com`")]
    NotAHost,
}

/// A parsed publishable key (`pk_test_…` / `pk_live_…`): unpadded standard base64 of
/// `"<frontend-api-host>$"`.
///
/// # Usage
/// ```
/// use leptos_clerk::server::PublishableKey;
///
/// let pk = PublishableKey::parse("pk_test_ZWFzeS1sZW1taW5nLTg1LmNsZXJrLmFjY291bnRzLmRldiQ").unwrap();
/// assert_eq!(pk.frontend_api(), "easy-lemming-85.clerk.accounts.dev");
/// assert_eq!(pk.cookie_suffix(), "fsYtHDs_");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PublishableKey {
    key: String,
    frontend_api: String,
    instance_type: InstanceType,
    cookie_suffix: String,
}

impl PublishableKey {
    /// Parses a publishable key, as `parsePublishableKey` in `@clerk/shared` does.
    pub fn parse(key: &str) -> Result<Self, KeyError> {
        let key = key.trim();
        if key.is_empty() {
            return Err(KeyError::Empty);
        }
        let (instance_type, encoded) =
            if let Some(rest) = key.strip_prefix(PUBLISHABLE_KEY_LIVE_PREFIX) {
                (InstanceType::Production, rest)
            } else if let Some(rest) = key.strip_prefix(PUBLISHABLE_KEY_TEST_PREFIX) {
                (InstanceType::Development, rest)
            } else {
                return Err(KeyError::BadPrefix);
            };
        let decoded = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(encoded)
            .or_else(|_| base64::engine::general_purpose::STANDARD.decode(encoded))
            .map_err(|_| KeyError::NotBase64)?;
        let decoded = String::from_utf8(decoded).map_err(|_| KeyError::NotAHost)?;
        let host = decoded.strip_suffix('$').ok_or(KeyError::MissingDollar)?;
        if host.ends_with('$') {
            return Err(KeyError::MissingDollar);
        }
        if !host.contains('.') || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(KeyError::NotAHost);
        }
        Ok(Self {
            cookie_suffix: cookie_suffix(key),
            frontend_api: host.to_owned(),
            instance_type,
            key: key.to_owned(),
        })
    }

    /// The key as given, e.g. for the `data-clerk-publishable-key` attribute.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.key
    }

    /// The Frontend API host encoded in the key, e.g. `easy-lemming-85.clerk.accounts.dev`.
    #[must_use]
    pub fn frontend_api(&self) -> &str {
        &self.frontend_api
    }

    /// Development (`pk_test_`) or production (`pk_live_`).
    #[must_use]
    pub fn instance_type(&self) -> InstanceType {
        self.instance_type
    }

    /// The suffix of this instance's cookie names (`__session_<suffix>`): the first 8 characters
    /// of base64(SHA-1(key)), URL-safe.
    #[must_use]
    pub fn cookie_suffix(&self) -> &str {
        &self.cookie_suffix
    }
}

impl fmt::Debug for PublishableKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PublishableKey").field(&self.key).finish()
    }
}

impl fmt::Display for PublishableKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key)
    }
}

/// `getCookieSuffix` of `@clerk/shared`.
fn cookie_suffix(key: &str) -> String {
    let digest = Sha1::digest(key.as_bytes());
    base64::engine::general_purpose::STANDARD
        .encode(digest)
        .chars()
        .take(8)
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect()
}

/// A Clerk secret key (`sk_test_…` / `sk_live_…`).
///
/// Its `Debug` prints `SecretKey(sk_test_…)` with the secret part redacted, and it has no
/// `Display`, so it cannot end up in a log line by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(String);

impl SecretKey {
    /// Wraps a secret key. Surrounding whitespace is dropped.
    #[must_use]
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into().trim().to_owned())
    }

    /// The key itself, for the `Authorization` header. Never log it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `sk_test_…` (or legacy `test_…`) keys belong to development instances.
    #[must_use]
    pub fn instance_type(&self) -> InstanceType {
        if self.0.starts_with("sk_test_") || self.0.starts_with("test_") {
            InstanceType::Development
        } else {
            InstanceType::Production
        }
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = ["sk_test_", "sk_live_"]
            .into_iter()
            .find(|p| self.0.starts_with(p))
            .unwrap_or("");
        write!(f, "SecretKey({prefix}[redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PK: &str = "pk_test_ZWFzeS1sZW1taW5nLTg1LmNsZXJrLmFjY291bnRzLmRldiQ";

    #[test]
    fn parses_the_documented_keys() {
        let pk = PublishableKey::parse(PK).expect("valid key");
        assert_eq!(pk.frontend_api(), "easy-lemming-85.clerk.accounts.dev");
        assert_eq!(pk.instance_type(), InstanceType::Development);
        assert_eq!(pk.cookie_suffix(), "fsYtHDs_");

        let live = PublishableKey::parse("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k").expect("valid key");
        assert_eq!(live.frontend_api(), "clerk.example.com");
        assert_eq!(live.instance_type(), InstanceType::Production);
    }

    #[test]
    fn rejects_malformed_keys() {
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD_NO_PAD.encode(s);
        assert_eq!(PublishableKey::parse(""), Err(KeyError::Empty));
        assert_eq!(
            PublishableKey::parse("sk_test_abc"),
            Err(KeyError::BadPrefix)
        );
        assert_eq!(
            PublishableKey::parse("pk_prod_abc"),
            Err(KeyError::BadPrefix)
        );
        assert_eq!(
            PublishableKey::parse("pk_test_!!!"),
            Err(KeyError::NotBase64)
        );
        let no_dollar = format!("pk_test_{}", b64("clerk.example.com"));
        assert_eq!(
            PublishableKey::parse(&no_dollar),
            Err(KeyError::MissingDollar)
        );
        let two_dollars = format!("pk_test_{}", b64("clerk.example.com$$"));
        assert_eq!(
            PublishableKey::parse(&two_dollars),
            Err(KeyError::MissingDollar)
        );
        let no_dot = format!("pk_live_{}", b64("localhost$"));
        assert_eq!(PublishableKey::parse(&no_dot), Err(KeyError::NotAHost));
    }

    #[test]
    fn secret_key_debug_is_redacted() {
        let sk = SecretKey::new("sk_test_supersecretvalue");
        let shown = format!("{sk:?}");
        assert!(!shown.contains("supersecret"), "{shown}");
        assert_eq!(shown, "SecretKey(sk_test_[redacted])");
        assert_eq!(sk.expose(), "sk_test_supersecretvalue");
    }
}
