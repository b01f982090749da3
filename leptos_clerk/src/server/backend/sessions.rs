//! `/v1/sessions` endpoints.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{Call, ClerkClient, ClerkError, List};

/// Filters of [`SessionsApi::list_sessions`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SessionListParams {
    /// Sessions of this user.
    pub user_id: Option<String>,
    /// Sessions of this client.
    pub client_id: Option<String>,
    /// e.g. `active`.
    pub status: Option<String>,
    /// Page size.
    pub limit: Option<u32>,
    /// How many to skip.
    pub offset: Option<u32>,
}

impl SessionListParams {
    /// The sessions of a user.
    #[must_use]
    pub fn user(user_id: impl Into<String>) -> Self {
        Self {
            user_id: Some(user_id.into()),
            ..Self::default()
        }
    }
}

/// The sessions endpoints; get it with [`ClerkClient::sessions`].
#[derive(Clone, Copy, Debug)]
pub struct SessionsApi<'a> {
    pub(super) client: &'a ClerkClient,
}

/// A session token minted by the Backend API.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// The JWT.
    #[serde(default)]
    pub jwt: String,
}

/// A session. Statuses are an open set (`active`, `ended`, `revoked`, `pending`, …).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// `sess_…`
    pub id: String,
    /// The client it belongs to.
    #[serde(default)]
    pub client_id: Option<String>,
    /// The user it belongs to.
    #[serde(default)]
    pub user_id: Option<String>,
    /// e.g. `active`.
    #[serde(default)]
    pub status: Option<String>,
    /// Unix ms.
    #[serde(default)]
    pub last_active_at: Option<i64>,
    /// Unix ms.
    #[serde(default)]
    pub expire_at: Option<i64>,
    /// Unix ms.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// Unix ms.
    #[serde(default)]
    pub updated_at: Option<i64>,
}

#[derive(Deserialize)]
struct Cookies {
    #[serde(default)]
    cookies: Vec<String>,
}

impl SessionsApi<'_> {
    /// `GET /v1/sessions/{session_id}`.
    pub async fn get_session(&self, session_id: &str) -> Result<Session, ClerkError> {
        let segments = ["sessions", session_id];
        self.client
            .json(Call::new(http::Method::GET, &segments))
            .await
    }

    /// `GET /v1/sessions` (Clerk requires a user or client id).
    pub async fn list_sessions(
        &self,
        params: &SessionListParams,
    ) -> Result<Vec<Session>, ClerkError> {
        if params.user_id.is_none() && params.client_id.is_none() {
            return Err(ClerkError::InvalidArgument(
                "listing sessions needs a user_id or a client_id",
            ));
        }
        let segments = ["sessions"];
        let call = Call::new(http::Method::GET, &segments)
            .query_some("user_id", params.user_id.clone())
            .query_some("client_id", params.client_id.clone())
            .query_some("status", params.status.clone())
            .query_some("limit", params.limit.map(|l| l.to_string()))
            .query_some("offset", params.offset.map(|o| o.to_string()));
        let list: List<Session> = self.client.json(call).await?;
        Ok(list.into_vec())
    }

    /// `POST /v1/sessions/{session_id}/revoke`.
    pub async fn revoke_session(&self, session_id: &str) -> Result<Session, ClerkError> {
        let segments = ["sessions", session_id, "revoke"];
        self.client
            .json(Call::new(http::Method::POST, &segments))
            .await
    }

    /// `POST /v1/sessions/{session_id}/tokens[/{template}]`: a session token (or one from a JWT
    /// template), optionally with a custom lifetime.
    ///
    /// # Usage
    /// ```no_run
    /// # async fn f(client: leptos_clerk::server::ClerkClient) -> Result<(), leptos_clerk::server::ClerkError> {
    /// let token = client.sessions().create_token("sess_123", Some("supabase"), Some(120)).await?;
    /// println!("{}", token.jwt);
    /// # Ok(()) }
    /// ```
    pub async fn create_token(
        &self,
        session_id: &str,
        template: Option<&str>,
        expires_in_seconds: Option<u64>,
    ) -> Result<Token, ClerkError> {
        let body = match expires_in_seconds {
            Some(secs) => json!({ "expires_in_seconds": secs }),
            None => json!({}),
        };
        let with_template;
        let plain;
        let segments: &[&str] = match template {
            Some(template) => {
                with_template = ["sessions", session_id, "tokens", template];
                &with_template
            }
            None => {
                plain = ["sessions", session_id, "tokens"];
                &plain
            }
        };
        self.client
            .json(Call::new(http::Method::POST, segments).body(&body))
            .await
    }

    /// `POST /v1/sessions/{session_id}/refresh` in cookie format: the `Set-Cookie` values of a
    /// refreshed session (used by request authentication for an expired token).
    pub(crate) async fn refresh(
        &self,
        session_id: &str,
        body: &Value,
        suffixed_cookies: bool,
    ) -> Result<Vec<String>, ClerkError> {
        let segments = ["sessions", session_id, "refresh"];
        let call = Call::new(http::Method::POST, &segments)
            .query("suffixed_cookies", suffixed_cookies.to_string())
            .body(body);
        let cookies: Cookies = self.client.json(call).await?;
        Ok(cookies.cookies)
    }
}

// By hand: the JWT is a credential.
impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token").field("jwt", &"[redacted]").finish()
    }
}
