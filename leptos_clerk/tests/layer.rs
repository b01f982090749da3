//! `ClerkLayer` around an axum router, with the JWKS fetched over real HTTP from a fake Backend
//! API on loopback.
#![cfg(feature = "ssr")]

#[path = "support/jwt.rs"]
mod jwt;
#[path = "support/loopback.rs"]
mod loopback;

use jwt::{key, now};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Request, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use http_body_util::BodyExt as _;
use leptos_clerk::server::{Auth, Clerk, ClerkConfig, SessionUser, SignedInAuth};
use rsa::traits::PublicKeyParts as _;
use serde_json::{json, Value};
use tower::ServiceExt as _;

const PK: &str = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";
const SK: &str = "sk_live_loopback_secret";
const KID: &str = "ins_loopback";

fn token_with_kid(kid: &str) -> String {
    jwt::sign(
        jwt::key(),
        &jwt::session_header(kid),
        &jwt::session_claims(),
    )
}

fn token() -> String {
    token_with_kid(KID)
}

/// Counts the calls the fake Backend API received.
#[derive(Default)]
struct Calls {
    jwks: AtomicUsize,
    users: AtomicUsize,
}

fn authorized(headers: &HeaderMap) -> bool {
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("Bearer {SK}"))
}

fn key_invalid() -> axum::response::Response {
    let body = json!({"errors": [{"code": "clerk_key_invalid", "message": "Secret key invalid",
        "long_message": "The provided secret key is invalid."}]});
    (StatusCode::UNAUTHORIZED, Json(body)).into_response()
}

/// A Backend API on 127.0.0.1 serving `/v1/jwks` and `/v1/users/{id}`; returns its base URL.
async fn fake_bapi(calls: Arc<Calls>) -> String {
    let public = key().to_public_key();
    let jwks = json!({"keys": [{
        "kid": KID, "kty": "RSA", "alg": "RS256", "use": "sig",
        "n": URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
        "e": URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()),
    }]});
    let app =
        Router::new()
            .route(
                "/v1/jwks",
                get(move |State(calls): State<Arc<Calls>>, headers: HeaderMap| {
                    let jwks = jwks.clone();
                    async move {
                        calls.jwks.fetch_add(1, Ordering::SeqCst);
                        if authorized(&headers) {
                            Json(jwks).into_response()
                        } else {
                            key_invalid()
                        }
                    }
                }),
            )
            .route(
                "/v1/users/{id}",
                get(
                    |State(calls): State<Arc<Calls>>,
                     Path(id): Path<String>,
                     headers: HeaderMap| async move {
                        calls.users.fetch_add(1, Ordering::SeqCst);
                        if !authorized(&headers) {
                            return key_invalid();
                        }
                        Json(json!({"id": id, "object": "user", "first_name": "Ada"}))
                            .into_response()
                    },
                ),
            )
            .with_state(calls);
    loopback::serve(app).await
}

fn clerk(api_url: &str, secret: &str, load_user: bool) -> Clerk {
    let (api_url, secret) = (api_url.to_owned(), secret.to_owned());
    let mut config = ClerkConfig::from_sources(None, |name| match name {
        "CLERK_PUBLISHABLE_KEY" => Some(PK.to_owned()),
        "CLERK_SECRET_KEY" => Some(secret.clone()),
        "CLERK_API_URL" => Some(api_url.clone()),
        _ => None,
    })
    .expect("valid configuration");
    config.load_user = load_user;
    Clerk::new(config).expect("valid Clerk")
}

/// The app under test: says who is signed in and why not.
fn app(clerk: &Clerk) -> Router {
    Router::new()
        .route(
            "/",
            get(|auth: Auth| async move {
                format!(
                    "{}|{}",
                    auth.user_id().unwrap_or("-"),
                    auth.reason().map_or_else(|| "-".into(), |r| r.to_string())
                )
            }),
        )
        .route(
            "/me",
            get(|auth: SignedInAuth| async move { auth.user_id().to_owned() }),
        )
        .route(
            "/user",
            get(|user: Option<SessionUser>| async move {
                user.and_then(|u| u.0.first_name.clone())
                    .unwrap_or_else(|| "-".into())
            }),
        )
        .layer(clerk.layer())
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn get_with(path: &str, headers: &[(&str, String)]) -> Request<Body> {
    let mut builder = Request::builder().uri(path);
    for (name, value) in headers {
        builder = builder.header(*name, value);
    }
    builder.body(Body::empty()).expect("valid request")
}

fn header<'a>(answer: &'a Answer, name: &str) -> Option<&'a str> {
    answer.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn signed_in_with_the_session_cookie() {
    let calls = Arc::new(Calls::default());
    let app = app(&clerk(&fake_bapi(Arc::clone(&calls)).await, SK, false));
    let answer = send(
        &app,
        get_with(
            "/",
            &[(
                "cookie",
                format!(
                    "theme=dark; __session={}; __client_uat={}",
                    token(),
                    now() - 100
                ),
            )],
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, "user_1|-");
    assert_eq!(header(&answer, "x-clerk-auth-status"), None);
}

#[tokio::test]
async fn signed_in_with_a_bearer_token() {
    let calls = Arc::new(Calls::default());
    let app = app(&clerk(&fake_bapi(Arc::clone(&calls)).await, SK, false));
    let answer = send(
        &app,
        get_with("/", &[("authorization", format!("Bearer {}", token()))]),
    )
    .await;
    assert_eq!(answer.body, "user_1|-");
    // The header wins over the cookie, as in Clerk.
    let answer = send(
        &app,
        get_with(
            "/",
            &[
                ("authorization", token()),
                ("cookie", "__session=garbage".into()),
            ],
        ),
    )
    .await;
    assert_eq!(answer.body, "user_1|-");
}

#[tokio::test]
async fn garbage_is_signed_out_with_a_reason_never_an_error() {
    let calls = Arc::new(Calls::default());
    let app = app(&clerk(&fake_bapi(Arc::clone(&calls)).await, SK, false));
    let answer = send(
        &app,
        get_with(
            "/",
            &[(
                "cookie",
                format!("__session=not.a.jwt; ;;==; __client_uat={}", now() - 100),
            )],
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, "-|token-invalid");
    assert_eq!(header(&answer, "x-clerk-auth-status"), Some("signed-out"));
    assert_eq!(
        header(&answer, "x-clerk-auth-reason"),
        Some("token-invalid")
    );

    let answer = send(&app, get_with("/", &[])).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, "-|session-token-and-uat-missing");

    let answer = send(
        &app,
        get_with("/", &[("authorization", "Basic dXNlcjpwdw==".into())]),
    )
    .await;
    assert_eq!(
        answer.body, "-|session-token-and-uat-missing",
        "other schemes are ignored"
    );
}

/// A handler that takes `SignedInAuth` runs for a signed-in caller only; a signed-out one gets
/// an API's answer (401, JSON with the reason, `WWW-Authenticate`), never the handler.
#[tokio::test]
async fn a_signed_in_auth_handler_answers_signed_out_callers_401_with_the_reason() {
    let calls = Arc::new(Calls::default());
    let app = app(&clerk(&fake_bapi(Arc::clone(&calls)).await, SK, false));
    let answer = send(
        &app,
        get_with("/me", &[("authorization", format!("Bearer {}", token()))]),
    )
    .await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (StatusCode::OK, "user_1")
    );

    let answer = send(
        &app,
        get_with("/me", &[("authorization", "Bearer not.a.jwt".into())]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(header(&answer, "www-authenticate"), Some("Bearer"));
    assert_eq!(header(&answer, "content-type"), Some("application/json"));
    let body: Value = serde_json::from_str(&answer.body).expect("JSON");
    assert_eq!(body["error"], "signed_out");
    assert_eq!(body["token_type"], "session_token");
    assert_eq!(body["reason"], "token-invalid");

    let answer = send(&app, get_with("/me", &[])).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(
        answer.body.contains("session-token-and-uat-missing"),
        "{}",
        answer.body
    );

    let without_layer = Router::new().route(
        "/me",
        get(|auth: SignedInAuth| async move { auth.user_id().to_owned() }),
    );
    let answer = send(&without_layer, get_with("/me", &[])).await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn a_missing_layer_names_the_fix() {
    let app = Router::new().route(
        "/",
        get(|auth: Auth| async move { format!("{:?}", auth.user_id()) }),
    );
    let answer = send(&app, get_with("/", &[])).await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        answer.body,
        "Clerk auth not found on this request: add `ClerkLayer` to the router (see README, Setup)"
    );
}

#[tokio::test]
async fn the_jwks_is_fetched_once_for_many_requests() {
    let calls = Arc::new(Calls::default());
    let app = app(&clerk(&fake_bapi(Arc::clone(&calls)).await, SK, false));
    let mut pending = Vec::new();
    for _ in 0..4 {
        let app = app.clone();
        pending.push(tokio::spawn(async move {
            send(
                &app,
                get_with(
                    "/",
                    &[(
                        "cookie",
                        format!("__session={}; __client_uat={}", token(), now() - 100),
                    )],
                ),
            )
            .await
            .body
        }));
    }
    for task in pending {
        assert_eq!(task.await.expect("request task"), "user_1|-");
    }
    for _ in 0..3 {
        let answer = send(
            &app,
            get_with("/", &[("authorization", format!("Bearer {}", token()))]),
        )
        .await;
        assert_eq!(answer.body, "user_1|-");
    }
    assert_eq!(calls.jwks.load(Ordering::SeqCst), 1);

    // Made-up kids right after a fetch do not make the layer fetch again.
    for _ in 0..3 {
        let answer = send(
            &app,
            get_with("/", &[("authorization", token_with_kid("ins_forged"))]),
        )
        .await;
        assert_eq!(answer.body, "-|jwk-kid-mismatch");
    }
    assert_eq!(calls.jwks.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_wrong_secret_key_is_reported() {
    let calls = Arc::new(Calls::default());
    let app = app(&clerk(
        &fake_bapi(Arc::clone(&calls)).await,
        "sk_live_wrong",
        false,
    ));
    let answer = send(&app, get_with("/", &[("authorization", token())])).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, "-|secret-key-invalid");
}

#[tokio::test]
async fn an_unreachable_backend_api_is_signed_out() {
    // Nothing listens on port 9 (discard) of loopback.
    let app = app(&clerk("http://127.0.0.1:9", SK, false));
    let answer = send(&app, get_with("/", &[("authorization", token())])).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, "-|jwk-remote-failed-to-load");
}

#[tokio::test]
async fn page_loads_get_the_user_once_per_burst() {
    let calls = Arc::new(Calls::default());
    let app = app(&clerk(&fake_bapi(Arc::clone(&calls)).await, SK, true));
    let page = || {
        get_with(
            "/user",
            &[
                ("sec-fetch-dest", "document".into()),
                (
                    "cookie",
                    format!("__session={}; __client_uat={}", token(), now() - 100),
                ),
            ],
        )
    };
    assert_eq!(send(&app, page()).await.body, "Ada");
    assert_eq!(send(&app, page()).await.body, "Ada");
    assert_eq!(calls.users.load(Ordering::SeqCst), 1);

    // Not a page load (a fetch): no user.
    let fetch = get_with(
        "/user",
        &[
            ("sec-fetch-dest", "empty".into()),
            (
                "cookie",
                format!("__session={}; __client_uat={}", token(), now() - 100),
            ),
        ],
    );
    assert_eq!(send(&app, fetch).await.body, "-");
}

#[tokio::test]
async fn clerk_authenticates_parts_directly() {
    let calls = Arc::new(Calls::default());
    let clerk = clerk(&fake_bapi(Arc::clone(&calls)).await, SK, false);
    let parts = signed_in_parts();
    let auth = clerk.authenticate_request(&parts).await.auth;
    assert!(auth.is_signed_in());
    assert_eq!(auth.get_token().await, Some(token_value(&parts)));
    let claims: Value = auth.session_claims().expect("claims").raw().clone();
    assert_eq!(claims["sid"], json!("sess_1"));
}

/// `get_token()` while rendering on the server: the request's own token, and an error for another
/// organization than the request's (only clerk-js can make that one) or a template.
#[tokio::test]
async fn get_token_on_the_server_is_the_requests_token_for_its_organization_only() {
    use leptos::prelude::{provide_context, Owner};
    use leptos::reactive::computed::ScopedFuture;
    use leptos_clerk::{get_token, GetTokenOptions, TokenError};

    let calls = Arc::new(Calls::default());
    let clerk = clerk(&fake_bapi(Arc::clone(&calls)).await, SK, false);
    let mut parts = signed_in_parts();
    let expected = token_value(&parts);
    let auth = clerk.authenticate_request(&parts).await.auth;
    assert_eq!(auth.org_id(), None, "the token names no organization");
    parts.extensions.insert(auth);
    let owner = Owner::new();
    owner.with(|| provide_context(parts));
    let token_for = |options: GetTokenOptions| owner.with(|| ScopedFuture::new(get_token(options)));

    assert_eq!(
        token_for(GetTokenOptions::default()).await,
        Ok(Some(expected.clone()))
    );
    // `""` is the personal account, which is the request's here.
    let personal = GetTokenOptions {
        organization_id: Some(String::new()),
        skip_cache: true,
        ..GetTokenOptions::default()
    };
    assert_eq!(token_for(personal).await, Ok(Some(expected)));
    // What only clerk-js or the Backend API makes is an error that says so, not "signed out".
    let other_org = GetTokenOptions {
        organization_id: Some("org_other".into()),
        ..GetTokenOptions::default()
    };
    let template = GetTokenOptions::template("supabase");
    for options in [other_org, template] {
        let error = token_for(options)
            .await
            .expect_err("not the server's to make");
        assert!(matches!(error, TokenError::NotOnTheServer(_)), "{error}");
    }
    // Outside a request (no auth in the context): nobody is signed in.
    let no_request = Owner::new();
    let outside = no_request.with(|| ScopedFuture::new(get_token(GetTokenOptions::default())));
    assert_eq!(outside.await, Ok(None));
}

/// A page request with a valid session cookie, as `Parts`.
fn signed_in_parts() -> axum::http::request::Parts {
    Request::builder()
        .uri("/")
        .header(
            "cookie",
            format!("__session={}; __client_uat={}", token(), now() - 100),
        )
        .body(())
        .expect("valid request")
        .into_parts()
        .0
}

fn token_value(parts: &axum::http::request::Parts) -> String {
    parts
        .headers
        .get("cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("__session="))
        .and_then(|v| v.split(';').next())
        .unwrap_or_default()
        .to_owned()
}
