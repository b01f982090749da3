//! Webhook verification (Standard Webhooks / Svix): every way a delivery can be wrong has its
//! own error, and the axum extractor answers with its status.
#![cfg(feature = "ssr")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::routing::post;
use axum::{Extension, Router};
use leptos_clerk::server::{
    sign_webhook, verify_webhook_at, VerifiedWebhook, WebhookError, WebhookSigningSecret,
};
use tower::ServiceExt as _;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BODY: &str = r#"{"data":{"id":"user_1","first_name":"Ada","email_addresses":[],"new_field":1},"object":"event","type":"user.created","timestamp":1700000000000,"instance_id":"ins_1"}"#;

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

fn headers(id: &str, timestamp: &str, signature: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (k, v) in [
        ("svix-id", id),
        ("svix-timestamp", timestamp),
        ("svix-signature", signature),
    ] {
        if !v.is_empty() {
            h.insert(k, v.parse().expect("header"));
        }
    }
    h
}

fn signed(timestamp: &str, body: &str) -> HeaderMap {
    let signature = sign_webhook(SECRET, "msg_1", timestamp, body).expect("sign");
    headers("msg_1", timestamp, &signature)
}

#[test]
fn a_genuine_delivery_is_accepted() {
    let event = verify_webhook_at(&signed("1700000000", BODY), BODY, SECRET, now()).expect("valid");
    assert_eq!(event.event_type, "user.created");
    assert_eq!(event.instance_id.as_deref(), Some("ins_1"));
    assert_eq!(
        event.user().and_then(|u| u.first_name).as_deref(),
        Some("Ada")
    );
    // Several signatures (a secret rotation): any matching v1 entry is enough.
    let good = sign_webhook(SECRET, "msg_1", "1700000000", BODY).expect("sign");
    let list = format!("v2,abc v1,bm90LWl0 {good}");
    assert!(verify_webhook_at(&headers("msg_1", "1700000000", &list), BODY, SECRET, now()).is_ok());
    // The secret also works without its `whsec_` prefix, and within ±5 minutes.
    let bare = SECRET.trim_start_matches("whsec_");
    assert!(verify_webhook_at(&signed("1700000290", BODY), BODY, bare, now()).is_ok());
}

#[test]
fn every_way_a_delivery_can_be_wrong() {
    let check = |h: &HeaderMap, body: &str, secret: &str| {
        verify_webhook_at(h, body, secret, now()).expect_err("rejected")
    };
    match check(&headers("msg_1", "", ""), BODY, SECRET) {
        WebhookError::MissingHeaders(names) => {
            assert_eq!(names, vec!["svix-timestamp", "svix-signature"]);
        }
        other => panic!("{other}"),
    }
    assert!(matches!(
        check(&signed("1700000000", BODY), BODY, "whsec_***"),
        WebhookError::InvalidSecret
    ));
    assert!(matches!(
        check(&signed("1700000000", BODY), BODY, ""),
        WebhookError::MissingSecret
    ));
    assert!(matches!(
        check(&signed("soon", BODY), BODY, SECRET),
        WebhookError::InvalidTimestamp
    ));
    assert!(matches!(
        check(&signed("1699999699", BODY), BODY, SECRET),
        WebhookError::TimestampTooOld
    ));
    assert!(matches!(
        check(&signed("1700000301", BODY), BODY, SECRET),
        WebhookError::TimestampTooNew
    ));
    let tampered = BODY.replace("Ada", "Eve");
    assert!(matches!(
        check(&signed("1700000000", BODY), &tampered, SECRET),
        WebhookError::NoMatchingSignature
    ));
    let other_secret = "whsec_b3RoZXItZW5kcG9pbnQ=";
    assert!(matches!(
        check(&signed("1700000000", BODY), BODY, other_secret),
        WebhookError::NoMatchingSignature
    ));
    assert!(matches!(
        check(&headers("msg_1", "1700000000", "v1,%%%"), BODY, SECRET),
        WebhookError::NoMatchingSignature
    ));
    assert!(matches!(
        check(&signed("1700000000", "not json"), "not json", SECRET),
        WebhookError::InvalidPayload(_)
    ));
    let message = WebhookError::NoMatchingSignature.to_string();
    assert!(message.contains("raw body"), "{message}");
}

#[tokio::test]
async fn the_extractor_answers_with_the_errors_status() {
    let app = Router::new()
        .route(
            "/webhooks/clerk",
            post(|VerifiedWebhook(event): VerifiedWebhook| async move { event.event_type }),
        )
        .layer(Extension(WebhookSigningSecret(SECRET.to_owned())));
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs()
        .to_string();
    let signature = sign_webhook(SECRET, "msg_9", &now, BODY).expect("sign");
    let request = |signature: &str| {
        Request::post("/webhooks/clerk")
            .header("svix-id", "msg_9")
            .header("svix-timestamp", &now)
            .header("svix-signature", signature)
            .body(Body::from(BODY))
            .expect("request")
    };
    let ok = app
        .clone()
        .oneshot(request(&signature))
        .await
        .expect("infallible");
    assert_eq!(ok.status(), StatusCode::OK);
    let forged = app.oneshot(request("v1,AAAA")).await.expect("infallible");
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
}
