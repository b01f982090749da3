//! Clerk webhooks, verified as Standard Webhooks (Svix) define them: the `svix-id`,
//! `svix-timestamp` and `svix-signature` headers, a `whsec_` base64 secret, `v1,` HMAC-SHA256
//! signatures over `"{id}.{timestamp}.{raw body}"`, and a ±5 minute window.

mod extract;

use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use http::HeaderMap;
use ring::hmac;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::backend::User;
use crate::constants::ENV_WEBHOOK_SIGNING_SECRET;
pub use extract::{VerifiedWebhook, WebhookSigningSecret};

/// How far a delivery's timestamp may be from now, in seconds.
const TOLERANCE_SECS: i64 = 300;
const ID_HEADERS: [&str; 2] = ["svix-id", "webhook-id"];
const TIMESTAMP_HEADERS: [&str; 2] = ["svix-timestamp", "webhook-timestamp"];
const SIGNATURE_HEADERS: [&str; 2] = ["svix-signature", "webhook-signature"];

/// A verified webhook event (`{type, object, data, timestamp, instance_id, …}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WebhookEvent {
    /// e.g. `user.created`, `session.ended`, `organization.updated` (an open set).
    #[serde(rename = "type")]
    pub event_type: String,
    /// `event`.
    #[serde(default)]
    pub object: String,
    /// The resource, as the Backend API shapes it.
    #[serde(default)]
    pub data: Value,
    /// e.g. the HTTP request that caused the event.
    #[serde(default)]
    pub event_attributes: Value,
    /// Unix ms.
    #[serde(default)]
    pub timestamp: Option<i64>,
    /// `ins_…`
    #[serde(default)]
    pub instance_id: Option<String>,
    /// The delivery's id (`svix-id`, else `webhook-id`), as the signature covers it: the key to
    /// apply a delivery once. Not in the payload; set by verification.
    #[serde(skip)]
    pub delivery_id: String,
}

impl WebhookEvent {
    /// The user of a `user.created` / `user.updated` event.
    #[must_use]
    pub fn user(&self) -> Option<User> {
        matches!(self.event_type.as_str(), "user.created" | "user.updated")
            .then(|| serde_json::from_value(self.data.clone()).ok())
            .flatten()
    }
}

/// Why a delivery was rejected, one variant per way it can be wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// Required headers are absent.
    #[error("the webhook is missing the header(s) {}: is this a Clerk (Svix) delivery?", .0.join(", "))]
    MissingHeaders(Vec<&'static str>),
    /// No signing secret is configured.
    #[error(
        "no webhook signing secret: set {ENV_WEBHOOK_SIGNING_SECRET} to the endpoint's secret \
         (whsec_…) from the Clerk Dashboard, page \"Webhooks\""
    )]
    MissingSecret,
    /// The secret is not `whsec_` + base64.
    #[error(
        "the webhook signing secret is not valid base64 after `whsec_`: copy it again from the \
         Clerk Dashboard, page \"Webhooks\""
    )]
    InvalidSecret,
    /// `svix-timestamp` is not a number of seconds.
    #[error("the webhook timestamp is not a number of seconds")]
    InvalidTimestamp,
    /// Older than 5 minutes: a replay, or a delivery that waited too long.
    #[error("message timestamp too old (more than 5 minutes): a replayed delivery?")]
    TimestampTooOld,
    /// More than 5 minutes in the future.
    #[error("message timestamp too new (more than 5 minutes ahead): check the server clock")]
    TimestampTooNew,
    /// No `v1` signature matches.
    #[error(
        "no matching signature: the body was changed, or the signing secret is another \
         endpoint's (verify the raw body, before any parsing)"
    )]
    NoMatchingSignature,
    /// The body is not a Clerk event.
    #[error("the webhook body is not a Clerk event: {0}")]
    InvalidPayload(#[source] serde_json::Error),
}

impl WebhookError {
    /// The HTTP status to answer the delivery with: `500` for the server's own configuration,
    /// else `400`, as Clerk's guides and Svix answer a delivery that fails verification (Svix
    /// retries any non-2xx; a 4xx also shows as failed in the Dashboard's log).
    #[must_use]
    pub fn status(&self) -> http::StatusCode {
        match self {
            Self::MissingSecret | Self::InvalidSecret => http::StatusCode::INTERNAL_SERVER_ERROR,
            _ => http::StatusCode::BAD_REQUEST,
        }
    }
}

/// Verifies a webhook delivery and returns its event (Clerk's `verifyWebhook`).
///
/// `raw_body` must be the body exactly as received; `secret` is the endpoint's `whsec_…`.
///
/// # Usage
/// ```
/// use leptos_clerk::server::{verify_webhook, WebhookError};
///
/// let headers = http::HeaderMap::new();
/// let result = verify_webhook(&headers, "{}", "whsec_c2VjcmV0");
/// assert!(matches!(result, Err(WebhookError::MissingHeaders(_))));
/// ```
pub fn verify_webhook(
    headers: &HeaderMap,
    raw_body: &str,
    secret: &str,
) -> Result<WebhookEvent, WebhookError> {
    verify_webhook_at(headers, raw_body, secret, SystemTime::now())
}

/// [`verify_webhook`] as if the clock read `now`.
pub fn verify_webhook_at(
    headers: &HeaderMap,
    raw_body: &str,
    secret: &str,
    now: SystemTime,
) -> Result<WebhookEvent, WebhookError> {
    let header = |names: [&str; 2]| {
        names.iter().find_map(|n| {
            headers
                .get(*n)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|v| !v.is_empty())
        })
    };
    let (id, timestamp, signatures) = (
        header(ID_HEADERS),
        header(TIMESTAMP_HEADERS),
        header(SIGNATURE_HEADERS),
    );
    let (Some(id), Some(timestamp), Some(signatures)) = (id, timestamp, signatures) else {
        let missing = [
            (ID_HEADERS[0], id),
            (TIMESTAMP_HEADERS[0], timestamp),
            (SIGNATURE_HEADERS[0], signatures),
        ]
        .into_iter()
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| n)
        .collect();
        return Err(WebhookError::MissingHeaders(missing));
    };
    let secret = secret.trim();
    if secret.is_empty() {
        return Err(WebhookError::MissingSecret);
    }
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
        .map_err(|_| WebhookError::InvalidSecret)?;
    let sent: i64 = timestamp
        .parse()
        .map_err(|_| WebhookError::InvalidTimestamp)?;
    let now = match now.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(_) => 0,
    };
    if now.saturating_sub(sent) > TOLERANCE_SECS {
        return Err(WebhookError::TimestampTooOld);
    }
    if sent.saturating_sub(now) > TOLERANCE_SECS {
        return Err(WebhookError::TimestampTooNew);
    }
    let key = hmac::Key::new(hmac::HMAC_SHA256, &key);
    let signed = format!("{id}.{timestamp}.{raw_body}");
    // `hmac::verify` compares in constant time.
    let matched = signatures
        .split(' ')
        .filter_map(|entry| entry.split_once(','))
        .filter(|(version, _)| *version == "v1")
        .filter_map(|(_, sig)| STANDARD.decode(sig).ok())
        .any(|sig| hmac::verify(&key, signed.as_bytes(), &sig).is_ok());
    if !matched {
        return Err(WebhookError::NoMatchingSignature);
    }
    let mut event: WebhookEvent =
        serde_json::from_str(raw_body).map_err(WebhookError::InvalidPayload)?;
    event.delivery_id = id.to_owned();
    Ok(event)
}

/// Signs a payload as Clerk would (for tests of your webhook handlers): the `svix-signature`
/// value for this id, timestamp and body.
///
/// # Usage
/// ```
/// use leptos_clerk::server::{sign_webhook, verify_webhook};
///
/// let body = r#"{"type":"user.deleted","object":"event","data":{"id":"user_1"}}"#;
/// let now = std::time::SystemTime::now()
///     .duration_since(std::time::UNIX_EPOCH).unwrap().as_secs().to_string();
/// let secret = "whsec_c2VjcmV0LWtleQ==";
/// let mut headers = http::HeaderMap::new();
/// headers.insert("svix-id", "msg_1".parse().unwrap());
/// headers.insert("svix-timestamp", now.parse().unwrap());
/// headers.insert("svix-signature", sign_webhook(secret, "msg_1", &now, body).unwrap().parse().unwrap());
/// assert_eq!(verify_webhook(&headers, body, secret).unwrap().event_type, "user.deleted");
/// ```
pub fn sign_webhook(
    secret: &str,
    id: &str,
    timestamp: &str,
    raw_body: &str,
) -> Result<String, WebhookError> {
    let secret = secret.trim();
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
        .map_err(|_| WebhookError::InvalidSecret)?;
    let key = hmac::Key::new(hmac::HMAC_SHA256, &key);
    let mac = hmac::sign(&key, format!("{id}.{timestamp}.{raw_body}").as_bytes());
    Ok(format!("v1,{}", STANDARD.encode(mac.as_ref())))
}
