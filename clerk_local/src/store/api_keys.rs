//! API keys (`/api_keys`): long-lived secrets a user or an organization gives a script or a
//! third party to call the app's API on its behalf. They die with their subject.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ids::{new_id, random_string};

/// What the caller sends (`Authorization: Bearer ak_…`).
const SECRET_PREFIX: &str = "ak_";
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

    /// Whether `subject` is a user or an organization of the instance.
    pub(crate) fn subject_exists(&self, subject: &str) -> bool {
        self.user(subject).is_some() || self.organization(subject).is_some()
    }
}
