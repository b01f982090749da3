//! Why a request is signed out or sent to a handshake: Clerk's `AuthErrorReason`, or the token
//! verification reason.

use std::fmt;

use crate::server::tokens::TokenVerificationErrorReason;

/// Why a request is signed out (or needs a handshake). `Display` gives the reason string Clerk's
/// SDKs use, which is also sent in the `x-clerk-auth-reason` response header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthReason {
    /// No session token and no `__client_uat` (or `0`): a visitor who never signed in.
    SessionTokenAndUatMissing,
    /// `__client_uat` says signed in, but there is no session token.
    ClientUatButNoSessionToken,
    /// A session token but `__client_uat` is `0` or missing.
    SessionTokenButNoClientUat,
    /// No session token where one was expected (a handshake that set none).
    SessionTokenMissing,
    /// The session token is expired.
    SessionTokenExpired,
    /// The session token expired and could not be refreshed, for this reason.
    SessionTokenExpiredRefresh(RefreshError),
    /// The session token was issued before the client's last update (`iat < __client_uat`).
    SessionTokenIatBeforeClientUat,
    /// The session token's `nbf` is in the future.
    SessionTokenNbf,
    /// The session token's `iat` is in the future.
    SessionTokenIatInTheFuture,
    /// Development instance without a dev-browser token (`__clerk_db_jwt`).
    DevBrowserMissing,
    /// Development instance, dev-browser token in the URL to sync.
    DevBrowserSync,
    /// Development primary answering a satellite's sync request.
    PrimaryRespondsToSyncing,
    /// A page load on the primary domain coming from another site.
    PrimaryDomainCrossOriginSync,
    /// A satellite domain that must sync with the primary.
    SatelliteNeedsSyncing,
    /// The active organization does not match the URL.
    ActiveOrganizationMismatch,
    /// Not a session token.
    TokenTypeMismatch,
    /// Something unexpected failed.
    UnexpectedError,
    /// The session token was rejected.
    Token(TokenVerificationErrorReason),
}

/// Why an expired session token was not refreshed server-side (the suffix of
/// `session-token-expired-refresh-<reason>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RefreshError {
    /// No `__refresh` cookie.
    NonEligibleNoRefreshCookie,
    /// Not a GET request.
    NonEligibleNonGet,
    /// The refreshed token did not verify.
    InvalidSessionToken,
    /// The expired token could not be decoded.
    ExpiredSessionTokenDecodeFailed,
    /// The expired token has no `sid`.
    ExpiredSessionTokenMissingSidClaim,
    /// The Backend API answered an error without a known code.
    FetchError,
    /// The Backend API could not be reached or answered garbage.
    UnexpectedBapiError,
    /// The Backend API answered, but set no cookies.
    UnexpectedSdkError,
}

impl RefreshError {
    /// Clerk's string for it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NonEligibleNoRefreshCookie => "non-eligible-no-refresh-cookie",
            Self::NonEligibleNonGet => "non-eligible-non-get",
            Self::InvalidSessionToken => "invalid-session-token",
            Self::ExpiredSessionTokenDecodeFailed => "expired-session-token-decode-failed",
            Self::ExpiredSessionTokenMissingSidClaim => "expired-session-token-missing-sid-claim",
            Self::FetchError => "fetch-error",
            Self::UnexpectedBapiError => "unexpected-bapi-error",
            Self::UnexpectedSdkError => "unexpected-sdk-error",
        }
    }
}

impl AuthReason {
    /// Clerk's reason string, e.g. `session-token-and-uat-missing` or `token-expired`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        use RefreshError as R;
        match self {
            Self::SessionTokenAndUatMissing => "session-token-and-uat-missing",
            Self::ClientUatButNoSessionToken => "client-uat-but-no-session-token",
            Self::SessionTokenButNoClientUat => "session-token-but-no-client-uat",
            Self::SessionTokenMissing => "session-token-missing",
            Self::SessionTokenExpired => "session-token-expired",
            Self::SessionTokenExpiredRefresh(r) => match r {
                R::NonEligibleNoRefreshCookie => {
                    "session-token-expired-refresh-non-eligible-no-refresh-cookie"
                }
                R::NonEligibleNonGet => "session-token-expired-refresh-non-eligible-non-get",
                R::InvalidSessionToken => "session-token-expired-refresh-invalid-session-token",
                R::ExpiredSessionTokenDecodeFailed => {
                    "session-token-expired-refresh-expired-session-token-decode-failed"
                }
                R::ExpiredSessionTokenMissingSidClaim => {
                    "session-token-expired-refresh-expired-session-token-missing-sid-claim"
                }
                R::FetchError => "session-token-expired-refresh-fetch-error",
                R::UnexpectedBapiError => "session-token-expired-refresh-unexpected-bapi-error",
                R::UnexpectedSdkError => "session-token-expired-refresh-unexpected-sdk-error",
            },
            Self::SessionTokenIatBeforeClientUat => "session-token-iat-before-client-uat",
            Self::SessionTokenNbf => "session-token-nbf",
            Self::SessionTokenIatInTheFuture => "session-token-iat-in-the-future",
            Self::DevBrowserMissing => "dev-browser-missing",
            Self::DevBrowserSync => "dev-browser-sync",
            Self::PrimaryRespondsToSyncing => "primary-responds-to-syncing",
            Self::PrimaryDomainCrossOriginSync => "primary-domain-cross-origin-sync",
            Self::SatelliteNeedsSyncing => "satellite-needs-syncing",
            Self::ActiveOrganizationMismatch => "active-organization-mismatch",
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
