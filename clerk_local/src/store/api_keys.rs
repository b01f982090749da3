//! API keys (`/api_keys`): long-lived secrets a user or an organization gives a script or a
//! third party to call the app's API on its behalf. They die with their subject.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ids::{new_id, random_string};

/// What the caller sends (`Authorization: Bearer ak_…`).
const SECRET_PREFIX: &str = "ak_";
/// The most keys one user or organization may hold, live or spent in the last day.
pub(crate) const MAX_API_KEYS_PER_OWNER: usize = 1_000;
/// The longest name and description, in characters.
pub(crate) const MAX_NAME_CHARS: usize = 256;
pub(crate) const MAX_DESCRIPTION_CHARS: usize = 1_024;

/// Why a key is not made.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ApiKeyRefusal {
    /// The owner has a live key of that name (Clerk's `token_creation_conflict`).
    NameTaken,
    NameTooLong,
    DescriptionTooLong,
    /// The owner holds [`MAX_API_KEYS_PER_OWNER`] keys.
    TooMany,
}
const SECRET_LENGTH: usize = 48;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct ApiKey {
    pub id: String,
    pub secret: String,
    pub name: String,
    /// The user (`user_…`) or organization (`org_…`) it acts for.
    pub subject: String,
    pub description: Option<String>,
    pub scopes: Vec<String>,
    pub claims: Option<Value>,
    pub created_by: Option<String>,
    pub revoked: bool,
    pub revocation_reason: Option<String>,
    /// Unix ms; `None`: never expires.
    pub expiration: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// When a server last verified it (to the minute: see `bapi::api_keys::verify`).
    #[serde(default)]
    pub last_used_at: Option<i64>,
}

/// What `POST /api_keys` asks for.
pub(crate) struct NewApiKey {
    pub name: String,
    pub subject: String,
    pub description: Option<String>,
    pub scopes: Vec<String>,
    pub claims: Option<Value>,
    pub created_by: Option<String>,
    pub expiration: Option<i64>,
}

impl ApiKey {
    pub(crate) fn new(new: NewApiKey, now: i64) -> Self {
        Self {
            id: new_id("ak"),
            secret: format!("{SECRET_PREFIX}{}", random_string(SECRET_LENGTH)),
            name: new.name,
            subject: new.subject,
            description: new.description,
            scopes: new.scopes,
            claims: new.claims,
            created_by: new.created_by,
            revoked: false,
            revocation_reason: None,
            expiration: new.expiration,
            created_at: now,
            updated_at: now,
            last_used_at: None,
        }
    }

    pub(crate) fn expired(&self, now: i64) -> bool {
        self.expiration.is_some_and(|at| at <= now)
    }

    /// Live: neither revoked nor expired.
    pub(crate) fn valid(&self, now: i64) -> bool {
        !self.revoked && !self.expired(now)
    }

    pub(crate) fn kept(&self, now: i64) -> bool {
        super::machines::kept(self.revoked, self.updated_at, self.expiration, now)
    }
}

impl super::State {
    pub(crate) fn api_key(&self, id: &str) -> Option<&ApiKey> {
        self.api_keys.iter().find(|k| k.id == id)
    }

    /// The key whose secret this is (compared in constant time).
    pub(crate) fn api_key_by_secret(&self, secret: &str) -> Option<&ApiKey> {
        self.api_keys
            .iter()
            .find(|k| crate::secret_key::constant_time_eq(k.secret.as_bytes(), secret.as_bytes()))
    }

    /// `subject`'s keys, newest first: the live ones, or all of them with `include_invalid`;
    /// with `name_query`, only those whose name contains it, ignoring case.
    pub(crate) fn api_keys_of(
        &self,
        subject: &str,
        include_invalid: bool,
        name_query: Option<&str>,
        now: i64,
    ) -> Vec<&ApiKey> {
        let query = name_query.map(str::to_lowercase);
        self.api_keys
            .iter()
            .rev()
            .filter(|k| k.subject == subject && (include_invalid || k.valid(now)))
            .filter(|k| {
                query
                    .as_deref()
                    .is_none_or(|q| k.name.to_lowercase().contains(q))
            })
            .collect()
    }

    /// Stores a new key, unless its owner already has a live one of that name, or holds
    /// [`MAX_API_KEYS_PER_OWNER`] keys (spent ones are kept a day, and count: making and revoking
    /// keys in a loop must not grow the state without bound either).
    pub(crate) fn add_api_key(
        &mut self,
        new: NewApiKey,
        now: i64,
    ) -> Result<&ApiKey, ApiKeyRefusal> {
        if new.name.chars().count() > MAX_NAME_CHARS {
            return Err(ApiKeyRefusal::NameTooLong);
        }
        if new
            .description
            .as_ref()
            .is_some_and(|d| d.chars().count() > MAX_DESCRIPTION_CHARS)
        {
            return Err(ApiKeyRefusal::DescriptionTooLong);
        }
        let owned = || self.api_keys.iter().filter(|k| k.subject == new.subject);
        if owned().any(|k| k.valid(now) && k.name == new.name) {
            return Err(ApiKeyRefusal::NameTaken);
        }
        if owned().filter(|k| k.kept(now)).count() >= MAX_API_KEYS_PER_OWNER {
            return Err(ApiKeyRefusal::TooMany);
        }
        self.api_keys.push(ApiKey::new(new, now));
        Ok(&self.api_keys[self.api_keys.len() - 1])
    }

    /// Revokes the key `id`; revoking it again keeps the first reason.
    pub(crate) fn revoke_api_key(
        &mut self,
        id: &str,
        reason: Option<String>,
        now: i64,
    ) -> Option<&ApiKey> {
        let key = self.api_keys.iter_mut().find(|k| k.id == id)?;
        if !key.revoked {
            key.revoked = true;
            key.revocation_reason = reason;
            key.updated_at = now;
        }
        Some(key)
    }

    /// Whether `subject` is a user or an organization of the instance.
    pub(crate) fn subject_exists(&self, subject: &str) -> bool {
        self.user(subject).is_some() || self.organization(subject).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::super::State;
    use super::*;

    fn key_for(subject: &str, name: &str) -> NewApiKey {
        NewApiKey {
            name: name.into(),
            subject: subject.into(),
            description: None,
            scopes: Vec::new(),
            claims: None,
            created_by: None,
            expiration: None,
        }
    }

    #[test]
    fn an_owner_holds_at_most_so_many_keys_spent_ones_included_for_a_day() {
        let mut state = State::new();
        let key = |n: usize| key_for("user_a", &format!("k{n}"));
        for n in 0..MAX_API_KEYS_PER_OWNER {
            assert!(state.add_api_key(key(n), 1).is_ok());
        }
        assert_eq!(
            state
                .add_api_key(key(MAX_API_KEYS_PER_OWNER), 1)
                .unwrap_err(),
            ApiKeyRefusal::TooMany
        );
        // Another owner is not affected.
        assert!(state.add_api_key(key_for("user_b", "k0"), 1).is_ok());
        // A revoked key still counts until it is a day old: revoking is no way around the cap.
        let id = state.api_keys[0].id.clone();
        state.revoke_api_key(&id, None, 2).unwrap();
        assert!(state.add_api_key(key(MAX_API_KEYS_PER_OWNER), 3).is_err());
        let a_day_later = 2 + 24 * 60 * 60 * 1000;
        assert!(state
            .add_api_key(key(MAX_API_KEYS_PER_OWNER), a_day_later)
            .is_ok());
    }

    #[test]
    fn a_live_name_is_taken_and_names_and_descriptions_are_bounded() {
        let mut state = State::new();
        let first = state
            .add_api_key(key_for("user_a", "ci"), 1)
            .unwrap()
            .id
            .clone();
        assert_eq!(
            state.add_api_key(key_for("user_a", "ci"), 1).unwrap_err(),
            ApiKeyRefusal::NameTaken
        );
        assert!(state.add_api_key(key_for("user_b", "ci"), 1).is_ok());
        state.revoke_api_key(&first, None, 2).unwrap();
        assert!(state.add_api_key(key_for("user_a", "ci"), 3).is_ok());
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        assert_eq!(
            state.add_api_key(key_for("user_a", &long), 3).unwrap_err(),
            ApiKeyRefusal::NameTooLong
        );
        let mut wordy = key_for("user_a", "wordy");
        wordy.description = Some("x".repeat(MAX_DESCRIPTION_CHARS + 1));
        assert_eq!(
            state.add_api_key(wordy, 3).unwrap_err(),
            ApiKeyRefusal::DescriptionTooLong
        );
    }
}
