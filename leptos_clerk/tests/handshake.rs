//! `ClerkLayer` and the handshake: it answers page loads that need one with a `307` itself,
//! and on the way back forwards the handshake's cookies on the app's response.
#![cfg(feature = "ssr")]

#[path = "support/jwt.rs"]
mod jwt;
#[path = "support/loopback.rs"]
mod loopback;

use jwt::{key, now};

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::Query;
use axum::http::{Request, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use http_body_util::BodyExt as _;
use leptos_clerk::server::{Auth, Clerk, ClerkConfig, TokenOptions};
use rsa::pkcs8::{EncodePublicKey as _, LineEnding};
use serde_json::json;
use tower::ServiceExt as _;

const PK: &str = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";

fn token() -> String {
    jwt::sign(
        jwt::key(),
        &jwt::session_header("ins_1"),
        &jwt::session_claims(),
    )
}

/// A Backend API that knows one nonce; returns its URL.
async fn bapi(directives: Vec<String>) -> String {
    let app = Router::new()
        .route(
            "/v1/sessions/sess_1/tokens/supabase",
            axum::routing::post(|body: axum::body::Bytes| async move {
                let body: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
                Json(json!({"object": "token", "jwt": format!("template.{}", body["expires_in_seconds"])}))
            }),
        )
        .route(
        "/v1/clients/handshake_payload",
        get(move |Query(q): Query<HashMap<String, String>>| {
            let directives = directives.clone();
            async move {
                if q.get("nonce").map(String::as_str) == Some("n1") {
                    Json(json!({ "directives": directives })).into_response()
                } else {
                    StatusCode::NOT_FOUND.into_response()
                }
            }
        }),
    );
    loopback::serve(app).await
}

fn clerk(api_url: &str, proxy: Option<&str>) -> Clerk {
    let pem = key()
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .expect("PEM");
    let mut config = ClerkConfig::from_sources(None, |name| match name {
        "CLERK_PUBLISHABLE_KEY" => Some(PK.to_owned()),
        "CLERK_SECRET_KEY" => Some("sk_live_test".to_owned()),
        "CLERK_JWT_KEY" => Some(pem.clone()),
        "CLERK_API_URL" => Some(api_url.to_owned()),
        _ => None,
    })
    .expect("valid configuration");
    config.proxy_url = proxy.map(str::to_owned);
    Clerk::new(config).expect("valid Clerk")
}

fn app(clerk: &Clerk, calls: Arc<AtomicUsize>) -> Router {
    Router::new()
        .route(
            "/dashboard",
            get(move |auth: Auth| async move {
                calls.fetch_add(1, Ordering::SeqCst);
                auth.user_id().unwrap_or("-").to_owned()
            }),
        )
        .layer(clerk.layer())
}

fn page_load(uri: &str, cookie: &str) -> Request<Body> {
    Request::builder()
        .uri(uri)
        .header("host", "localhost:3000")
        .header("sec-fetch-dest", "document")
        .header("accept", "text/html")
        .header("cookie", cookie)
        .body(Body::empty())
        .expect("request")
}

#[tokio::test]
async fn a_page_load_without_its_session_is_sent_to_the_handshake() {
    let calls = Arc::new(AtomicUsize::new(0));
    let app = app(
        &clerk("http://127.0.0.1:9", Some("/__clerk")),
        Arc::clone(&calls),
    );
    let cookie = format!("__client_uat={}", now() - 100);
    let response = app
        .oneshot(page_load("/dashboard?tab=1", &cookie))
        .await
        .expect("infallible");
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(
        header("location").as_deref(),
        Some(
            "http://localhost:3000/__clerk/v1/client/handshake?redirect_url=http%3A%2F%2Flocalhost%3A3000%2Fdashboard%3Ftab%3D1\
             &__clerk_api_version=2026-05-12&suffixed_cookies=false\
             &__clerk_hs_reason=client-uat-but-no-session-token&format=nonce"
        )
    );
    assert_eq!(
        header("set-cookie").as_deref(),
        Some("__clerk_redirect_count=1; SameSite=Lax; HttpOnly; Max-Age=2")
    );
    assert_eq!(header("cache-control").as_deref(), Some("no-store"));
    assert_eq!(header("x-clerk-auth-status").as_deref(), Some("handshake"));
    assert_eq!(
        calls.load(Ordering::SeqCst),
        0,
        "the app does not render a handshake"
    );
}

#[tokio::test]
async fn a_fetch_is_never_redirected() {
    let calls = Arc::new(AtomicUsize::new(0));
    let app = app(&clerk("http://127.0.0.1:9", None), Arc::clone(&calls));
    let request = Request::builder()
        .method("POST")
        .uri("/dashboard")
        .header("cookie", format!("__client_uat={}", now() - 100))
        .body(Body::empty())
        .expect("request");
    let response = app.oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        response.headers()["x-clerk-auth-reason"],
        "client-uat-but-no-session-token"
    );
}

#[tokio::test]
async fn the_way_back_signs_in_and_forwards_every_cookie() {
    let token = token();
    let directives = vec![
        format!("__session={token}; Path=/; SameSite=Lax; Max-Age=31536000"),
        format!(
            "__client_uat={}; Path=/; SameSite=Lax; Max-Age=31536000",
            now() - 5
        ),
    ];
    let api = bapi(directives.clone()).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let app = app(&clerk(&api, Some("/__clerk")), Arc::clone(&calls));
    let cookie = format!("__client_uat={}", now() - 100);
    let response = app
        .clone()
        .oneshot(page_load("/dashboard?__clerk_handshake_nonce=n1", &cookie))
        .await
        .expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    assert_eq!(cookies, directives);
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    assert_eq!(&body[..], b"user_1");

    // A stale nonce (already redeemed, or made up) is signed out, never an error.
    let response = app
        .oneshot(page_load("/dashboard?__clerk_handshake_nonce=nope", ""))
        .await
        .expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["x-clerk-auth-reason"],
        "session-token-missing"
    );
}

#[tokio::test]
async fn get_token_mints_template_tokens_through_the_backend_api() {
    let api = bapi(Vec::new()).await;
    let clerk = clerk(&api, None);
    let token = token();
    let parts = Request::builder()
        .uri("/")
        .header("authorization", format!("Bearer {token}"))
        .body(())
        .expect("request")
        .into_parts()
        .0;
    let auth = clerk.authenticate_request(&parts).await.auth;
    assert!(auth.is_signed_in());
    assert_eq!(auth.get_token().await.as_deref(), Some(token.as_str()));
    assert_eq!(
        auth.get_token_with(&TokenOptions::default())
            .await
            .expect("own token")
            .as_deref(),
        Some(token.as_str())
    );
    let minted = auth
        .get_token_with(&TokenOptions::template("supabase").expires_in_seconds(90))
        .await
        .expect("minted");
    assert_eq!(minted.as_deref(), Some("template.90"));
    let json = serde_json::to_value(&auth).expect("serialise");
    assert_eq!(json["userId"], "user_1");
    assert_eq!(json["tokenType"], "session_token");
    assert!(
        !auth.debug().to_string().contains(&token),
        "debug() never shows the token"
    );

    let signed_out = clerk
        .authenticate_request(
            &Request::builder()
                .uri("/")
                .body(())
                .expect("request")
                .into_parts()
                .0,
        )
        .await
        .auth;
    assert_eq!(
        signed_out
            .get_token_with(&TokenOptions::template("supabase"))
            .await
            .expect("signed out"),
        None
    );
    assert_eq!(
        serde_json::to_value(&signed_out).expect("serialise")["userId"],
        serde_json::Value::Null
    );
}
