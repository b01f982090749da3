//! Session tokens, pure: taking a JWT apart, its claims, key sets (JWKS documents and PEM keys),
//! the checks `verifyToken` makes, and why a token fails them. No I/O and no cache: fetching keys
//! and remembering verified tokens is the `Verifier`'s job, one level up.

mod claims;
mod error;
mod jwt;
mod keys;
mod pem;
mod verify;

pub use claims::{OrgClaim, SessionClaims};
pub use error::{TokenVerificationError, TokenVerificationErrorReason};
pub(crate) use jwt::Jwt;
pub(crate) use keys::Jwks;
pub(crate) use pem::parse as parse_pem_key;
pub(crate) use verify::{
    millis, verify_decoded, verify_handshake, verify_m2m_decoded, VerifyOptions,
};
