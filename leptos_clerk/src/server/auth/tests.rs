use serde_json::{json, Value};

use super::*;
use crate::server::tokens::TokenVerificationErrorReason;

fn backend() -> ClerkClient {
    ClerkClient::new("http://127.0.0.1:9", "sk_test_unused")
}

fn auth(claims: Value) -> Auth {
    Auth::signed_in(
        SessionClaims::from_json(claims).expect("valid claims"),
        "token".into(),
        true,
        backend(),
    )
}

/// The token the spec checked `has()` against with `@clerk/backend`.
fn org_admin() -> Auth {
    auth(json!({
        "sub": "user_1", "sid": "sess_1", "exp": 1, "v": 2, "fva": [0, -1],
        "fea": "o:dashboard,o:teams,u:beta", "pla": "o:pro",
        "o": {"id": "org_1", "slg": "acme", "rol": "admin", "per": "manage,read", "fpm": "3,2"}
    }))
}

#[test]
fn has_matches_clerks_vectors() {
    let a = org_admin();
    assert!(a.has(&Check::role("org:admin")));
    assert!(a.has(&Check::role("admin")));
    assert!(a.has(&Check::permission("org:teams:read")));
    assert!(a.has(&Check::permission("teams:read")));
    assert!(!a.has(&Check::permission("org:teams:manage")));
    assert!(!a.has(&Check::role("org:admin").and_permission("org:teams:manage")));
    assert!(a.has(&Check::role("org:admin").and_permission("org:dashboard:manage")));
    assert!(a.has(&Check::feature("dashboard")));
    assert!(a.has(&Check::feature("user:beta")));
    assert!(!a.has(&Check::feature("org:beta")));
    assert!(!a.has(&Check::feature("team:dashboard")));
    assert!(a.has(&Check::plan("pro")));
    assert!(!a.has(&Check::plan("user:pro")));
    assert!(!a.has(&Check::default()));
}

#[test]
fn role_checks_need_an_active_organization() {
    let no_org = auth(json!({"sub": "user_1", "exp": 1, "v": 2}));
    assert!(!no_org.has(&Check::role("admin")));
    assert!(!no_org.has(&Check::permission("org:teams:read")));
}

#[test]
fn signed_out_has_nothing() {
    let out = Auth::signed_out(AuthReason::SessionTokenAndUatMissing);
    assert!(!out.is_signed_in());
    assert!(!out.has(&Check::role("admin")));
    assert_eq!(
        out.reason().map(|r| r.to_string()).as_deref(),
        Some("session-token-and-uat-missing")
    );
    let rejected = Auth::signed_out(TokenVerificationErrorReason::TokenExpired.into());
    assert_eq!(
        rejected.reason().map(|r| r.to_string()).as_deref(),
        Some("token-expired")
    );
    // A `match` on the variant reads the same answer from `SignedOutAuth` itself.
    let Auth::SignedOut(signed_out) = &rejected else {
        panic!("a rejected token is signed out");
    };
    assert_eq!(signed_out.reason(), rejected.reason());
    assert_eq!(signed_out.message(), rejected.message());
}

#[test]
fn fills_the_auth_object_like_to_auth() {
    let a = org_admin();
    assert!(a.is_signed_in());
    assert_eq!(a.user_id(), Some("user_1"));
    assert_eq!(a.session_id(), Some("sess_1"));
    assert_eq!(a.org_id(), Some("org_1"));
    assert_eq!(a.org_role().as_deref(), Some("org:admin"));
    assert_eq!(a.org_slug(), Some("acme"));
    let signed_in = a.as_signed_in().expect("signed in");
    assert_eq!(signed_in.user_id(), "user_1");
    assert_eq!(signed_in.factor_verification_age(), Some([0, -1]));
    assert_eq!(a.reason(), None);

    let snapshot = a.to_snapshot(None);
    assert_eq!(snapshot.user_id.as_deref(), Some("user_1"));
    assert_eq!(snapshot.org_permissions.map(|p| p.len()), Some(3));
    assert_eq!(
        snapshot.session_claims.map(|c| c["o"]["id"].clone()),
        Some(json!("org_1"))
    );
}

#[tokio::test]
async fn get_token_returns_the_requests_token() {
    assert_eq!(org_admin().get_token().await.as_deref(), Some("token"));
    assert!(
        !format!("{:?}", org_admin()).contains("\"token\""),
        "Debug hides the token"
    );
    assert_eq!(
        Auth::signed_out(AuthReason::SessionTokenMissing)
            .get_token()
            .await,
        None
    );
}

#[test]
fn pending_sessions_are_signed_out_by_default() {
    let claims = json!({"sub": "user_1", "sid": "sess_1", "exp": 1, "v": 2, "sts": "pending"});
    let pending = auth(claims.clone());
    assert!(!pending.is_signed_in());
    assert_eq!(pending.user_id(), None);
    assert_eq!(pending.session_status(), Some("pending"));
    assert_eq!(
        pending.to_snapshot(None).session_status.as_deref(),
        Some("pending")
    );

    let allowed = Auth::signed_in(
        SessionClaims::from_json(claims).expect("valid claims"),
        "token".into(),
        false,
        backend(),
    );
    assert!(allowed.is_signed_in());
}

/// `require_reverification`: a pass, or Clerk's hint answered 403 (in a server function through
/// `ResponseOptions`, in an axum handler as the response itself).
#[tokio::test]
async fn require_reverification_refuses_a_stale_session_with_clerks_hint_and_403() {
    use axum::response::IntoResponse;

    let signed_in = |fva: Value| {
        let claims = json!({"sub": "user_1", "sid": "sess_1", "exp": 1, "v": 2, "fva": fva});
        auth(claims).require_user().expect("signed in")
    };
    assert!(signed_in(json!([3, -1]))
        .require_reverification(Reverification::Strict)
        .is_ok());

    let owner = leptos::prelude::Owner::new();
    owner.set();
    let response_options = leptos_axum::ResponseOptions::default();
    leptos::prelude::provide_context(response_options.clone());
    let refused = signed_in(json!([12, -1]))
        .require_reverification(Reverification::Strict)
        .expect_err("12 minutes is past strict's 10");
    assert_eq!(refused, ReverificationRequired::new(Reverification::Strict));
    assert_eq!(
        response_options.0.read().unwrap().status,
        Some(http::StatusCode::FORBIDDEN)
    );

    let response = refused.into_response();
    assert_eq!(response.status(), http::StatusCode::FORBIDDEN);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body = axum::body::to_bytes(response.into_body(), 1024)
        .await
        .unwrap();
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        body,
        json!({"clerk_error": {"type": "forbidden", "reason": "reverification-error",
               "metadata": {"reverification": "strict"}}})
    );
}
