//! Issue 10, finding 8: nobody who merely reaches the port can sign in as anyone. The codes are
//! readable by tests only (the secret key), a code dies after three wrong entries, and wrong
//! passwords are rate limited per account.

use reqwest::StatusCode;

use crate::support::{Browser, Server, EMAIL, PASSWORD};

/// Starts an email-code sign-in for the seeded user; returns the attempt path.
async fn code_sign_in(browser: &mut Browser) -> String {
    let id = browser.start_email_code_sign_in().await;
    format!("/__clerk/v1/client/sign_ins/{id}/attempt_first_factor")
}

fn wrong(code: &str) -> &'static str {
    if code == "000000" {
        "111111"
    } else {
        "000000"
    }
}

#[tokio::test]
async fn the_codes_route_answers_only_with_the_secret_key() {
    let server = Server::start().await;
    let mut browser = server.browser();
    code_sign_in(&mut browser).await;
    let url = format!("{}/__clerk_local/test/codes?email={EMAIL}", server.base);
    let http = reqwest::Client::new();
    for key in [None, Some("sk_live_wrong"), Some("")] {
        let mut request = http.get(&url);
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{key:?}");
        let body = response.text().await.unwrap();
        assert!(body.contains("clerk_key_invalid"), "{body}");
    }
    assert!(server.latest_code(EMAIL).await.is_some());
}

#[tokio::test]
async fn a_code_dies_after_three_wrong_attempts() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let path = code_sign_in(&mut browser).await;
    let code = server.latest_code(EMAIL).await.unwrap();
    for expected in [
        "form_code_incorrect",
        "form_code_incorrect",
        "verification_failed",
    ] {
        let refused = browser
            .post(&path, &[("strategy", "email_code"), ("code", wrong(&code))])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.body["errors"][0]["code"], expected);
    }
    // The right code no longer works, and the test route no longer hands it out.
    let refused = browser
        .post(&path, &[("strategy", "email_code"), ("code", &code)])
        .await;
    assert_eq!(refused.body["errors"][0]["code"], "verification_failed");
    assert_eq!(server.latest_code(EMAIL).await, None);
    // A new code does.
    let path = code_sign_in(&mut browser).await;
    let code = server.latest_code(EMAIL).await.unwrap();
    let done = browser
        .post(&path, &[("strategy", "email_code"), ("code", &code)])
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
}

#[tokio::test]
async fn wrong_passwords_are_rate_limited_per_account() {
    let server = Server::start().await;
    let mut attacker = server.browser();
    for _ in 0..3 {
        let refused = attacker.try_sign_in("guess").await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.body["errors"][0]["code"], "form_password_incorrect");
    }
    // The fourth try is not even checked, whichever browser makes it, in one step or two.
    let limited = attacker.try_sign_in(PASSWORD).await;
    assert_eq!(
        limited.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        limited.body
    );
    assert_eq!(limited.body["errors"][0]["code"], "too_many_requests");
    let wait: u64 = limited.retry_after.unwrap().parse().unwrap();
    assert!((1..=10).contains(&wait), "{wait}");

    let mut other = server.browser();
    let created = other
        .post("/__clerk/v1/client/sign_ins", &[("identifier", EMAIL)])
        .await;
    let id = created.body["response"]["id"].as_str().unwrap();
    let limited = other
        .post(
            &format!("/__clerk/v1/client/sign_ins/{id}/attempt_first_factor"),
            &[("strategy", "password"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(other.cookies.get("__client_uat").is_none_or(|v| v == "0"));
}
