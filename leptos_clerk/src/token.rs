//! Session tokens for calling your own APIs: `Authorization: Bearer <token>`.

use send_wrapper::SendWrapper;
use serde::{Deserialize, Serialize};

/// Options of [`get_token`] (clerk-js `session.getToken(options)`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetTokenOptions {
    /// A JWT template's name, for a token with its claims instead of the session token.
    pub template: Option<String>,
    /// Mint a new token even if the cached one is still fresh.
    pub skip_cache: bool,
    /// The organization to make active in the token.
    pub organization_id: Option<String>,
}

impl GetTokenOptions {
    /// A token from the named JWT template.
    #[must_use]
    pub fn template(name: impl Into<String>) -> Self {
        Self {
            template: Some(name.into()),
            ..Self::default()
        }
    }
}

/// A fresh session token, or `None` when signed out.
///
/// - **Browser:** waits for clerk-js, then `Clerk.session.getToken(options)`, which refreshes
///   the token when it is about to expire (tokens live 60 seconds).
/// - **Server:** the token the current request was authenticated with (templates need the
///   Backend API: use `leptos_clerk::server::Auth::get_token_with(&TokenOptions::template(..))`
///   there). `None` when
///   `organization_id` names another organization than the request's active one: that token
///   is made only by clerk-js, in the browser.
pub async fn get_token(options: GetTokenOptions) -> Option<String> {
    SendWrapper::new(crate::client::session_token(&options)).await
}
