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

/// Why [`get_token`] has no token to give, when it is not because nobody is signed in.
///
/// Clerk's `getToken()` throws in these cases; it resolves to `null` only without a session.
/// An app that treated them as "signed out" would send a signed-in user to sign in, or call
/// its API without a token, because of a moment offline.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// clerk-js did not load (its script failed, or the page has no `<ClerkProvider>`), so
    /// nothing can make a token in this browser.
    #[error("clerk-js did not load, so no session token can be made")]
    ClerkNotLoaded,
    /// clerk-js asked the Frontend API and failed: offline, a network error, an error answer.
    #[error("getting a session token failed: {0}")]
    Failed(String),
    /// Asked on the server for a token only the browser (or the Backend API) makes.
    #[error("{0}")]
    NotOnTheServer(&'static str),
}

/// A fresh session token; `Ok(None)` when nobody is signed in.
///
/// - **Browser:** waits for clerk-js, then `Clerk.session.getToken(options)`, which refreshes
///   the token when it is about to expire (tokens live 60 seconds). Its failures are
///   [`TokenError`]s, never `None`.
/// - **Server:** the token the current request was authenticated with; `skip_cache` changes
///   nothing there. A JWT template's token is made by the Backend API
///   (`leptos_clerk::server::Auth::get_token_with(&TokenOptions::template(..))`), and another
///   organization's only by clerk-js in the browser: both [`TokenError::NotOnTheServer`].
///   `organization_id: Some("")` is the personal account, as in clerk-js.
pub async fn get_token(options: GetTokenOptions) -> Result<Option<String>, TokenError> {
    SendWrapper::new(crate::client::session_token(&options)).await
}
