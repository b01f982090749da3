//! `/v1/sign_in_tokens`: one-time tickets that sign a user in without their password: a magic
//! link of your own, or signing a test user in from a test (as `@clerk/testing` does).

use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::users::non_empty;
use super::{Call, ClerkClient, ClerkError};

/// The sign-in token endpoints; get them with [`ClerkClient::sign_in_tokens`].
#[derive(Clone, Copy, Debug)]
pub struct SignInTokensApi<'a> {
    pub(super) client: &'a ClerkClient,
}

/// A sign-in token (`SignInToken` in `@clerk/backend`). Whoever holds `token` (or `url`) signs
/// in as the user, once: hand it only to them.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SignInToken {
    /// `sit_…`.
    pub id: String,
    /// The user it signs in.
    pub user_id: String,
    /// The ticket: clerk-js signs in with `signIn.create({ strategy: "ticket", ticket })`
    /// (`None` once revoked).
    #[serde(default)]
    pub token: Option<String>,
    /// `pending`, `accepted` once used, or `revoked`.
    #[serde(default)]
    pub status: String,
    /// A link that signs in with it (`__clerk_ticket`), for a page with `<SignIn/>`.
    #[serde(default)]
    pub url: Option<String>,
    /// When it was made, Unix ms.
    #[serde(default)]
    pub created_at: i64,
    /// When it last changed, Unix ms.
    #[serde(default)]
    pub updated_at: i64,
}

// By hand: the token and the link sign in as the user, so they never reach a log line.
impl std::fmt::Debug for SignInToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secrets = [("token", self.token.is_some()), ("url", self.url.is_some())];
        crate::server::redact::debug_json(f, "SignInToken", self, &secrets)
    }
}

impl SignInTokensApi<'_> {
    /// `POST /v1/sign_in_tokens`: a ticket that signs `user_id` in once, within
    /// `expires_in_seconds` (Clerk's default: 30 days).
    pub async fn create_sign_in_token(
        &self,
        user_id: &str,
        expires_in_seconds: Option<u32>,
    ) -> Result<SignInToken, ClerkError> {
        non_empty(user_id, "the user id is empty")?;
        let mut body = json!({ "user_id": user_id });
        if let Some(seconds) = expires_in_seconds {
            body["expires_in_seconds"] = json!(seconds);
        }
        let call = Call::new(Method::POST, &["sign_in_tokens"]).body(&body);
        self.client.json(call).await
    }

    /// `POST /v1/sign_in_tokens/{sign_in_token_id}/revoke`: it signs no one in any more.
    pub async fn revoke_sign_in_token(
        &self,
        sign_in_token_id: &str,
    ) -> Result<SignInToken, ClerkError> {
        non_empty(sign_in_token_id, "the sign-in token id is empty")?;
        let segments = ["sign_in_tokens", sign_in_token_id, "revoke"];
        self.client.json(Call::new(Method::POST, &segments)).await
    }
}
