//! Why a request is signed out: Clerk's `AuthErrorReason`, or the token verification reason.

use std::fmt;

use super::super::verify::TokenVerificationErrorReason;

/// Why a request is signed out. `Display` gives the reason string Clerk's SDKs use, which is also
/// sent in the `x-clerk-auth-reason` response header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthReason {
    /// No session token and no `__client_uat` (or `0`): a visitor who never signed in.
    SessionTokenAndUatMissing,
    /// `__client_uat` says signed in, but there is no session token.
    ClientUatButNoSessionToken,
    /// A session token but `__client_uat` is `0` or missing.
    SessionTokenButNoClientUat,
    /// No session token where one was expected.
    SessionTokenMissing,
    /// The session token is expired.
    SessionTokenExpired,
    /// Not a session token.
    TokenTypeMismatch,
    /// Something unexpected failed.
    UnexpectedError,
    /// The session token was rejected.
    Token(TokenVerificationErrorReason),
}

impl AuthReason {
    /// Clerk's reason string, e.g. `session-token-and-uat-missing` or `token-expired`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SessionTokenAndUatMissing => "session-token-and-uat-missing",
            Self::ClientUatButNoSessionToken => "client-uat-but-no-session-token",
            Self::SessionTokenButNoClientUat => "session-token-but-no-client-uat",
            Self::SessionTokenMissing => "session-token-missing",
            Self::SessionTokenExpired => "session-token-expired",
            Self::TokenTypeMismatch => "token-type-mismatch",
            Self::UnexpectedError => "unexpected-error",
            Self::Token(reason) => reason.as_str(),
        }
    }
}

impl fmt::Display for AuthReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<TokenVerificationErrorReason> for AuthReason {
    fn from(reason: TokenVerificationErrorReason) -> Self {
        match reason {
            TokenVerificationErrorReason::TokenTypeMismatch => Self::TokenTypeMismatch,
            other => Self::Token(other),
        }
    }
}
