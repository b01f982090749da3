//! The auth object of one request (Clerk's `SignedInAuthObject` / `SignedOutAuthObject`).

mod json;
mod reason;

use std::fmt;
use std::sync::Arc;

use serde_json::Value;

use super::backend::{ClerkClient, ClerkError, User};
use super::claims::SessionClaims;
pub use crate::authorization::{Check, Reverification, ReverificationLevel};
use crate::{AuthSnapshot, UserSnapshot};
pub use reason::{AuthReason, RefreshError};

/// Who is making this request: signed in (with the verified token's claims) or signed out (with
/// the reason).
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
///     Ok(get_auth().await?.user_id)
/// }
/// ```
#[derive(Clone)]
pub struct Auth {
    /// `true` for a signed-in, non-pending session.
    pub is_authenticated: bool,
    /// `sub`: the user id (`user_…`).
    pub user_id: Option<String>,
    /// `sid`: the session id (`sess_…`).
    pub session_id: Option<String>,
    /// `sts`: `active` or `pending` (kept on the signed-out object of a pending session).
    pub session_status: Option<String>,
    /// The active organization's id.
    pub org_id: Option<String>,
    /// The active organization role, `org:`-prefixed.
    pub org_role: Option<String>,
    /// The active organization's slug.
    pub org_slug: Option<String>,
    /// The active organization permissions, `org:<feature>:<permission>`.
    pub org_permissions: Option<Vec<String>>,
    /// The impersonator (`act` claim).
    pub actor: Option<Value>,
    /// `fva`: minutes since first/second factor verification (`-1` = never).
    pub factor_verification_age: Option<[i64; 2]>,
    /// The verified claims.
    pub session_claims: Option<Arc<SessionClaims>>,
    /// The verified claims, as the token carried them.
    pub claims_json: Option<Arc<Value>>,
    /// Why the request is signed out (`None` when signed in, or for a pending session).
    pub reason: Option<AuthReason>,
    pub(crate) token: Option<String>,
    pub(crate) message: Option<String>,
    /// For tokens from JWT templates; set by `ClerkLayer`.
    pub(crate) backend: Option<ClerkClient>,
}

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
        Self {
            reason: Some(reason),
            ..Self::empty()
        }
    }

    fn empty() -> Self {
        Self {
            is_authenticated: false,
            user_id: None,
            session_id: None,
            session_status: None,
            org_id: None,
            org_role: None,
            org_slug: None,
            org_permissions: None,
            actor: None,
            factor_verification_age: None,
            session_claims: None,
            claims_json: None,
            reason: None,
            token: None,
            message: None,
            backend: None,
        }
    }

    /// The auth object for a verified token. A pending session (`sts: "pending"`) is signed out
    /// unless `treat_pending_as_signed_out` is `false`, as in `toAuth()`.
    #[must_use]
    pub fn signed_in(
        claims: SessionClaims,
        token: String,
        treat_pending_as_signed_out: bool,
    ) -> Self {
        Self::from_verified(Arc::new(claims), token, treat_pending_as_signed_out)
    }

    /// [`signed_in`](Self::signed_in) with claims shared with the verified-token cache.
    pub(crate) fn from_verified(
        claims: Arc<SessionClaims>,
        token: String,
        treat_pending_as_signed_out: bool,
    ) -> Self {
        if treat_pending_as_signed_out && claims.is_pending() {
            return Self {
                session_status: claims.sts.clone(),
                ..Self::empty()
            };
        }
        Self {
            is_authenticated: true,
            user_id: Some(claims.sub.clone()),
            session_id: claims.sid.clone(),
            session_status: claims.sts.clone(),
            org_id: claims.org_id().map(str::to_owned),
            org_role: claims.org_role(),
            org_slug: claims.org_slug().map(str::to_owned),
            org_permissions: claims.org_permissions(),
            actor: claims.act.clone(),
            factor_verification_age: claims.fva,
            claims_json: Some(claims.raw_shared()),
            session_claims: Some(claims),
            reason: None,
            token: Some(token),
            message: None,
            backend: None,
        }
    }

    /// Whether the request is signed in (same as `is_authenticated`).
    #[must_use]
    pub fn is_signed_in(&self) -> bool {
        self.is_authenticated
    }

    /// Whether the signed-in user passes `check` (role, permission, feature, plan). Always
    /// `false` when signed out.
    #[must_use]
    pub fn has(&self, check: &Check) -> bool {
        if !self.is_authenticated {
            return false;
        }
        let claims = self.session_claims.as_deref();
        let subject = crate::authorization::Subject {
            user_id: self.user_id.as_deref(),
            org_id: self.org_id.as_deref(),
            org_role: self.org_role.as_deref(),
            org_permissions: self.org_permissions.as_deref(),
            features: claims.and_then(|c| c.fea.as_deref()),
            plans: claims.and_then(|c| c.pla.as_deref()),
            factor_verification_age: self.factor_verification_age,
        };
        crate::authorization::has(&subject, check)
    }

    /// The request's session token, to call another service as this user; `None` when signed
    /// out.
    pub async fn get_token(&self) -> Option<String> {
        self.token.clone()
    }

    /// A token for this session: the request's own without options, else one minted by the
    /// Backend API (`POST /v1/sessions/{sid}/tokens[/{template}]`) from a JWT template and/or
    /// with a custom lifetime. `Ok(None)` when signed out.
    ///
    /// # Usage
    /// ```no_run
    /// use leptos_clerk::server::{Auth, ClerkError, TokenOptions};
    ///
    /// # async fn f(auth: Auth) -> Result<(), ClerkError> {
    /// let supabase = auth.get_token_with(&TokenOptions::template("supabase")).await?;
    /// let short = auth.get_token_with(&TokenOptions::default().expires_in_seconds(30)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_token_with(
        &self,
        options: &TokenOptions,
    ) -> Result<Option<String>, ClerkError> {
        let Some(session_id) = self.session_id.as_deref().filter(|_| self.is_authenticated) else {
            return Ok(None);
        };
        if options.template.is_none() && options.expires_in_seconds.is_none() {
            return Ok(self.token.clone());
        }
        let backend = match &self.backend {
            Some(backend) => backend.clone(),
            None => ClerkClient::from_env().map_err(|_| ClerkError::MissingSecretKey)?,
        };
        let token = backend
            .sessions()
            .create_token(
                session_id,
                options.template.as_deref(),
                options.expires_in_seconds,
            )
            .await?;
        Ok(Some(token.jwt))
    }

    /// The state the page hands to the browser (never contains the token).
    #[must_use]
    pub fn to_snapshot(&self, user: Option<UserSnapshot>) -> AuthSnapshot {
        if !self.is_authenticated {
            return AuthSnapshot {
                session_status: self.session_status.clone(),
                ..AuthSnapshot::signed_out()
            };
        }
        AuthSnapshot {
            user_id: self.user_id.clone(),
            session_id: self.session_id.clone(),
            session_status: self.session_status.clone(),
            org_id: self.org_id.clone(),
            org_role: self.org_role.clone(),
            org_slug: self.org_slug.clone(),
            org_permissions: self.org_permissions.clone(),
            session_claims: self.claims_json.as_deref().cloned(),
            actor: self.actor.clone(),
            user,
        }
    }
}

// By hand, so that the session token (a credential for a minute) never lands in a log line.
impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auth")
            .field("is_authenticated", &self.is_authenticated)
            .field("user_id", &self.user_id)
            .field("session_id", &self.session_id)
            .field("session_status", &self.session_status)
            .field("org_id", &self.org_id)
            .field("org_role", &self.org_role)
            .field("org_slug", &self.org_slug)
            .field("org_permissions", &self.org_permissions)
            .field("actor", &self.actor)
            .field("factor_verification_age", &self.factor_verification_age)
            .field("session_claims", &self.session_claims)
            .field("reason", &self.reason)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

/// The signed-in user's Backend API profile, loaded by `ClerkLayer` for page renders when
/// `load_user` is on. Read it with [`session_user_from_context`](super::session_user_from_context).
#[derive(Clone, Debug)]
pub struct SessionUser(pub Arc<User>);

#[cfg(test)]
mod tests;
