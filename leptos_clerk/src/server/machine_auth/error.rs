//! Why a request is not an authenticated machine's, and what a handler that required one
//! answers instead.

use std::fmt;

use axum::response::{IntoResponse, Response};
use http::StatusCode;

use crate::server::backend::ClerkError;
use crate::server::extract::MissingClerkLayer;
use crate::server::tokens::{TokenVerificationError, TokenVerificationErrorReason as Reason};

/// Why a request is not an authenticated machine's or API key's. [`reason`](Self::reason) is
/// `@clerk/backend`'s word for it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MachineAuthError {
    /// No `Authorization` token.
    NoToken,
    /// A token, but not of the kind the route takes (a session token, or another machine
    /// token).
    TokenTypeMismatch,
    /// Clerk does not know the opaque token, or it is revoked, expired, or not for this
    /// instance; or the token is of another JWT category.
    TokenInvalid(String),
    /// A JWT token whose signature or times fail.
    VerificationFailed(String),
    /// The Backend API refused the secret key: a configuration mistake of this server.
    SecretKeyInvalid,
    /// This server cannot verify tokens as set up (no secret key, no usable key): the message
    /// goes to its log, never to the caller.
    Setup(String),
    /// The Backend API could not be asked (network, timeout, 5xx), or the instance's keys not
    /// fetched: the caller may retry.
    Unexpected(String),
}

impl MachineAuthError {
    /// `@clerk/backend`'s `reason` for it.
    #[must_use]
    pub fn reason(&self) -> &'static str {
        match self {
            Self::NoToken => "No token in header",
            Self::TokenTypeMismatch => "token-type-mismatch",
            Self::TokenInvalid(_) => "token-invalid",
            Self::VerificationFailed(_) => "token-verification-failed",
            Self::SecretKeyInvalid => "secret-key-invalid",
            Self::Setup(_) | Self::Unexpected(_) => "unexpected-error",
        }
    }

    /// The status a handler answers: `401` for the caller's token, `503` when the Backend API
    /// could not be asked (the caller may retry), `500` for this server's own setup.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unexpected(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::SecretKeyInvalid | Self::Setup(_) => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::UNAUTHORIZED,
        }
    }

    /// The message the caller gets: why its token failed, never how this server is set up.
    #[must_use]
    pub fn public_message(&self) -> String {
        match self.status() {
            StatusCode::UNAUTHORIZED => self.to_string(),
            _ => "the token could not be verified now; try again".to_owned(),
        }
    }

    /// A failed `verify` call: `404` is the token's fault (`not_found` says what was not).
    pub(super) fn from_backend(error: &ClerkError, not_found: &str) -> Self {
        match (error, error.status()) {
            (ClerkError::MissingSecretKey, _) => Self::Setup(error.to_string()),
            (_, Some(401)) => Self::SecretKeyInvalid,
            // The feature turned off for the instance, or a request Clerk will never take: a
            // setup to fix, not a moment to wait out.
            (_, Some(403 | 422)) => Self::Setup(error.to_string()),
            (_, Some(404)) => Self::TokenInvalid(not_found.to_owned()),
            _ => Self::Unexpected(error.to_string()),
        }
    }

    /// A JWT token that did not verify: the token's fault, or this server's keys'.
    pub(super) fn from_jwt(error: TokenVerificationError) -> Self {
        match error.reason {
            Reason::SecretKeyInvalid => Self::SecretKeyInvalid,
            Reason::JwkRemoteFailedToLoad | Reason::JwkRemoteInvalid => {
                Self::Unexpected(error.message)
            }
            Reason::JwkLocalMissing | Reason::JwkRemoteMissing | Reason::JwkFailedToResolve => {
                Self::Setup(error.message)
            }
            // Their own words (expired, not yet valid): nothing of this server's setup.
            Reason::TokenExpired | Reason::TokenNotActiveYet | Reason::TokenIatInTheFuture => {
                Self::VerificationFailed(error.message)
            }
            _ => Self::VerificationFailed(
                "the token does not verify against this instance's keys".to_owned(),
            ),
        }
    }
}

impl fmt::Display for MachineAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoToken => f.write_str("no token: send it as Authorization: Bearer"),
            Self::TokenTypeMismatch => f.write_str("this route does not take this kind of token"),
            Self::SecretKeyInvalid => f.write_str(
                "the Clerk Backend API refused this server's secret key (CLERK_SECRET_KEY, or \
                 CLERK_MACHINE_SECRET_KEY for M2M tokens when it is set)",
            ),
            Self::TokenInvalid(message)
            | Self::VerificationFailed(message)
            | Self::Setup(message)
            | Self::Unexpected(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for MachineAuthError {}

/// The rejection of a handler taking [`M2mAuth`](super::M2mAuth) or
/// [`ApiKeyAuth`](super::ApiKeyAuth): JSON naming why, with the status of
/// [`MachineAuthError::status`].
pub enum MachineRejection {
    /// The request does not carry a valid token of `token_type` (`m2m_token`, `api_key`).
    Unauthenticated {
        /// What the route takes, in Clerk's words (`m2m_token`, `api_key`).
        token_type: &'static str,
        /// Why the request does not carry one.
        error: MachineAuthError,
    },
    /// No `ClerkLayer` on the router: `500`, naming the fix.
    MissingLayer(MissingClerkLayer),
}

impl fmt::Display for MachineRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unauthenticated { token_type, error } => {
                write!(f, "{error} ({}; takes {token_type})", error.reason())
            }
            Self::MissingLayer(missing) => fmt::Display::fmt(missing, f),
        }
    }
}

// `leptos_axum::extract` hands the rejection's `Debug` to the server function's caller
// (`get_m2m_auth`, `get_api_key_auth`), so it says what the HTTP answer says, and no more.
impl fmt::Debug for MachineRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unauthenticated { token_type, error } => write!(
                f,
                "{} ({}; takes {token_type})",
                error.public_message(),
                error.reason()
            ),
            Self::MissingLayer(missing) => fmt::Debug::fmt(missing, f),
        }
    }
}

impl std::error::Error for MachineRejection {}

impl IntoResponse for MachineRejection {
    fn into_response(self) -> Response {
        let (token_type, error) = match self {
            Self::MissingLayer(missing) => return missing.into_response(),
            Self::Unauthenticated { token_type, error } => (token_type, error),
        };
        match &error {
            MachineAuthError::SecretKeyInvalid | MachineAuthError::Setup(_) => {
                tracing::error!("leptos_clerk: a {token_type} could not be verified: {error}");
            }
            MachineAuthError::Unexpected(message) => {
                tracing::warn!("leptos_clerk: a {token_type} could not be verified: {message}");
            }
            _ => {}
        }
        let body = serde_json::json!({
            "error": "unauthenticated",
            "token_type": token_type,
            "reason": error.reason(),
            "message": error.public_message(),
        });
        let headers = [
            (http::header::WWW_AUTHENTICATE, "Bearer"),
            (http::header::CONTENT_TYPE, "application/json"),
            (http::header::CACHE_CONTROL, "no-store"),
        ];
        (error.status(), headers, body.to_string()).into_response()
    }
}
