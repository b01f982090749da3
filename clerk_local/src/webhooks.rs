//! Webhooks: `user.*`, `session.*`, `organization.*`, `organizationMembership.*` and
//! `organizationInvitation.*` events POSTed to `webhook_url`, signed per Standard Webhooks
//! (`svix-id`, `svix-timestamp`, `svix-signature` = `v1,<base64 HMAC-SHA256 of
//! "{id}.{timestamp}.{body}">` keyed by the base64 of `whsec_…`).
//! Delivered by a background task, retried with backoff; a request never waits for it.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};

use crate::clock::{now_ms, secs};
use crate::ids::new_id;

/// The waits before each retry: five attempts within about 15 s.
const BACKOFF: [Duration; 4] = [
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(4),
    Duration::from_secs(8),
];
const TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) struct Webhooks {
    url: Option<String>,
    secret: String,
    http: reqwest::Client,
}

impl Webhooks {
    pub(crate) fn new(url: Option<String>, secret: String) -> Self {
        Self {
            url,
            secret,
            http: reqwest::Client::builder()
                .timeout(TIMEOUT)
                .build()
                .unwrap_or_default(),
        }
    }

    pub(crate) fn secret(&self) -> &str {
        &self.secret
    }

    /// Queues `{type, object: "event", data, timestamp, instance_id}` for delivery. Outside a
    /// tokio runtime (never the case when serving) the event is dropped with a warning.
    pub(crate) fn emit(&self, instance_id: &str, kind: &str, data: Value) {
        let Some(url) = self.url.clone() else {
            return;
        };
        let now = now_ms();
        let body = json!({
            "type": kind,
            "object": "event",
            "data": data,
            "event_attributes": { "http_request": { "client_ip": "127.0.0.1", "user_agent": "" } },
            "timestamp": now,
            "instance_id": instance_id,
        })
        .to_string();
        let id = new_id("msg");
        let timestamp = secs(now).to_string();
        let signature = sign(&self.secret, &id, &timestamp, &body);
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::warn!(kind, "clerk_local: webhook dropped (no async runtime)");
            return;
        };
        let http = self.http.clone();
        let kind = kind.to_owned();
        runtime.spawn(async move {
            for attempt in 0..=BACKOFF.len() {
                let sent = http
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("svix-id", &id)
                    .header("svix-timestamp", &timestamp)
                    .header("svix-signature", &signature)
                    .body(body.clone())
                    .send()
                    .await;
                match sent {
                    Ok(response) if response.status().is_success() => {
                        tracing::info!(kind, id, "clerk_local: webhook delivered");
                        return;
                    }
                    Ok(response) => {
                        tracing::warn!(kind, id, status = %response.status(), attempt, "clerk_local: webhook refused")
                    }
                    Err(error) => {
                        tracing::warn!(kind, id, %error, attempt, "clerk_local: webhook not delivered")
                    }
                }
                if let Some(wait) = BACKOFF.get(attempt) {
                    tokio::time::sleep(*wait).await;
                }
            }
            tracing::error!(kind, id, url, "clerk_local: webhook given up after retries");
        });
    }
}

/// `v1,<base64 HMAC-SHA256(base64-decoded secret, "{id}.{timestamp}.{body}")>`.
pub(crate) fn sign(secret: &str, id: &str, timestamp: &str, body: &str) -> String {
    let key_text = secret.strip_prefix("whsec_").unwrap_or(secret);
    let key = STANDARD
        .decode(key_text)
        .unwrap_or_else(|_| key_text.as_bytes().to_vec());
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &key);
    let mac = ring::hmac::sign(&key, format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", STANDARD.encode(mac.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_standard_webhooks_test_vector() {
        // From the standardwebhooks reference implementation's tests.
        let signature = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "1614265330",
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
