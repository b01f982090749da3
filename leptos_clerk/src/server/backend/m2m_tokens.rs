//! `/m2m_tokens`: machine-to-machine tokens. Clerk serves these without the API version.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::{Call, ClerkClient, ClerkError};

/// The M2M token endpoints; get them with [`ClerkClient::m2m_tokens`].
#[derive(Clone, Copy, Debug)]
pub struct M2mTokensApi<'a> {
    pub(super) client: &'a ClerkClient,
}

/// An M2M token (`M2MToken` in `@clerk/backend`). Times are Unix milliseconds.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct M2mToken {
    /// `mt_…`
    pub id: String,
    /// The machine it was issued to (`mch_…`).
    pub subject: String,
    /// The machines it may call.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The custom claims it was issued with.
    #[serde(default)]
    pub claims: Option<Map<String, Value>>,
    /// Revoked: verifying it fails.
    #[serde(default)]
    pub revoked: bool,
    /// Why, as given to [`M2mTokensApi::revoke_token`].
    #[serde(default)]
    pub revocation_reason: Option<String>,
    /// Past its expiration.
    #[serde(default)]
    pub expired: bool,
    /// `None`: never expires.
    #[serde(default)]
    pub expiration: Option<i64>,
    /// When it was issued.
    #[serde(default)]
    pub created_at: i64,
    /// When it last changed (revoked).
    #[serde(default)]
    pub updated_at: i64,
    /// The token itself: only in the answer that created it.
    #[serde(default)]
    pub token: Option<String>,
}

// By hand, so that the token never reaches a log line.
impl std::fmt::Debug for M2mToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("M2mToken")
            .field("id", &self.id)
            .field("subject", &self.subject)
            .field("scopes", &self.scopes)
            .field("revoked", &self.revoked)
            .field("expired", &self.expired)
            .field("expiration", &self.expiration)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

/// The form of a new token.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum M2mTokenFormat {
    /// `mt_…`: verified by the Backend API on every request, and revocable.
    #[default]
    Opaque,
    /// A JWT signed with the instance's key: verified without a network call, not revocable.
    Jwt,
}

/// What [`M2mTokensApi::create_token`] sends: `M2mTokenParams::default()` is an opaque token
/// living the machine's default lifetime, with no custom claims.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct M2mTokenParams {
    /// Lifetime; `None`: the machine's default.
    pub seconds_until_expiration: Option<u64>,
    /// Custom claims (not `iss`, `sub`, `exp`, `nbf`, `iat` or `jti`).
    pub claims: Option<Map<String, Value>>,
    /// Opaque (the default) or JWT.
    pub token_format: M2mTokenFormat,
}

impl M2mTokenParams {
    /// A token living `seconds`.
    #[must_use]
    pub fn expiring_in(mut self, seconds: u64) -> Self {
        self.seconds_until_expiration = Some(seconds);
        self
    }

    /// A token carrying these custom claims.
    #[must_use]
    pub fn with_claims(mut self, claims: Map<String, Value>) -> Self {
        self.claims = Some(claims);
        self
    }

    /// A token in this form.
    #[must_use]
    pub fn format(mut self, format: M2mTokenFormat) -> Self {
        self.token_format = format;
        self
    }
}

impl M2mTokensApi<'_> {
    /// A new token for the machine whose secret key this client holds.
    pub async fn create_token(&self, params: &M2mTokenParams) -> Result<M2mToken, ClerkError> {
        let body = json!({
            "seconds_until_expiration": params.seconds_until_expiration,
            "claims": params.claims,
            "token_format": match params.token_format {
                M2mTokenFormat::Opaque => "opaque",
                M2mTokenFormat::Jwt => "jwt",
            },
        });
        let call = Call::new(http::Method::POST, &["m2m_tokens"]).body(&body);
        self.client.json(call.unversioned()).await
    }

    /// The token, if it is live and this client's key may take it (the instance's key, or the
    /// key of a machine in the token's scopes); a `404` otherwise.
    pub async fn verify(&self, token: &str) -> Result<M2mToken, ClerkError> {
        let body = json!({ "token": token });
        let call = Call::new(http::Method::POST, &["m2m_tokens", "verify"]).body(&body);
        self.client.json(call.unversioned()).await
    }

    /// Revokes a token by its id: verifying it fails from then on.
    pub async fn revoke_token(
        &self,
        token_id: &str,
        reason: Option<&str>,
    ) -> Result<M2mToken, ClerkError> {
        let body = json!({ "revocation_reason": reason });
        let segments = ["m2m_tokens", token_id, "revoke"];
        let call = Call::new(http::Method::POST, &segments).body(&body);
        self.client.json(call.unversioned()).await
    }
}
