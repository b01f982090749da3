//! Reverification: an old session must prove a first factor again before changing the password.

use reqwest::StatusCode;

use crate::support::{verify_jwt, Server, EMAIL, PASSWORD};

#[tokio::test]
async fn an_old_session_reverifies_before_changing_the_password() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let sid = browser.sign_in().await.body["response"]["created_session_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Age the session by 20 minutes on disk, then restart.
    let cookies = browser.cookies.clone();
    let server = server
        .restart_with_sessions_aged(&["created_at"], 20, |_| {})
        .await;
    let mut browser = server.browser();
    browser.cookies = cookies;

    let jwks = browser.get("/__clerk/v1/jwks").await.body;
    let token = browser
        .post(&format!("/__clerk/v1/client/sessions/{sid}/tokens"), &[])
        .await;
    let (_, claims) = verify_jwt(token.body["jwt"].as_str().unwrap(), &jwks);
    assert_eq!(claims["fva"][0], 20);

    let change = [("new_password", "brand-new-password-1")];
    let refused = browser
        .post("/__clerk/v1/me/change_password", &change)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        refused.body["errors"][0]["code"],
        "session_reverification_required"
    );

    // What Clerk UI's reverification modal does.
    let started = browser
        .post(
            &format!("/__clerk/v1/client/sessions/{sid}/verify"),
            &[("level", "first_factor")],
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    assert_eq!(started.body["response"]["object"], "session_verification");
    assert_eq!(started.body["response"]["status"], "needs_first_factor");
    assert_eq!(
        started.body["response"]["supported_first_factors"][1]["safe_identifier"],
        EMAIL
    );
    let attempt = format!("/__clerk/v1/client/sessions/{sid}/verify/attempt_first_factor");
    let wrong = browser
        .post(
            &attempt,
            &[("strategy", "password"), ("password", "not-it")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let verified = browser
        .post(
            &attempt,
            &[("strategy", "password"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(verified.body["response"]["status"], "complete");
    assert_eq!(
        verified.body["response"]["session"]["factor_verification_age"][0],
        0
    );

    let changed = browser
        .post("/__clerk/v1/me/change_password", &change)
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    server.assert_nothing_unhandled().await;
}
