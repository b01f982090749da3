//! Machines and their M2M tokens (`/v1/machines`, `/v1/m2m_tokens`): a machine holds a secret
//! key, asks for tokens with it, and may call the machines in its scope. Only opaque tokens are
//! kept: a JWT one verifies by its signature, so nothing about it needs remembering.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ids::{new_id, random_string};

/// Clerk's machine secret keys start `ak_`; the random part is as long as the instance's.
const MACHINE_SECRET_KEY_PREFIX: &str = "ak_";
const OPAQUE_TOKEN_PREFIX: &str = "mt_";
const SECRET_LENGTH: usize = 48;
/// Revoked or expired tokens and API keys are kept this long (verify answers 404 either way),
/// then dropped.
const SPENT_TOKEN_RETENTION_MS: i64 = 24 * 60 * 60 * 1000;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Machine {
    pub id: String,
    pub name: String,
    pub secret_key: String,
    /// The machines this one may call: the `scopes` of the tokens it gets.
    pub scoped_machines: Vec<String>,
    /// Seconds a token lives when its request names no `seconds_until_expiration`.
    pub default_token_ttl: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Machine {
    pub(crate) fn new(name: String, default_token_ttl: i64, now: i64) -> Self {
        Self {
            id: new_id("mch"),
            name,
            secret_key: format!(
                "{MACHINE_SECRET_KEY_PREFIX}{}",
                random_string(SECRET_LENGTH)
            ),
            scoped_machines: Vec::new(),
            default_token_ttl,
            created_at: now,
            updated_at: now,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct M2mToken {
    pub id: String,
    /// `mt_…`: what the machine sends as `Authorization: Bearer`.
    pub secret: String,
    /// The machine it was issued to.
    pub subject: String,
    /// The machines it may call.
    pub scopes: Vec<String>,
    pub claims: Option<Value>,
    pub revoked: bool,
    pub revocation_reason: Option<String>,
    /// Unix ms; `None`: never expires.
    pub expiration: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl M2mToken {
    pub(crate) fn new(
        machine: &Machine,
        claims: Option<Value>,
        expiration: Option<i64>,
        now: i64,
    ) -> Self {
        Self {
            id: new_id("mt"),
            secret: format!("{OPAQUE_TOKEN_PREFIX}{}", random_string(SECRET_LENGTH)),
            subject: machine.id.clone(),
            scopes: machine.scoped_machines.clone(),
            claims,
            revoked: false,
            revocation_reason: None,
            expiration,
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
        kept(self.revoked, self.updated_at, self.expiration, now)
    }
}

/// Whether a token or key is still worth keeping: live, or spent (revoked at `updated_at`, or
/// expired) less than a day ago.
pub(super) fn kept(revoked: bool, updated_at: i64, expiration: Option<i64>, now: i64) -> bool {
    let spent_at = if revoked {
        Some(updated_at)
    } else {
        expiration
    };
    spent_at.is_none_or(|at| now < at.saturating_add(SPENT_TOKEN_RETENTION_MS))
}

impl super::State {
    pub(crate) fn machine(&self, id: &str) -> Option<&Machine> {
        self.machines.iter().find(|m| m.id == id)
    }

    /// The machine whose secret key this is (compared in constant time).
    pub(crate) fn machine_by_secret_key(&self, key: &str) -> Option<&Machine> {
        self.machines
            .iter()
            .find(|m| crate::secret_key::constant_time_eq(m.secret_key.as_bytes(), key.as_bytes()))
    }
}
