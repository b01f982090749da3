//! Backend API failures, shaped like Clerk's `ClerkAPIResponseError`.

use std::time::SystemTime;

use http::HeaderMap;
use serde::Deserialize;

use crate::constants::{ENV_API_URL, ENV_SECRET_KEY, SECRET_KEY_INVALID_CODE};

/// One entry of a Backend API error answer (`ClerkErrors.errors`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ApiErrorItem {
    /// Machine-readable code, e.g. `resource_not_found`.
    #[serde(default)]
    pub code: String,
    /// Short message.
    #[serde(default)]
    pub message: String,
    /// Longer explanation.
    #[serde(default)]
    pub long_message: Option<String>,
}

/// A failed Backend API call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClerkError {
    /// The Backend API answered with an error status.
    #[error("the Clerk Backend API answered {status}{}{}", describe(.errors), trace(.clerk_trace_id))]
    Api {
        /// HTTP status.
        status: u16,
        /// Clerk's error entries (may be empty if the body was not Clerk's JSON).
        errors: Vec<ApiErrorItem>,
        /// `clerk_trace_id` from the body, else the `cf-ray` header: quote it to Clerk support.
        clerk_trace_id: Option<String>,
        /// `Retry-After` seconds, on 429.
        retry_after: Option<u64>,
    },
    /// The request could not be sent or the answer not received.
    #[error("could not reach the Clerk Backend API at {url}: {source}; check {ENV_API_URL} and the network")]
    Transport {
        /// The URL called.
        url: String,
        /// The transport error.
        #[source]
        source: reqwest::Error,
    },
    /// The answer was not the JSON expected.
    #[error("the Clerk Backend API's answer from {url} could not be read: {source}")]
    Decode {
        /// The URL called.
        url: String,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },
    /// No secret key is configured, so the Backend API cannot be called.
    #[error(
        "{ENV_SECRET_KEY} is not set: the Backend API needs it; copy the secret key (sk_…) from \
         the Clerk Dashboard, page \"API keys\", into `.env` or the environment"
    )]
    MissingSecretKey,
    /// An argument cannot be sent (e.g. an empty id).
    #[error("invalid argument: {0}")]
    InvalidArgument(&'static str),
}

impl ClerkError {
    /// The HTTP status, for [`Api`](Self::Api) errors.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The first error code, for [`Api`](Self::Api) errors.
    #[must_use]
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Api { errors, .. } => errors.first().map(|e| e.code.as_str()),
            _ => None,
        }
    }

    /// The first error's message, for [`Api`](Self::Api) errors.
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        match self {
            Self::Api { errors, .. } => errors.first().map(|e| e.message.as_str()),
            _ => None,
        }
    }

    /// The first error's long message, for [`Api`](Self::Api) errors.
    #[must_use]
    pub fn long_message(&self) -> Option<&str> {
        match self {
            Self::Api { errors, .. } => errors.first().and_then(|e| e.long_message.as_deref()),
            _ => None,
        }
    }

    /// Clerk's trace id (quote it to Clerk support).
    #[must_use]
    pub fn clerk_trace_id(&self) -> Option<&str> {
        match self {
            Self::Api { clerk_trace_id, .. } => clerk_trace_id.as_deref(),
            _ => None,
        }
    }

    /// `Retry-After`, in seconds, of a 429 (or 503).
    #[must_use]
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::Api { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether the resource does not exist (404).
    #[must_use]
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// Whether the Backend API rejected the secret key.
    #[must_use]
    pub fn is_secret_key_invalid(&self) -> bool {
        matches!(self, Self::Api { status: 401, errors, .. }
            if errors.iter().any(|e| e.code == SECRET_KEY_INVALID_CODE))
    }

    /// Builds an [`Api`](Self::Api) error from a non-success answer.
    pub(crate) fn from_answer(status: u16, headers: &HeaderMap, body: &str) -> Self {
        #[derive(Deserialize)]
        struct Body {
            #[serde(default)]
            errors: Vec<ApiErrorItem>,
            #[serde(default)]
            clerk_trace_id: Option<String>,
        }
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let body: Option<Body> = serde_json::from_str(body).ok();
        let (errors, trace_id) = body.map_or((Vec::new(), None), |b| (b.errors, b.clerk_trace_id));
        Self::Api {
            status,
            errors,
            clerk_trace_id: trace_id.or_else(|| header("cf-ray")),
            retry_after: header("retry-after")
                .and_then(|v| retry_after_secs(&v, SystemTime::now())),
        }
    }
}

/// `Retry-After` as seconds from `now`: delay-seconds, or an HTTP date (a past date is 0).
fn retry_after_secs(value: &str, now: SystemTime) -> Option<u64> {
    let value = value.trim();
    if let Ok(secs) = value.parse() {
        return Some(secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).map_or(0, |d| d.as_secs()))
}

fn describe(errors: &[ApiErrorItem]) -> String {
    errors
        .iter()
        .map(|e| {
            let text = e.long_message.as_deref().unwrap_or(&e.message);
            format!(" [{}] {}", e.code, text)
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn trace(trace_id: &Option<String>) -> String {
    trace_id
        .as_deref()
        .map(|t| format!(" (clerk_trace_id {t})"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(retry_after_secs(" 7 ", now), Some(7));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(retry_after_secs(&later, now), Some(30));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(retry_after_secs(&earlier, now), Some(0));
        assert_eq!(retry_after_secs("soon", now), None);
    }
}
