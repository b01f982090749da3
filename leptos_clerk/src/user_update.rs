//! The signed-in user's own changes from the browser: Clerk's `user.update()`,
//! `user.updateMetadata()` and `user.reload()`, awaited, as methods of
//! [`use_user()`](crate::use_user).
//!
//! They go through clerk-js to the Frontend API, as the user: no secret key involved, so only
//! what Clerk lets a user change about themselves (names, primary email address, unsafe
//! metadata). Anything else (public or private metadata, another user) is a server function
//! with the Backend API client.

use crate::{client, ClerkApiError, UseUser, UserSnapshot};

/// Changes to the signed-in user's profile for [`UseUser::update`] (Clerk's
/// `UpdateUserParams`). What is not set stays as it is; an empty name clears it.
///
/// ```no_run
/// use leptos_clerk::UserUpdate;
///
/// let changes = UserUpdate::new().first_name("Ada").last_name("Lovelace");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct UserUpdate {
    /// The given name (`firstName`).
    pub first_name: Option<String>,
    /// The family name (`lastName`).
    pub last_name: Option<String>,
    /// The username (`username`), where the instance has usernames turned on.
    pub username: Option<String>,
    /// One of the user's verified email addresses (`idn_…`) to make primary
    /// (`primaryEmailAddressId`).
    pub primary_email_address_id: Option<String>,
}

impl UserUpdate {
    /// No changes yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the given name (`""` clears it).
    #[must_use]
    pub fn first_name(mut self, name: impl Into<String>) -> Self {
        self.first_name = Some(name.into());
        self
    }

    /// Sets the family name (`""` clears it).
    #[must_use]
    pub fn last_name(mut self, name: impl Into<String>) -> Self {
        self.last_name = Some(name.into());
        self
    }

    /// Sets the username.
    #[must_use]
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// Makes one of the user's verified email addresses the primary one.
    #[must_use]
    pub fn primary_email_address_id(mut self, id: impl Into<String>) -> Self {
        self.primary_email_address_id = Some(id.into());
        self
    }

    /// The changes under clerk-js's names for them.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // read by clerk-js's call only
    pub(crate) fn fields(&self) -> Vec<(&'static str, &str)> {
        [
            ("firstName", &self.first_name),
            ("lastName", &self.last_name),
            ("username", &self.username),
            ("primaryEmailAddressId", &self.primary_email_address_id),
        ]
        .into_iter()
        .filter_map(|(key, value)| Some((key, value.as_deref()?)))
        .collect()
    }
}

impl UseUser {
    /// Changes the signed-in user's profile through clerk-js (Clerk's `user.update(params)`)
    /// and answers with the updated user; [`user`](Self::user) follows at once. With nothing to
    /// change, it is [`reload`](Self::reload).
    ///
    /// ```no_run
    /// use leptos::{prelude::*, task::spawn_local};
    /// use leptos_clerk::{use_user, UserUpdate};
    ///
    /// #[component]
    /// fn RenameButton() -> impl IntoView {
    ///     let user = use_user();
    ///     let rename = move |_| {
    ///         spawn_local(async move {
    ///             let changes = UserUpdate::new().first_name("John").last_name("Doe");
    ///             if let Err(error) = user.update(changes).await {
    ///                 leptos::logging::warn!("{error}");
    ///             }
    ///         });
    ///     };
    ///     view! { <button on:click=rename>"Update your name"</button> }
    /// }
    /// ```
    ///
    /// # Errors
    /// Clerk's refusal (e.g. `form_param_unknown` for a username where usernames are off; its
    /// `param` names the field); `network_error` when Clerk could not be reached (clerk-js
    /// itself would resolve with the user unchanged when it thinks the browser offline); signed
    /// out; clerk-js did not load; or called on the server.
    pub async fn update(self, changes: UserUpdate) -> Result<UserSnapshot, ClerkApiError> {
        client::update_user(changes).await
    }

    /// Merges `unsafe_metadata` into the user's (Clerk's `user.updateMetadata({ unsafeMetadata
    /// })`): nested objects merge, a `null` value deletes its key. Answers with the updated
    /// user. The user can write this metadata themselves: keep what your server must trust
    /// in `public_metadata`, written by a server function.
    ///
    /// # Errors
    /// As [`update`](Self::update); Clerk refuses what is not a JSON object.
    pub async fn update_metadata(
        self,
        unsafe_metadata: serde_json::Value,
    ) -> Result<UserSnapshot, ClerkApiError> {
        client::update_user_metadata(unsafe_metadata).await
    }

    /// Fetches the user from Clerk again (Clerk's `user.reload()`), e.g. after a server
    /// function changed them through the Backend API; [`user`](Self::user) follows.
    ///
    /// # Errors
    /// As [`update`](Self::update).
    pub async fn reload(self) -> Result<UserSnapshot, ClerkApiError> {
        client::reload_user_now().await
    }
}

#[cfg(test)]
mod tests {
    use super::UserUpdate;

    #[test]
    fn only_what_is_set_is_sent_and_an_empty_name_clears() {
        let changes = UserUpdate::new().first_name("Ada").last_name("");
        assert_eq!(changes.fields(), [("firstName", "Ada"), ("lastName", "")]);
        assert!(UserUpdate::new().fields().is_empty());
    }
}
