//! Multi-factor authentication: an authenticator app (TOTP) set up from `/v1/me/totp`, then
//! asked for after the password; backup codes; the `fva` claim; the Backend API removing it;
//! reverification with the second factor.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::support::{app_code, verify_jwt, Answer, Browser, Server, EMAIL};

async fn mfa_server() -> Server {
    Server::start_edited(|config| config.mfa = true).await
}

/// Signs the seeded user in and sets up an authenticator app as `<UserProfile/>` does; returns
/// (secret, backup codes, session id).
async fn enrol(browser: &mut Browser) -> (String, Vec<String>, String) {
    let (secret, sid) = start_enrolment(browser).await;
    (
        secret.clone(),
        finish_enrolment(browser, &secret).await,
        sid,
    )
}

/// Signs in and asks for a new TOTP; returns (secret, session id).
async fn start_enrolment(browser: &mut Browser) -> (String, String) {
    let sid = browser.sign_in_session_id().await;
    let created = browser.post("/__clerk/v1/me/totp", &[]).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let totp = &created.body["response"];
    assert_eq!(totp["object"], "totp");
    assert_eq!(totp["verified"], false);
    assert_eq!(totp["backup_codes"], Value::Null);
    assert!(totp["id"].as_str().unwrap().starts_with("totp_"));
    let secret = totp["secret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 32);
    let uri = totp["uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/Test%20App:ada%40example.com?secret="));
    assert!(uri.contains(&secret));
    (secret, sid)
}

const VERIFY_TOTP: &str = "/__clerk/v1/me/totp/attempt_verification";

/// Verifies the pending TOTP with the app's code; returns the backup codes.
async fn finish_enrolment(browser: &mut Browser, secret: &str) -> Vec<String> {
    let verified = browser
        .post(VERIFY_TOTP, &[("code", &app_code(secret).await)])
        .await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.body);
    let totp = &verified.body["response"];
    assert_eq!(totp["verified"], true);
    assert_eq!(totp["secret"], Value::Null);
    let codes: Vec<String> = totp["backup_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    let user = &verified.body["client"]["sessions"][0]["user"];
    assert_eq!(
        (
            &user["totp_enabled"],
            &user["backup_code_enabled"],
            &user["two_factor_enabled"]
        ),
        (&json!(true), &json!(true), &json!(true))
    );
    codes
}

/// A password sign-in in a fresh browser that stops at the second factor; returns the browser
/// and the sign-in's id.
async fn sign_in_to_second_factor(server: &Server) -> (Browser, String) {
    let mut browser = server.browser();
    let answer = browser.sign_in().await;
    let sign_in = &answer.body["response"];
    assert_eq!(sign_in["status"], "needs_second_factor");
    assert_eq!(
        sign_in["supported_second_factors"],
        json!([{ "strategy": "totp" }, { "strategy": "backup_code" }])
    );
    assert_eq!(sign_in["first_factor_verification"]["status"], "verified");
    assert_eq!(sign_in["created_session_id"], Value::Null);
    assert_eq!(answer.body["client"]["sessions"], json!([]));
    let id = sign_in["id"].as_str().unwrap().to_owned();
    (browser, id)
}

async fn attempt_second_factor(
    browser: &mut Browser,
    id: &str,
    strategy: &str,
    code: &str,
) -> Answer {
    browser
        .post(
            &format!("/__clerk/v1/client/sign_ins/{id}/attempt_second_factor"),
            &[("strategy", strategy), ("code", code)],
        )
        .await
}

async fn token_claims(browser: &mut Browser, sid: &str) -> Value {
    let jwks = browser.get("/__clerk/v1/jwks").await.body;
    let token = browser
        .post(&format!("/__clerk/v1/client/sessions/{sid}/tokens"), &[])
        .await;
    verify_jwt(token.body["jwt"].as_str().unwrap(), &jwks).1
}

#[tokio::test]
async fn the_environment_offers_an_authenticator_app_and_backup_codes() {
    let server = mfa_server().await;
    let env = server.browser().get("/__clerk/v1/environment").await.body;
    let attributes = &env["user_settings"]["attributes"];
    assert_eq!(attributes["authenticator_app"]["enabled"], true);
    assert_eq!(
        attributes["authenticator_app"]["second_factors"],
        json!(["totp"])
    );
    assert_eq!(
        attributes["backup_code"]["second_factors"],
        json!(["backup_code"])
    );
    assert_eq!(attributes["backup_code"]["used_for_second_factor"], true);

    let off = Server::start().await;
    let env = off.browser().get("/__clerk/v1/environment").await.body;
    assert_eq!(
        env["user_settings"]["attributes"]["authenticator_app"]["enabled"],
        false
    );
}

#[tokio::test]
async fn removing_the_app_from_the_profile_turns_two_step_verification_off() {
    let server = mfa_server().await;
    let mut browser = server.browser();
    enrol(&mut browser).await;
    let removed = browser
        .post("/__clerk/v1/me/totp?_method=DELETE", &[])
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    assert_eq!(removed.body["response"]["object"], "totp");
    assert_eq!(removed.body["response"]["deleted"], true);
    let user = &removed.body["client"]["sessions"][0]["user"];
    assert_eq!(
        (&user["totp_enabled"], &user["backup_code_enabled"]),
        (&json!(false), &json!(false))
    );
    let answer = server.browser().sign_in().await;
    assert_eq!(answer.body["response"]["status"], "complete");

    // An instance without `mfa` does not let anyone add an app.
    let off = Server::start().await;
    let mut browser = off.browser();
    browser.sign_in().await;
    let refused = browser.post("/__clerk/v1/me/totp", &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn after_enrolment_a_sign_in_needs_the_app_code() {
    let server = mfa_server().await;
    let mut first = server.browser();
    let (secret, _, sid) = enrol(&mut first).await;
    // The session that set the app up has just proved it.
    assert_eq!(token_claims(&mut first, &sid).await["fva"], json!([0, 0]));

    let (mut browser, id) = sign_in_to_second_factor(&server).await;
    let wrong = attempt_second_factor(&mut browser, &id, "totp", "123456").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.body["errors"][0]["code"], "form_code_incorrect");
    assert_eq!(wrong.body["errors"][0]["meta"]["param_name"], "code");

    let code = app_code(&secret).await;
    let done = attempt_second_factor(&mut browser, &id, "totp", &code).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    // A code is good once (RFC 6238 §5.2): seen by another sign-in within its 30 s, it is wrong.
    let (mut replay, replay_id) = sign_in_to_second_factor(&server).await;
    let replayed = attempt_second_factor(&mut replay, &replay_id, "totp", &code).await;
    assert_eq!(replayed.body["errors"][0]["code"], "form_code_incorrect");
    let sign_in = &done.body["response"];
    assert_eq!(sign_in["status"], "complete");
    assert_eq!(sign_in["second_factor_verification"]["strategy"], "totp");
    let sid = sign_in["created_session_id"].as_str().unwrap().to_owned();
    assert_eq!(
        done.body["client"]["sessions"][0]["factor_verification_age"],
        json!([0, 0])
    );
    assert_eq!(token_claims(&mut browser, &sid).await["fva"], json!([0, 0]));

    // A user without an app keeps -1 for the second factor.
    let plain = Server::start().await;
    let mut browser = plain.browser();
    let sid = browser.sign_in_session_id().await;
    assert_eq!(
        token_claims(&mut browser, &sid).await["fva"],
        json!([0, -1])
    );
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn a_backup_code_signs_in_once_and_three_wrong_codes_end_the_attempt() {
    let server = mfa_server().await;
    let (_, codes, _) = enrol(&mut server.browser()).await;

    let (mut browser, id) = sign_in_to_second_factor(&server).await;
    let done = attempt_second_factor(&mut browser, &id, "backup_code", &codes[0]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(
        done.body["response"]["second_factor_verification"]["strategy"],
        "backup_code"
    );

    let (mut browser, id) = sign_in_to_second_factor(&server).await;
    let used = attempt_second_factor(&mut browser, &id, "backup_code", &codes[0]).await;
    assert_eq!(used.body["errors"][0]["code"], "form_code_incorrect");
    let wrong = attempt_second_factor(&mut browser, &id, "backup_code", "nope1234").await;
    assert_eq!(wrong.body["errors"][0]["code"], "form_code_incorrect");
    let third = attempt_second_factor(&mut browser, &id, "backup_code", "nope5678").await;
    assert_eq!(third.body["errors"][0]["code"], "verification_failed");
    // Void now, even with a good code (or throttled: the account took three wrong codes).
    let after = attempt_second_factor(&mut browser, &id, "backup_code", &codes[1]).await;
    assert_ne!(after.status, StatusCode::OK, "{}", after.body);
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn the_backend_api_removes_the_app_and_regenerated_codes_replace_the_old() {
    let server = mfa_server().await;
    let mut browser = server.browser();
    let (secret, _) = start_enrolment(&mut browser).await;
    let wrong = browser.post(VERIFY_TOTP, &[("code", "000000")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.body["errors"][0]["code"], "form_code_incorrect");
    let old_codes = finish_enrolment(&mut browser, &secret).await;

    let regenerated = browser.post("/__clerk/v1/me/backup_codes/", &[]).await;
    assert_eq!(regenerated.status, StatusCode::OK, "{}", regenerated.body);
    assert_eq!(regenerated.body["response"]["object"], "backup_code");
    let new_codes = regenerated.body["response"]["codes"].as_array().unwrap();
    assert_eq!(new_codes.len(), 10);

    let (status, users) = server
        .api(
            Method::GET,
            &format!("/v1/users?email_address={EMAIL}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let user_id = users[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(users[0]["two_factor_enabled"], true);
    assert!(users[0]["mfa_enabled_at"].is_i64());

    let verify = format!("/v1/users/{user_id}/verify_totp");
    let (status, body) = server
        .api(Method::POST, &verify, Some(json!({ "code": old_codes[0] })))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = server
        .api(
            Method::POST,
            &verify,
            Some(json!({ "code": app_code(&secret).await })),
        )
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({ "verified": true, "code_type": "totp" })
        )
    );

    let (status, body) = server
        .api(Method::DELETE, &format!("/v1/users/{user_id}/totp"), None)
        .await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({ "user_id": user_id }))
    );
    let (_, user) = server
        .api(Method::GET, &format!("/v1/users/{user_id}"), None)
        .await;
    assert_eq!(
        (
            &user["totp_enabled"],
            &user["backup_code_enabled"],
            &user["two_factor_enabled"]
        ),
        (&json!(false), &json!(false), &json!(false))
    );
    assert!(user["mfa_disabled_at"].is_i64());
    // One step again.
    let answer = server.browser().sign_in().await;
    assert_eq!(answer.body["response"]["status"], "complete");

    let (status, body) = server
        .api(Method::DELETE, &format!("/v1/users/{user_id}/mfa"), None)
        .await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({ "user_id": user_id }))
    );
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn the_backend_api_creates_a_user_with_an_app_and_backup_codes() {
    let server = mfa_server().await;
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let (email, password) = ("grace@example.com", "cobol-compiler-1959");
    let (status, user) = server
        .api(
            Method::POST,
            "/v1/users",
            Some(json!({
                "email_address": [email], "password": password,
                "totp_secret": secret, "backup_codes": ["abcd1234", "efgh5678"],
            })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{user}");
    assert_eq!(
        (&user["totp_enabled"], &user["backup_code_enabled"]),
        (&json!(true), &json!(true))
    );
    let (status, _) = server
        .api(
            Method::POST,
            "/v1/users",
            Some(json!({ "email_address": ["x@example.com"], "totp_secret": "not base32!" })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    for (strategy, code) in [
        ("totp", app_code(secret).await),
        ("backup_code", "EFGH5678".into()),
    ] {
        let mut browser = server.browser();
        let form = [
            ("identifier", email),
            ("strategy", "password"),
            ("password", password),
        ];
        let started = browser.post("/__clerk/v1/client/sign_ins", &form).await;
        assert_eq!(started.body["response"]["status"], "needs_second_factor");
        let id = started.body["response"]["id"].as_str().unwrap().to_owned();
        let done = attempt_second_factor(&mut browser, &id, strategy, &code).await;
        assert_eq!(done.body["response"]["status"], "complete", "{}", done.body);
    }
}

#[tokio::test]
async fn reverification_asks_a_user_with_an_app_for_its_code() {
    let server = mfa_server().await;
    let mut browser = server.browser();
    let (secret, _, sid) = enrol(&mut browser).await;

    // Age the session (sign-in and second factor) by 20 minutes on disk, then restart.
    let cookies = browser.cookies.clone();
    let server = server
        .restart_with_sessions_aged(&["created_at", "second_factor_verified_at"], 20, |config| {
            config.mfa = true
        })
        .await;
    let mut browser = server.browser();
    browser.cookies = cookies;
    assert_eq!(
        token_claims(&mut browser, &sid).await["fva"],
        json!([20, 20])
    );

    let change = [("new_password", "brand-new-password-1")];
    let refused = browser
        .post("/__clerk/v1/me/change_password", &change)
        .await;
    assert_eq!(
        refused.body["errors"][0]["code"],
        "session_reverification_required"
    );
    // Clerk UI's default level: a user with an app goes straight to it.
    let verify = format!("/__clerk/v1/client/sessions/{sid}/verify");
    let started = browser.post(&verify, &[("level", "second_factor")]).await;
    let response = &started.body["response"];
    assert_eq!(response["status"], "needs_second_factor");
    assert_eq!(
        response["supported_second_factors"],
        json!([{ "strategy": "totp" }, { "strategy": "backup_code" }])
    );
    let attempt = format!("{verify}/attempt_second_factor");
    let wrong = browser
        .post(&attempt, &[("strategy", "totp"), ("code", "000000")])
        .await;
    assert_eq!(wrong.body["errors"][0]["code"], "form_code_incorrect");
    let done = browser
        .post(
            &attempt,
            &[("strategy", "totp"), ("code", &app_code(&secret).await)],
        )
        .await;
    assert_eq!(done.body["response"]["status"], "complete", "{}", done.body);
    assert_eq!(
        done.body["response"]["session"]["factor_verification_age"],
        json!([20, 0])
    );
    let changed = browser
        .post("/__clerk/v1/me/change_password", &change)
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);

    // `multi_factor`: the password first, then the app.
    let started = browser.post(&verify, &[("level", "multi_factor")]).await;
    assert_eq!(started.body["response"]["status"], "needs_first_factor");
    let first = browser
        .post(
            &format!("{verify}/attempt_first_factor"),
            &[
                ("strategy", "password"),
                ("password", "brand-new-password-1"),
            ],
        )
        .await;
    assert_eq!(first.body["response"]["status"], "needs_second_factor");
    let prepared = browser
        .post(
            &format!("{verify}/prepare_second_factor"),
            &[("strategy", "totp")],
        )
        .await;
    assert_eq!(prepared.body["response"]["status"], "needs_second_factor");
    server.assert_nothing_unhandled().await;
}
