//! `/v1/users` endpoints.

use super::{ClerkClient, ClerkError, User};

/// The users endpoints; get it with [`ClerkClient::users`].
#[derive(Clone, Copy, Debug)]
pub struct UsersApi<'a> {
    pub(super) client: &'a ClerkClient,
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
        if user_id.trim().is_empty() {
            return Err(ClerkError::InvalidArgument("the user id is empty"));
        }
        self.client.get_json(&["users", user_id]).await
    }
}
