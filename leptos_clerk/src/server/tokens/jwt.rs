//! Splitting a compact JWT into its header, payload and signature, without trusting any of it.

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::{alphabet, Engine as _};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::error::TokenVerificationError;

/// base64url, padding tolerated (some encoders add it).
const B64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The JOSE header fields Clerk uses.
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct Header {
    pub(crate) alg: Option<Value>,
    pub(crate) typ: Option<Value>,
    pub(crate) kid: Option<String>,
    /// Clerk's internal token category.
    pub(crate) cat: Option<Value>,
}

/// A JWT taken apart, not yet verified.
#[derive(Clone, Debug)]
pub(crate) struct Jwt<'a> {
    pub(crate) header: Header,
    pub(crate) payload: Map<String, Value>,
    /// `<header>.<payload>` as sent: the bytes the signature covers.
    pub(crate) signed: &'a str,
    /// The signature segment, base64url without padding (checked to decode).
    pub(crate) signature: &'a str,
}

impl<'a> Jwt<'a> {
    /// `decodeJwt`: three base64url segments, the first two JSON objects.
    pub(crate) fn decode(token: &'a str) -> Result<Self, TokenVerificationError> {
        let token = token.trim();
        let mut parts = token.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenVerificationError::invalid(
                "the session token is not a JWT: it must have three parts separated by dots",
            ));
        };
        let header: Header =
            serde_json::from_slice(&decode_segment(h, "header")?).map_err(|_| {
                TokenVerificationError::invalid("the session token's header is not a JSON object")
            })?;
        let payload = match serde_json::from_slice::<Value>(&decode_segment(p, "payload")?) {
            Ok(Value::Object(map)) => map,
            _ => {
                return Err(TokenVerificationError::invalid(
                    "the session token's payload is not a JSON object",
                ))
            }
        };
        decode_segment(s, "signature")?;
        Ok(Self {
            header,
            payload,
            signed: &token[..h.len() + 1 + p.len()],
            signature: s.trim_end_matches('='),
        })
    }

    /// The `kid` header, if any.
    pub(crate) fn kid(&self) -> Option<&str> {
        self.header.kid.as_deref()
    }
}

fn decode_segment(segment: &str, what: &str) -> Result<Vec<u8>, TokenVerificationError> {
    B64URL.decode(segment).map_err(|_| {
        TokenVerificationError::invalid(format!(
            "the session token's {what} is not valid base64url"
        ))
    })
}

/// Encodes with the JWT alphabet (used by tests to build tokens).
#[cfg(test)]
pub(crate) fn encode(bytes: &[u8]) -> String {
    B64URL.encode(bytes)
}

#[cfg(test)]
mod properties;
