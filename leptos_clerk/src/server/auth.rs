//! The auth object of one request (Clerk's `SignedInAuthObject` / `SignedOutAuthObject`).

mod json;
mod reason;

use std::fmt;
use std::sync::Arc;

use serde_json::Value;

use super::backend::{ClerkClient, ClerkError, User};
use super::tokens::SessionClaims;
use crate::authorization::{Check, Reverification};
use crate::ReverificationRequired;
use crate::{AuthSnapshot, UserSnapshot};
pub use reason::{AuthReason, RefreshError};

/// Who is making this request: signed in (with the verified token's claims) or signed out (with
/// the reason). Clerk's `SignedInAuthObject` / `SignedOutAuthObject`, as one enum, so that "signed
/// in without a user id" cannot be represented.
///
/// `ClerkLayer` computes it once per request; read it with [`get_auth`](super::get_auth) in
/// server functions and Resources, as an axum extractor in handlers, or with
/// [`auth_from_context`](super::auth_from_context) while rendering.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::server::get_auth;
///
/// #[server]
/// pub async fn whoami() -> Result<Option<String>, ServerFnError> {
///     Ok(get_auth().await?.user_id().map(str::to_owned))
/// }
///
/// /// Signed out, the caller is sent to sign-in and the server function ends here.
/// #[server]
/// pub async fn my_email() -> Result<String, ServerFnError> {
///     let user = get_auth().await?.require_user()?;
///     Ok(format!("you are {}", user.user_id()))
/// }
/// ```
#[derive(Clone)]
pub enum Auth {
    /// A verified session token of an active session.
    SignedIn(SignedInAuth),
    /// No usable session: no token, an invalid one, or a pending session.
    SignedOut(SignedOutAuth),
}

/// A signed-in request: the verified claims, the token they came in, and the Backend API client
/// that mints other tokens for this session. Every getter reads the claims.
#[derive(Clone)]
pub struct SignedInAuth {
    claims: Arc<SessionClaims>,
    token: String,
    backend: ClerkClient,
}

/// A signed-out request, and why.
#[derive(Clone, Debug, Default)]
pub struct SignedOutAuth {
    reason: Option<AuthReason>,
    message: Option<String>,
    session_status: Option<String>,
}

impl SignedOutAuth {
    /// Why the request is signed out; `None` for a pending session (signed out only because
    /// `treat_pending_as_signed_out` says so).
    #[must_use]
    pub fn reason(&self) -> Option<AuthReason> {
        self.reason
    }

    /// A longer explanation of [`reason`](Self::reason), as in `x-clerk-auth-message`.
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

/// What [`Auth::require_user`] returns for a signed-out request, after sending the caller to
/// sign-in. `?` turns it into the server function's `ServerFnError` (it is an `Error`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("signed out: sent to sign-in")]
pub struct SignInRequired;

/// Options of [`Auth::get_token_with`] (Clerk's server-side `getToken({ template,
/// expiresInSeconds })`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenOptions {
    /// A JWT template's name.
    pub template: Option<String>,
    /// A custom lifetime, in seconds.
    pub expires_in_seconds: Option<u64>,
}

impl TokenOptions {
    /// A token from this JWT template.
    #[must_use]
    pub fn template(name: impl Into<String>) -> Self {
        Self {
            template: Some(name.into()),
            ..Self::default()
        }
    }

    /// With this lifetime.
    #[must_use]
    pub fn expires_in_seconds(mut self, seconds: u64) -> Self {
        self.expires_in_seconds = Some(seconds);
        self
    }
}

impl Auth {
    /// A signed-out auth object.
    #[must_use]
    pub fn signed_out(reason: AuthReason) -> Self {
        Self::SignedOut(SignedOutAuth {
            reason: Some(reason),
            ..SignedOutAuth::default()
        })
    }

    /// The auth object for a verified token. A pending session (`sts: "pending"`) is signed out
    /// unless `treat_pending_as_signed_out` is `false`, as in `toAuth()`. `backend` mints the
    /// session's other tokens ([`SignedInAuth::get_token_with`]).
    #[must_use]
    pub fn signed_in(
        claims: SessionClaims,
        token: String,
        treat_pending_as_signed_out: bool,
        backend: ClerkClient,
    ) -> Self {
        Self::from_verified(
            Arc::new(claims),
            token,
            treat_pending_as_signed_out,
            backend,
        )
    }

    /// [`signed_in`](Self::signed_in) with claims shared with the verified-token cache.
    pub(crate) fn from_verified(
        claims: Arc<SessionClaims>,
        token: String,
        treat_pending_as_signed_out: bool,
        backend: ClerkClient,
    ) -> Self {
        if treat_pending_as_signed_out && claims.is_pending() {
            return Self::SignedOut(SignedOutAuth {
                session_status: claims.sts.clone(),
                ..SignedOutAuth::default()
            });
        }
        Self::SignedIn(SignedInAuth {
            claims,
            token,
            backend,
        })
    }

    /// With the explanation `x-clerk-auth-message` carries (signed out only).
    pub(crate) fn with_message(mut self, message: Option<String>) -> Self {
        if let Self::SignedOut(out) = &mut self {
            out.message = message;
        }
        self
    }

    /// Whether the request is signed in.
    #[must_use]
    pub fn is_signed_in(&self) -> bool {
        matches!(self, Self::SignedIn(_))
    }

    /// The signed-in part, if signed in.
    #[must_use]
    pub fn as_signed_in(&self) -> Option<&SignedInAuth> {
        match self {
            Self::SignedIn(auth) => Some(auth),
            Self::SignedOut(_) => None,
        }
    }

    /// The signed-in request, or — in a server function or Resource — a redirect to sign-in
    /// (coming back to this page, as [`redirect_to_sign_in`](super::redirect_to_sign_in)) and
    /// [`SignInRequired`], which `?` turns into the server function's error.
    ///
    /// ```no_run
    /// # use leptos::prelude::*;
    /// # use leptos_clerk::server::get_auth;
    /// # async fn f() -> Result<(), ServerFnError> {
    /// let user = get_auth().await?.require_user()?;
    /// println!("{}", user.user_id());
    /// # Ok(()) }
    /// ```
    pub fn require_user(self) -> Result<SignedInAuth, SignInRequired> {
        match self {
            Self::SignedIn(auth) => Ok(auth),
            Self::SignedOut(_) => {
                super::redirect_to_sign_in();
                Err(SignInRequired)
            }
        }
    }

    /// `sub`: the user id (`user_…`), when signed in.
    #[must_use]
    pub fn user_id(&self) -> Option<&str> {
        self.as_signed_in().map(SignedInAuth::user_id)
    }

    /// `sid`: the session id (`sess_…`), when signed in.
    #[must_use]
    pub fn session_id(&self) -> Option<&str> {
        self.as_signed_in().and_then(SignedInAuth::session_id)
    }

    /// `sts`: `active` or `pending` (kept when a pending session is treated as signed out).
    #[must_use]
    pub fn session_status(&self) -> Option<&str> {
        match self {
            Self::SignedIn(auth) => auth.session_status(),
            Self::SignedOut(out) => out.session_status.as_deref(),
        }
    }

    /// The active organization's id.
    #[must_use]
    pub fn org_id(&self) -> Option<&str> {
        self.as_signed_in().and_then(SignedInAuth::org_id)
    }

    /// The active organization role, `org:`-prefixed.
    #[must_use]
    pub fn org_role(&self) -> Option<String> {
        self.as_signed_in().and_then(SignedInAuth::org_role)
    }

    /// The active organization's slug.
    #[must_use]
    pub fn org_slug(&self) -> Option<&str> {
        self.as_signed_in().and_then(SignedInAuth::org_slug)
    }

    /// The active organization permissions, `org:<feature>:<permission>`.
    #[must_use]
    pub fn org_permissions(&self) -> Option<Vec<String>> {
        self.as_signed_in().and_then(SignedInAuth::org_permissions)
    }

    /// The verified claims, when signed in.
    #[must_use]
    pub fn session_claims(&self) -> Option<&SessionClaims> {
        self.as_signed_in().map(SignedInAuth::claims)
    }

    /// Why the request is signed out (`None` when signed in, or for a pending session).
    #[must_use]
    pub fn reason(&self) -> Option<AuthReason> {
        match self {
            Self::SignedIn(_) => None,
            Self::SignedOut(out) => out.reason(),
        }
    }

    /// A longer explanation of [`reason`](Self::reason), as in `x-clerk-auth-message`.
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        match self {
            Self::SignedIn(_) => None,
            Self::SignedOut(out) => out.message(),
        }
    }

    /// Whether the signed-in user passes `check` (role, permission, feature, plan). Always
    /// `false` when signed out.
    #[must_use]
    pub fn has(&self, check: &Check) -> bool {
        self.as_signed_in().is_some_and(|auth| auth.has(check))
    }

    /// The request's session token, to call another service as this user; `None` when signed
    /// out.
    pub async fn get_token(&self) -> Option<String> {
        self.as_signed_in().map(|auth| auth.token().to_owned())
    }

    /// [`SignedInAuth::get_token_with`]; `Ok(None)` when signed out.
    pub async fn get_token_with(
        &self,
        options: &TokenOptions,
    ) -> Result<Option<String>, ClerkError> {
        match self.as_signed_in() {
            Some(auth) => auth.get_token_with(options).await.map(Some),
            None => Ok(None),
        }
    }

    /// The state the page hands to the browser (never contains the token).
    #[must_use]
    pub fn to_snapshot(&self, user: Option<UserSnapshot>) -> AuthSnapshot {
        let Self::SignedIn(auth) = self else {
            return AuthSnapshot {
                session_status: self.session_status().map(str::to_owned),
                ..AuthSnapshot::signed_out()
            };
        };
        AuthSnapshot {
            user_id: Some(auth.user_id().to_owned()),
            session_id: auth.session_id().map(str::to_owned),
            session_status: auth.session_status().map(str::to_owned),
            org_id: auth.org_id().map(str::to_owned),
            org_role: auth.org_role(),
            org_slug: auth.org_slug().map(str::to_owned),
            org_permissions: auth.org_permissions(),
            session_claims: Some(auth.claims.raw().clone()),
            actor: auth.actor().cloned(),
            user,
        }
    }
}

impl SignedInAuth {
    /// `sub`: the user id (`user_…`).
    #[must_use]
    pub fn user_id(&self) -> &str {
        &self.claims.sub
    }

    /// `sid`: the session id (`sess_…`).
    #[must_use]
    pub fn session_id(&self) -> Option<&str> {
        self.claims.sid.as_deref()
    }

    /// `sts`: `active` (or `pending` when pending sessions count as signed in).
    #[must_use]
    pub fn session_status(&self) -> Option<&str> {
        self.claims.sts.as_deref()
    }

    /// The active organization's id.
    #[must_use]
    pub fn org_id(&self) -> Option<&str> {
        self.claims.org_id()
    }

    /// The active organization role, `org:`-prefixed.
    #[must_use]
    pub fn org_role(&self) -> Option<String> {
        self.claims.org_role()
    }

    /// The active organization's slug.
    #[must_use]
    pub fn org_slug(&self) -> Option<&str> {
        self.claims.org_slug()
    }

    /// The active organization permissions, `org:<feature>:<permission>`.
    #[must_use]
    pub fn org_permissions(&self) -> Option<Vec<String>> {
        self.claims.org_permissions()
    }

    /// The impersonator (`act` claim).
    #[must_use]
    pub fn actor(&self) -> Option<&Value> {
        self.claims.act.as_ref()
    }

    /// `fva`: minutes since first/second factor verification (`-1` = never).
    #[must_use]
    pub fn factor_verification_age(&self) -> Option<[i64; 2]> {
        self.claims.fva
    }

    /// The verified claims ([`SessionClaims::raw`] has them as the token carried them).
    #[must_use]
    pub fn claims(&self) -> &SessionClaims {
        &self.claims
    }

    /// The request's session token, to call another service as this user.
    #[must_use]
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Whether the user passes `check` (role, permission, feature, plan).
    #[must_use]
    pub fn has(&self, check: &Check) -> bool {
        let org_role = self.org_role();
        let org_permissions = self.org_permissions();
        let subject = crate::authorization::Subject {
            user_id: Some(self.user_id()),
            org_id: self.org_id(),
            org_role: org_role.as_deref(),
            org_permissions: org_permissions.as_deref(),
            features: self.claims.fea.as_deref(),
            plans: self.claims.pla.as_deref(),
            factor_verification_age: self.claims.fva,
        };
        crate::authorization::has(&subject, check)
    }

    /// `Ok` when the session verified recently enough for `reverification`, else Clerk's
    /// `reverificationError`: a sensitive action checks this first, and the browser's
    /// [`crate::with_reverification`] answers the refusal with Clerk's verification modal.
    /// A refusal also sets the answer's status to `403` where Leptos renders or serves (a server
    /// function, a page's Resource), as [`Auth::require_user`] sends the signed out to sign-in:
    /// for a yes-or-no question with no such effect, ask `has(&Check::reverification(..))`. In an
    /// axum handler, return the error: it is Clerk's `reverificationErrorResponse` (`403`, the
    /// hint as JSON).
    ///
    /// # Usage
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_clerk::server::get_auth;
    /// use leptos_clerk::Reverification;
    ///
    /// #[server]
    /// async fn close_account() -> Result<(), ServerFnError> {
    ///     let auth = get_auth().await?.require_user()?;
    ///     auth.require_reverification(Reverification::Strict)?;
    ///     // … the sensitive part
    ///     Ok(())
    /// }
    /// ```
    pub fn require_reverification(
        &self,
        reverification: Reverification,
    ) -> Result<(), ReverificationRequired> {
        if self.has(&Check::reverification(reverification)) {
            return Ok(());
        }
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::FORBIDDEN);
        }
        Err(ReverificationRequired::new(reverification))
    }

    /// A token for this session: the request's own without options, else one minted by the
    /// Backend API (`POST /v1/sessions/{sid}/tokens[/{template}]`) from a JWT template and/or
    /// with a custom lifetime.
    ///
    /// # Usage
    /// ```no_run
    /// use leptos_clerk::server::{ClerkError, SignedInAuth, TokenOptions};
    ///
    /// # async fn f(auth: SignedInAuth) -> Result<(), ClerkError> {
    /// let supabase = auth.get_token_with(&TokenOptions::template("supabase")).await?;
    /// let short = auth.get_token_with(&TokenOptions::default().expires_in_seconds(30)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_token_with(&self, options: &TokenOptions) -> Result<String, ClerkError> {
        if options.template.is_none() && options.expires_in_seconds.is_none() {
            return Ok(self.token.clone());
        }
        let Some(session_id) = self.session_id() else {
            return Err(ClerkError::InvalidArgument(
                "this session token has no session id (sid) to mint another token for",
            ));
        };
        let token = self
            .backend
            .sessions()
            .create_token(
                session_id,
                options.template.as_deref(),
                options.expires_in_seconds,
            )
            .await?;
        Ok(token.jwt)
    }
}

// By hand, so that the session token (a credential for a minute) never lands in a log line.
impl fmt::Debug for SignedInAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedInAuth")
            .field("user_id", &self.user_id())
            .field("session_id", &self.session_id())
            .field("org_id", &self.org_id())
            .field("claims", &self.claims)
            .field("token", &"[redacted]")
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SignedIn(auth) => f.debug_tuple("SignedIn").field(auth).finish(),
            Self::SignedOut(out) => f.debug_tuple("SignedOut").field(out).finish(),
        }
    }
}

/// The signed-in user's Backend API profile, loaded by `ClerkLayer` for page renders when
/// `load_user` is on. Read it with [`session_user_from_context`](super::session_user_from_context).
#[derive(Clone, Debug)]
pub struct SessionUser(pub Arc<User>);

#[cfg(test)]
mod tests;
