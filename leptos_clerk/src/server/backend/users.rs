//! `/v1/users` endpoints.

use http::Method;
use serde::Serialize;
use serde_json::Value;

use super::{Call, ClerkClient, ClerkError, DeletedObject, OrganizationMembership, User};

/// The users endpoints; get it with [`ClerkClient::users`].
#[derive(Clone, Copy, Debug)]
pub struct UsersApi<'a> {
    pub(super) client: &'a ClerkClient,
}

/// Filters and pagination of [`UsersApi::list_users`]. Every filter is optional; list filters
/// match any of their values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct UserListParams {
    /// Users with any of these email addresses.
    pub email_address: Vec<String>,
    /// Users with any of these external ids.
    pub external_id: Vec<String>,
    /// Users with any of these ids.
    pub user_id: Vec<String>,
    /// Free-text search (email, phone, username, names, id).
    pub query: Option<String>,
    /// e.g. `-created_at` (newest first, the default).
    pub order_by: Option<String>,
    /// Page size (Clerk's default 10, maximum 500).
    pub limit: Option<u32>,
    /// How many to skip.
    pub offset: Option<u32>,
}

impl UserListParams {
    /// Users with this email address.
    #[must_use]
    pub fn email(email: impl Into<String>) -> Self {
        Self {
            email_address: vec![email.into()],
            ..Self::default()
        }
    }

    /// Users with this external id.
    #[must_use]
    pub fn external_id(id: impl Into<String>) -> Self {
        Self {
            external_id: vec![id.into()],
            ..Self::default()
        }
    }

    /// A page: `limit` users after skipping `offset`.
    #[must_use]
    pub fn page(mut self, limit: u32, offset: u32) -> Self {
        self.limit = Some(limit);
        self.offset = Some(offset);
        self
    }
}

/// The fields of a new or updated user; unset fields are not sent.
#[derive(Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UserParams {
    /// Email addresses (the first becomes primary on create).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub email_address: Vec<String>,
    /// Your own id for the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Given name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Family name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Username.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Password (never logged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Visible to the browser, writable only by the backend.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_metadata: Option<Value>,
    /// Backend-only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_metadata: Option<Value>,
    /// Writable by the browser.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsafe_metadata: Option<Value>,
}

/// Metadata to merge into a user (`PATCH /v1/users/{id}/metadata`): keys set to `null` are
/// removed, others are deep-merged.
#[derive(Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MetadataParams {
    /// Merged into `public_metadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_metadata: Option<Value>,
    /// Merged into `private_metadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_metadata: Option<Value>,
    /// Merged into `unsafe_metadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsafe_metadata: Option<Value>,
}

impl MetadataParams {
    /// Merge into the public metadata.
    #[must_use]
    pub fn public(value: Value) -> Self {
        Self {
            public_metadata: Some(value),
            ..Self::default()
        }
    }

    /// Merge into the private metadata.
    #[must_use]
    pub fn private(value: Value) -> Self {
        Self {
            private_metadata: Some(value),
            ..Self::default()
        }
    }
}

pub(super) fn non_empty(id: &str, what: &'static str) -> Result<(), ClerkError> {
    if id.trim().is_empty() {
        Err(ClerkError::InvalidArgument(what))
    } else {
        Ok(())
    }
}

pub(super) fn to_json(value: &impl Serialize) -> Result<Value, ClerkError> {
    serde_json::to_value(value).map_err(|source| ClerkError::Decode {
        url: String::from("(request body)"),
        source,
    })
}

impl UsersApi<'_> {
    /// `GET /v1/users/{user_id}`.
    ///
    /// # Usage
    /// ```no_run
    /// # async fn f() -> Result<(), Box<dyn std::error::Error>> {
    /// use leptos_clerk::server::ClerkClient;
    ///
    /// let user = ClerkClient::from_env()?.users().get_user("user_123").await?;
    /// println!("{:?}", user.primary_email_address());
    /// # Ok(()) }
    /// ```
    pub async fn get_user(&self, user_id: &str) -> Result<User, ClerkError> {
        non_empty(user_id, "the user id is empty")?;
        self.client.get_json(&["users", user_id]).await
    }

    /// `GET /v1/users` with filters and pagination.
    ///
    /// # Usage
    /// ```no_run
    /// # async fn f(client: leptos_clerk::server::ClerkClient) -> Result<(), leptos_clerk::server::ClerkError> {
    /// use leptos_clerk::server::UserListParams;
    ///
    /// let ada = client.users().list_users(&UserListParams::email("ada@example.com")).await?;
    /// let second_page = client.users().list_users(&UserListParams::default().page(50, 50)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn list_users(&self, params: &UserListParams) -> Result<Vec<User>, ClerkError> {
        let segments = ["users"];
        let call = filtered(Call::new(Method::GET, &segments), params)
            .query_some("order_by", params.order_by.clone())
            .query_some("limit", params.limit.map(|l| l.to_string()))
            .query_some("offset", params.offset.map(|o| o.to_string()));
        let list: super::List<User> = self.client.json(call).await?;
        Ok(list.into_vec())
    }

    /// `POST /v1/users`.
    pub async fn create_user(&self, params: &UserParams) -> Result<User, ClerkError> {
        let body = to_json(params)?;
        let segments = ["users"];
        self.client
            .json(Call::new(Method::POST, &segments).body(&body))
            .await
    }

    /// `PATCH /v1/users/{user_id}`: changes the fields that are set.
    pub async fn update_user(
        &self,
        user_id: &str,
        params: &UserParams,
    ) -> Result<User, ClerkError> {
        non_empty(user_id, "the user id is empty")?;
        let body = to_json(params)?;
        let segments = ["users", user_id];
        self.client
            .json(Call::new(Method::PATCH, &segments).body(&body))
            .await
    }

    /// `PATCH /v1/users/{user_id}/metadata`: deep-merges metadata.
    pub async fn update_metadata(
        &self,
        user_id: &str,
        params: &MetadataParams,
    ) -> Result<User, ClerkError> {
        non_empty(user_id, "the user id is empty")?;
        let body = to_json(params)?;
        let segments = ["users", user_id, "metadata"];
        self.client
            .json(Call::new(Method::PATCH, &segments).body(&body))
            .await
    }

    /// `DELETE /v1/users/{user_id}`.
    pub async fn delete_user(&self, user_id: &str) -> Result<DeletedObject, ClerkError> {
        non_empty(user_id, "the user id is empty")?;
        let segments = ["users", user_id];
        self.client.json(Call::new(Method::DELETE, &segments)).await
    }

    /// `GET /v1/users/count`: how many users match `params`' filters (its paging and order
    /// are not sent).
    pub async fn count_users(&self, params: &UserListParams) -> Result<u64, ClerkError> {
        #[derive(serde::Deserialize)]
        struct TotalCount {
            total_count: u64,
        }
        let segments = ["users", "count"];
        let call = filtered(Call::new(Method::GET, &segments), params);
        let count: TotalCount = self.client.json(call).await?;
        Ok(count.total_count)
    }

    /// `POST /v1/users/{user_id}/ban`: the user can no longer sign in, and every session of
    /// theirs is revoked.
    pub async fn ban_user(&self, user_id: &str) -> Result<User, ClerkError> {
        self.user_action(user_id, "ban").await
    }

    /// `POST /v1/users/{user_id}/unban`.
    pub async fn unban_user(&self, user_id: &str) -> Result<User, ClerkError> {
        self.user_action(user_id, "unban").await
    }

    /// `POST /v1/users/{user_id}/lock`: no sign-in until the instance's lockout ends or
    /// [`unlock_user`](Self::unlock_user).
    pub async fn lock_user(&self, user_id: &str) -> Result<User, ClerkError> {
        self.user_action(user_id, "lock").await
    }

    /// `POST /v1/users/{user_id}/unlock`.
    pub async fn unlock_user(&self, user_id: &str) -> Result<User, ClerkError> {
        self.user_action(user_id, "unlock").await
    }

    async fn user_action(&self, user_id: &str, action: &str) -> Result<User, ClerkError> {
        non_empty(user_id, "the user id is empty")?;
        let segments = ["users", user_id, action];
        self.client.json(Call::new(Method::POST, &segments)).await
    }

    /// `POST /v1/users/{user_id}/verify_password`: whether `password` is the user's (a
    /// sensitive action of your own asking for it again). `Ok(false)` is Clerk's
    /// `incorrect_password`; a user without a password is an error.
    pub async fn verify_password(&self, user_id: &str, password: &str) -> Result<bool, ClerkError> {
        non_empty(user_id, "the user id is empty")?;
        let body = serde_json::json!({ "password": password });
        let segments = ["users", user_id, "verify_password"];
        let call = Call::new(Method::POST, &segments).body(&body);
        match self.client.json::<Value>(call).await {
            Ok(answer) => Ok(answer["verified"] == true),
            Err(error) if error.code() == Some("incorrect_password") => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// `GET /v1/users/{user_id}/organization_memberships`: every organization the user is a
    /// member of, with their role (every page).
    pub async fn list_organization_memberships(
        &self,
        user_id: &str,
    ) -> Result<Vec<OrganizationMembership>, ClerkError> {
        non_empty(user_id, "the user id is empty")?;
        let segments = ["users", user_id, "organization_memberships"];
        self.client
            .every_page(|| Call::new(Method::GET, &segments))
            .await
    }
}

/// `params`' filters as query parameters (what `list` and `count` share).
fn filtered<'a>(mut call: Call<'a>, params: &UserListParams) -> Call<'a> {
    for email in &params.email_address {
        call = call.query("email_address", email.clone());
    }
    for id in &params.external_id {
        call = call.query("external_id", id.clone());
    }
    for id in &params.user_id {
        call = call.query("user_id", id.clone());
    }
    call.query_some("query", params.query.clone())
}

// By hand, so that a password or private metadata never reaches a log line.
impl std::fmt::Debug for UserParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secrets = [
            ("password", self.password.is_some()),
            ("private_metadata", self.private_metadata.is_some()),
        ];
        crate::server::redact::debug_json(f, "UserParams", self, &secrets)
    }
}

impl std::fmt::Debug for MetadataParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let private = self.private_metadata.is_some();
        crate::server::redact::debug_json(
            f,
            "MetadataParams",
            self,
            &[("private_metadata", private)],
        )
    }
}
