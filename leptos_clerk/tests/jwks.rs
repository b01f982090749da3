//! The JWKS from the Backend API, over real loopback HTTP: one fetch however many requests wait
//! for it, bounded retries of 5xx answers, and caches that never mix two instances' keys.
#![cfg(feature = "ssr")]

#[path = "support/jwt.rs"]
mod jwt;
#[path = "support/loopback.rs"]
mod loopback;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use leptos_clerk::server::{Clerk, ClerkConfig, TokenVerificationErrorReason};
use rsa::traits::PublicKeyParts as _;
use rsa::RsaPrivateKey;
use serde_json::json;

const KID: &str = "ins_shared";

fn keys() -> &'static [RsaPrivateKey; 2] {
    static KEYS: OnceLock<[RsaPrivateKey; 2]> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut rng = rand::thread_rng();
        [
            RsaPrivateKey::new(&mut rng, 2048).expect("RSA key"),
            RsaPrivateKey::new(&mut rng, 2048).expect("RSA key"),
        ]
    })
}

fn token(key: &RsaPrivateKey) -> String {
    let now = jwt::now();
    let header = json!({"alg": "RS256", "kid": KID, "typ": "JWT"});
    let claims = json!({"sub": "user_1", "sid": "sess_1", "iat": now, "exp": now + 60});
    jwt::sign(key, &header, &claims)
}

/// A Backend API whose JWKS holds `key`, answers 503 `failures` times first, and takes `delay`.
async fn bapi(key: &RsaPrivateKey, failures: usize, delay: Duration) -> (String, Arc<AtomicUsize>) {
    let public = key.to_public_key();
    let jwks = json!({"keys": [{"kid": KID, "kty": "RSA", "alg": "RS256", "use": "sig",
        "n": URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
        "e": URL_SAFE_NO_PAD.encode(public.e().to_bytes_be())}]});
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let app = Router::new().route(
        "/v1/jwks",
        get(move || {
            let (jwks, counter) = (jwks.clone(), Arc::clone(&counter));
            async move {
                let n = counter.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(delay).await;
                if n < failures {
                    (
                        StatusCode::SERVICE_UNAVAILABLE,
                        [("retry-after", "0")],
                        "busy",
                    )
                        .into_response()
                } else {
                    Json(jwks).into_response()
                }
            }
        }),
    );
    (loopback::serve(app).await, calls)
}

fn clerk(api_url: &str, secret: &str) -> Clerk {
    let config = ClerkConfig::from_sources(None, |name| match name {
        "CLERK_PUBLISHABLE_KEY" => Some("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k".to_owned()),
        "CLERK_SECRET_KEY" => Some(secret.to_owned()),
        "CLERK_API_URL" => Some(api_url.to_owned()),
        _ => None,
    })
    .expect("valid configuration");
    Clerk::new(config).expect("valid Clerk")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_fetch_however_many_requests_wait() {
    let (url, calls) = bapi(&keys()[0], 0, Duration::from_millis(150)).await;
    let clerk = clerk(&url, "sk_live_a");
    let token = token(&keys()[0]);
    let waiting: Vec<_> = (0..50)
        .map(|_| {
            let (clerk, token) = (clerk.clone(), token.clone());
            tokio::spawn(async move { clerk.verify_token(&token).await.map(|c| c.sub) })
        })
        .collect();
    for task in waiting {
        assert_eq!(task.await.expect("task").expect("verified"), "user_1");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

/// Waits (up to 5 s) until the stand-in has answered `n` calls.
async fn until_calls(calls: &AtomicUsize, n: usize) {
    for _ in 0..250 {
        if calls.load(Ordering::SeqCst) >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!(
        "the Backend API got {} calls, expected {n}",
        calls.load(Ordering::SeqCst)
    );
}

#[tokio::test]
async fn a_request_tries_once_and_the_background_retries_a_bounded_number_of_times() {
    // Two 503s: the request's one attempt fails at once; the background renewal (three tries)
    // gets the keys, and the next request uses them.
    let (url, calls) = bapi(&keys()[0], 2, Duration::ZERO).await;
    let first = clerk(&url, "sk_live_a");
    let error = first
        .verify_token(&token(&keys()[0]))
        .await
        .expect_err("the one attempt on the request's path failed");
    assert_eq!(
        error.reason,
        TokenVerificationErrorReason::JwkRemoteFailedToLoad
    );
    until_calls(&calls, 3).await;
    let mut verified = None;
    for _ in 0..100 {
        if let Ok(claims) = first.verify_token(&token(&keys()[0])).await {
            verified = Some(claims);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        verified.expect("keys renewed in the background").sub,
        "user_1"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    // Never recovers: one call on the request's path, three in the background, then nothing
    // for a few seconds however many requests come.
    let (url, calls) = bapi(&keys()[0], 100, Duration::ZERO).await;
    let never = clerk(&url, "sk_live_a");
    for _ in 0..20 {
        let error = never
            .verify_token(&token(&keys()[0]))
            .await
            .expect_err("the Backend API never recovers");
        assert_eq!(
            error.reason,
            TokenVerificationErrorReason::JwkRemoteFailedToLoad
        );
    }
    until_calls(&calls, 4).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        calls.load(Ordering::SeqCst),
        4,
        "one try, then three in the background"
    );
}

#[tokio::test]
async fn two_instances_never_share_keys() {
    // Both instances use the same `kid`, as two Clerk instances could be made to.
    let (url_a, _) = bapi(&keys()[0], 0, Duration::ZERO).await;
    let (url_b, _) = bapi(&keys()[1], 0, Duration::ZERO).await;
    let (a, b) = (clerk(&url_a, "sk_live_a"), clerk(&url_b, "sk_live_b"));
    let from_b = token(&keys()[1]);
    assert!(b.verify_token(&from_b).await.is_ok());
    let error = a
        .verify_token(&from_b)
        .await
        .expect_err("B's token must not pass A");
    assert_eq!(
        error.reason,
        TokenVerificationErrorReason::TokenInvalidSignature
    );
}
