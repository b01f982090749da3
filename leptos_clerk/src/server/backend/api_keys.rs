//! `/api_keys`: keys users and organizations hand to scripts. Clerk serves these without the
//! API version.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::{Call, ClerkClient, ClerkError};

/// The API key endpoints; get them with [`ClerkClient::api_keys`].
#[derive(Clone, Copy, Debug)]
pub struct ApiKeysApi<'a> {
    pub(super) client: &'a ClerkClient,
}

/// An API key (`APIKey` in `@clerk/backend`). Times are Unix milliseconds.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiKey {
    /// The key's id (not its secret).
    pub id: String,
    /// The name its owner gave it.
    pub name: String,
    /// Its owner: a user (`user_…`) or an organization (`org_…`).
    pub subject: String,
    /// What it is for.
    #[serde(default)]
    pub description: Option<String>,
    /// What its owner allowed it.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Custom claims.
    #[serde(default)]
    pub claims: Option<Map<String, Value>>,
    /// The user who created it.
    #[serde(default)]
    pub created_by: Option<String>,
    /// Revoked: verifying it fails.
    #[serde(default)]
    pub revoked: bool,
    /// Why, as given to [`ApiKeysApi::revoke_api_key`].
    #[serde(default)]
    pub revocation_reason: Option<String>,
    /// Past its expiration.
    #[serde(default)]
    pub expired: bool,
    /// `None`: never expires.
    #[serde(default)]
    pub expiration: Option<i64>,
    /// When it was created.
    #[serde(default)]
    pub created_at: i64,
    /// When it last changed.
    #[serde(default)]
    pub updated_at: i64,
    /// When a server last verified it; `None`: never used.
    #[serde(default)]
    pub last_used_at: Option<i64>,
    /// The secret (`ak_…`): only in the answer that created it.
    #[serde(default)]
    pub secret: Option<String>,
}

// By hand, so that the secret never reaches a log line.
impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiKey")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("subject", &self.subject)
            .field("scopes", &self.scopes)
            .field("revoked", &self.revoked)
            .field("expired", &self.expired)
            .field("secret", &self.secret.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

/// What [`ApiKeysApi::create_api_key`] sends.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ApiKeyParams {
    /// A name its owner will recognise.
    pub name: String,
    /// Its owner: a user or an organization id.
    pub subject: String,
    /// What it is for.
    pub description: Option<String>,
    /// What it may do, in the app's own words.
    pub scopes: Vec<String>,
    /// Custom claims.
    pub claims: Option<Map<String, Value>>,
    /// The user creating it.
    pub created_by: Option<String>,
    /// Lifetime; `None`: until revoked.
    pub seconds_until_expiration: Option<u64>,
}

impl ApiKeyParams {
    /// A key named `name` for `subject` (a user or an organization id).
    #[must_use]
    pub fn new(name: impl Into<String>, subject: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            subject: subject.into(),
            ..Self::default()
        }
    }
}

impl ApiKeysApi<'_> {
    /// A new key; its `secret` is in this answer only.
    pub async fn create_api_key(&self, params: &ApiKeyParams) -> Result<ApiKey, ClerkError> {
        let body = json!({
            "name": params.name,
            "subject": params.subject,
            "description": params.description,
            "scopes": params.scopes,
            "claims": params.claims,
            "created_by": params.created_by,
            "seconds_until_expiration": params.seconds_until_expiration,
        });
        let call = Call::new(http::Method::POST, &["api_keys"]).body(&body);
        self.client.json(call.unversioned()).await
    }

    /// The live keys of `subject`, newest first: every page of them.
    pub async fn list_api_keys(&self, subject: &str) -> Result<Vec<ApiKey>, ClerkError> {
        self.client
            .every_page(|| {
                Call::new(http::Method::GET, &["api_keys"])
                    .query("subject", subject)
                    .unversioned()
            })
            .await
    }

    /// One key, by its id (without its secret).
    pub async fn get_api_key(&self, key_id: &str) -> Result<ApiKey, ClerkError> {
        let segments = ["api_keys", key_id];
        let call = Call::new(http::Method::GET, &segments);
        self.client.json(call.unversioned()).await
    }

    /// The key whose secret this is, if it is live; a `404` otherwise.
    pub async fn verify(&self, secret: &str) -> Result<ApiKey, ClerkError> {
        let body = json!({ "secret": secret });
        let call = Call::new(http::Method::POST, &["api_keys", "verify"]).body(&body);
        self.client.json(call.unversioned()).await
    }

    /// Revokes a key by its id: verifying it fails from then on.
    pub async fn revoke_api_key(
        &self,
        key_id: &str,
        reason: Option<&str>,
    ) -> Result<ApiKey, ClerkError> {
        let body = json!({ "revocation_reason": reason });
        let segments = ["api_keys", key_id, "revoke"];
        let call = Call::new(http::Method::POST, &segments).body(&body);
        self.client.json(call.unversioned()).await
    }
}
