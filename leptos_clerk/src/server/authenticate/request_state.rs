//! The outcome of authenticating a request (`RequestState` in `@clerk/backend`): signed in,
//! signed out, or a handshake, with the headers the response must carry.

use http::header::{HeaderName, LOCATION};
use std::fmt;
use std::sync::Arc;

use http::{HeaderMap, HeaderValue};

use crate::constants::{
    AUTH_MESSAGE_HEADER, AUTH_REASON_HEADER, AUTH_STATUS_HANDSHAKE, AUTH_STATUS_HEADER,
    AUTH_STATUS_SIGNED_OUT,
};
use crate::server::auth::{Auth, AuthReason};
use crate::server::backend::ClerkClient;
use crate::server::redact::RedactedHeaders;
use crate::server::tokens::SessionClaims;

/// Clerk's three request states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthStatus {
    /// A verified session token.
    SignedIn,
    /// No usable session, with a reason.
    SignedOut,
    /// The browser must visit the Frontend API to refresh its session cookies (a `307`).
    Handshake,
}

impl AuthStatus {
    /// `signed-in`, `signed-out` or `handshake`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignedIn => "signed-in",
            Self::SignedOut => AUTH_STATUS_SIGNED_OUT,
            Self::Handshake => AUTH_STATUS_HANDSHAKE,
        }
    }
}

/// What `authenticate_request` decided for one request.
///
/// `ClerkLayer` acts on it: a state whose headers hold a `Location` (a handshake, or a
/// development handshake's clean-up redirect) is answered with a `307` right away; otherwise
/// [`auth`](Self::auth) goes to the app and [`headers`](Self::headers) are added to its response.
#[derive(Clone)]
pub struct RequestState {
    /// Signed in, signed out, or handshake.
    pub status: AuthStatus,
    /// Why not signed in (`None` when signed in).
    pub reason: Option<AuthReason>,
    /// A longer explanation, for logs and `x-clerk-auth-message`.
    pub message: Option<String>,
    /// The auth object (signed out for a handshake, as Clerk's `toAuth()` gives nothing then).
    pub auth: Auth,
    /// Headers for the response: `Location`, `Set-Cookie`, `Cache-Control`, `x-clerk-auth-*`.
    pub headers: HeaderMap,
}

impl RequestState {
    /// The `Location` to redirect to, if this state is a redirect.
    #[must_use]
    pub fn location(&self) -> Option<&str> {
        self.headers.get(LOCATION).and_then(|v| v.to_str().ok())
    }

    pub(crate) fn signed_in(
        claims: Arc<SessionClaims>,
        token: String,
        headers: HeaderMap,
        treat_pending_as_signed_out: bool,
        backend: ClerkClient,
    ) -> Self {
        Self {
            status: AuthStatus::SignedIn,
            reason: None,
            message: None,
            auth: Auth::from_verified(claims, token, treat_pending_as_signed_out, backend),
            headers,
        }
    }

    pub(crate) fn signed_out(
        reason: AuthReason,
        message: impl Into<String>,
        headers: HeaderMap,
    ) -> Self {
        Self::unauthenticated(AuthStatus::SignedOut, reason, message.into(), headers)
    }

    pub(crate) fn handshake(
        reason: AuthReason,
        message: impl Into<String>,
        headers: HeaderMap,
    ) -> Self {
        Self::unauthenticated(AuthStatus::Handshake, reason, message.into(), headers)
    }

    /// `withDebugHeaders`: status, reason and (when not empty) message.
    fn unauthenticated(
        status: AuthStatus,
        reason: AuthReason,
        message: String,
        mut headers: HeaderMap,
    ) -> Self {
        if !message.is_empty() {
            if let Ok(value) = HeaderValue::from_str(&message) {
                headers.insert(HeaderName::from_static(AUTH_MESSAGE_HEADER), value);
            }
        }
        headers.insert(
            HeaderName::from_static(AUTH_REASON_HEADER),
            HeaderValue::from_static(reason.as_str()),
        );
        headers.insert(
            HeaderName::from_static(AUTH_STATUS_HEADER),
            HeaderValue::from_static(status.as_str()),
        );
        let message = (!message.is_empty()).then_some(message);
        Self {
            status,
            reason: Some(reason),
            auth: Auth::signed_out(reason).with_message(message.clone()),
            message,
            headers,
        }
    }
}

// By hand: the headers of a handshake carry the session and dev-browser tokens.
impl fmt::Debug for RequestState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestState")
            .field("status", &self.status)
            .field("reason", &self.reason)
            .field("message", &self.message)
            .field("auth", &self.auth)
            .field("headers", &RedactedHeaders(&self.headers))
            .finish()
    }
}
