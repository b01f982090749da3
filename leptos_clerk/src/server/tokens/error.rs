//! Why a session token was not accepted, with Clerk's reason names.

use std::fmt;

/// Clerk's `TokenVerificationErrorReason`; `Display` gives the kebab-case reason string
/// (`token-expired`, …) that Clerk's SDKs put in `x-clerk-auth-reason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenVerificationErrorReason {
    /// `exp` is in the past (beyond the allowed clock skew).
    TokenExpired,
    /// Not a JWT: wrong number of segments, bad base64 or JSON, missing `sub`/`exp`.
    TokenInvalid,
    /// `alg` is not one of RS256, RS384, RS512.
    TokenInvalidAlgorithm,
    /// `azp` is missing or not in the configured authorized parties.
    TokenInvalidAuthorizedParties,
    /// `iss` does not match the expected issuer.
    TokenInvalidIssuer,
    /// The signature does not match the key.
    TokenInvalidSignature,
    /// `nbf` is in the future (beyond the allowed clock skew).
    TokenNotActiveYet,
    /// `iat` is in the future (beyond the allowed clock skew).
    TokenIatInTheFuture,
    /// The signature could not be checked at all.
    TokenVerificationFailed,
    /// The token is not a session token (`cat` header or `typ`). Clerk reports this as an
    /// authentication reason rather than a verification reason.
    TokenTypeMismatch,
    /// The Backend API rejected the secret key.
    SecretKeyInvalid,
    /// The configured PEM key could not be used.
    JwkLocalMissing,
    /// The JWKS could not be fetched.
    JwkRemoteFailedToLoad,
    /// The JWKS answer was not a key set.
    JwkRemoteInvalid,
    /// The JWKS had no usable key.
    JwkRemoteMissing,
    /// Neither a secret key nor a PEM key is configured.
    JwkFailedToResolve,
    /// No key in the JWKS has the token's `kid`.
    JwkKidMismatch,
}

impl TokenVerificationErrorReason {
    /// The reason string Clerk uses.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TokenExpired => "token-expired",
            Self::TokenInvalid => "token-invalid",
            Self::TokenInvalidAlgorithm => "token-invalid-algorithm",
            Self::TokenInvalidAuthorizedParties => "token-invalid-authorized-parties",
            Self::TokenInvalidIssuer => "token-invalid-issuer",
            Self::TokenInvalidSignature => "token-invalid-signature",
            Self::TokenNotActiveYet => "token-not-active-yet",
            Self::TokenIatInTheFuture => "token-iat-in-the-future",
            Self::TokenVerificationFailed => "token-verification-failed",
            Self::TokenTypeMismatch => "token-type-mismatch",
            Self::SecretKeyInvalid => "secret-key-invalid",
            Self::JwkLocalMissing => "jwk-local-missing",
            Self::JwkRemoteFailedToLoad => "jwk-remote-failed-to-load",
            Self::JwkRemoteInvalid => "jwk-remote-invalid",
            Self::JwkRemoteMissing => "jwk-remote-missing",
            Self::JwkFailedToResolve => "jwk-failed-to-resolve",
            Self::JwkKidMismatch => "jwk-kid-mismatch",
        }
    }
}

impl fmt::Display for TokenVerificationErrorReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A session token that was not accepted: the [reason](TokenVerificationErrorReason) and a
/// message saying what was wrong and, where it is a setup problem, how to fix it.
///
/// The message never contains the token or a key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} (reason={reason})")]
pub struct TokenVerificationError {
    /// Clerk's reason.
    pub reason: TokenVerificationErrorReason,
    /// What went wrong.
    pub message: String,
}

impl TokenVerificationError {
    pub(crate) fn new(reason: TokenVerificationErrorReason, message: impl Into<String>) -> Self {
        Self {
            reason,
            message: message.into(),
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::new(TokenVerificationErrorReason::TokenInvalid, message)
    }
}
