//! Loading clerk-js's environment and client, and signing in with a password.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::{set_cookie, Server, APP_NAME, EMAIL, PASSWORD};

#[tokio::test]
async fn environment_describes_a_production_email_password_instance() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let env = browser
        .get("/__clerk/v1/environment?__clerk_api_version=2025-11-10&_clerk_js_version=6.40.0")
        .await;
    assert_eq!(env.status, StatusCode::OK);
    let env = env.body;
    assert_eq!(env["object"], "environment");
    assert_eq!(env["display_config"]["application_name"], APP_NAME);
    assert_eq!(
        env["display_config"]["instance_environment_type"],
        "production"
    );
    assert_eq!(env["auth_config"]["single_session_mode"], true);
    assert_eq!(
        env["user_settings"]["attributes"]["email_address"]["enabled"],
        true
    );
    assert_eq!(
        env["user_settings"]["attributes"]["password"]["enabled"],
        true
    );
    assert_eq!(env["user_settings"]["sign_up"]["mode"], "public");
    assert!(env["commerce_settings"]["billing"].is_object());

    let client = browser.get("/__clerk/v1/client").await;
    assert_eq!(client.status, StatusCode::OK);
    assert_eq!(client.body, json!({ "response": null, "client": null }));
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn one_step_sign_in_creates_a_session_and_sets_the_client_cookies() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let answer = browser.sign_in().await;

    let sign_in = &answer.body["response"];
    assert_eq!(sign_in["object"], "sign_in_attempt");
    assert_eq!(sign_in["status"], "complete");
    let session_id = sign_in["created_session_id"].as_str().unwrap();
    let client = &answer.body["client"];
    assert_eq!(client["last_active_session_id"], session_id);
    let session = &client["sessions"][0];
    assert_eq!(session["id"], session_id);
    assert_eq!(session["status"], "active");
    assert_eq!(
        session["user"]["email_addresses"][0]["email_address"],
        EMAIL
    );
    assert!(session["last_active_token"]["jwt"]
        .as_str()
        .unwrap()
        .starts_with("ey"));

    let client_cookie = set_cookie(&answer, "__client").unwrap();
    assert!(client_cookie.contains("HttpOnly") && client_cookie.contains("Path=/"));
    assert!(client_cookie.contains("SameSite=Lax"));
    let uat = set_cookie(&answer, "__client_uat").unwrap();
    assert!(!uat.contains("HttpOnly"));
    assert!(browser.cookies["__client_uat"].parse::<i64>().unwrap() > 0);

    // The cookie is the browser's client from now on.
    let reloaded = browser.get("/__clerk/v1/client").await;
    assert_eq!(reloaded.body["response"]["sessions"][0]["id"], session_id);
    assert_eq!(reloaded.body["client"], json!(null));
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn two_step_sign_in_puts_the_new_session_inside_the_client() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let created = browser
        .post("/__clerk/v1/client/sign_ins", &[("identifier", EMAIL)])
        .await;
    assert_eq!(created.status, StatusCode::OK);
    let sign_in = &created.body["response"];
    assert_eq!(sign_in["status"], "needs_first_factor");
    assert!(sign_in["supported_first_factors"]
        .as_array()
        .unwrap()
        .contains(&json!({ "strategy": "password" })));
    let id = sign_in["id"].as_str().unwrap().to_owned();

    let fetched = browser
        .get(&format!("/__clerk/v1/client/sign_ins/{id}"))
        .await;
    assert_eq!(fetched.body["response"]["id"], id.as_str());
    let prepared = browser
        .post(
            &format!("/__clerk/v1/client/sign_ins/{id}/prepare_first_factor"),
            &[("strategy", "password")],
        )
        .await;
    assert_eq!(prepared.status, StatusCode::OK);

    let attempt = browser
        .post(
            &format!("/__clerk/v1/client/sign_ins/{id}/attempt_first_factor"),
            &[("strategy", "password"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(attempt.status, StatusCode::OK, "{}", attempt.body);
    assert_eq!(attempt.body["response"]["status"], "complete");
    let session_id = &attempt.body["response"]["created_session_id"];
    assert_eq!(&attempt.body["client"]["sessions"][0]["id"], session_id);
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn wrong_password_and_unknown_email_are_form_errors() {
    let server = Server::start().await;
    let mut browser = server.browser();

    let wrong = browser
        .post(
            "/__clerk/v1/client/sign_ins",
            &[
                ("identifier", EMAIL),
                ("strategy", "password"),
                ("password", "nope"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.body["errors"][0]["code"], "form_password_incorrect");
    assert_eq!(wrong.body["errors"][0]["meta"]["param_name"], "password");
    assert!(wrong.body["errors"][0]["message"].is_string());
    assert!(wrong.body["errors"][0]["long_message"].is_string());

    let created = browser
        .post("/__clerk/v1/client/sign_ins", &[("identifier", EMAIL)])
        .await;
    let id = created.body["response"]["id"].as_str().unwrap();
    let wrong = browser
        .post(
            &format!("/__clerk/v1/client/sign_ins/{id}/attempt_first_factor"),
            &[("strategy", "password"), ("password", "nope")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.body["errors"][0]["code"], "form_password_incorrect");

    let unknown = browser
        .post(
            "/__clerk/v1/client/sign_ins",
            &[("identifier", "nobody@example.com")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        unknown.body["errors"][0]["code"],
        "form_identifier_not_found"
    );
    assert_eq!(
        unknown.body["errors"][0]["meta"]["param_name"],
        "identifier"
    );
}

#[tokio::test]
async fn email_addresses_match_case_insensitively() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let answer = browser
        .post(
            "/__clerk/v1/client/sign_ins",
            &[
                ("identifier", &EMAIL.to_uppercase()),
                ("strategy", "password"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["response"]["status"], "complete");
}

#[tokio::test]
async fn a_signed_in_browser_cannot_sign_in_again_in_single_session_mode() {
    let server = Server::start().await;
    let mut browser = server.browser();
    browser.sign_in().await;
    let again = browser
        .post(
            "/__clerk/v1/client/sign_ins",
            &[
                ("identifier", EMAIL),
                ("strategy", "password"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(again.body["errors"][0]["code"], "session_exists");
}

#[tokio::test]
async fn email_code_sign_in_with_the_code_from_the_test_endpoint() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let id = browser.start_email_code_sign_in().await;
    let code = server.latest_code(EMAIL).await.unwrap();
    let attempt = |code: String| {
        let path = format!("/__clerk/v1/client/sign_ins/{id}/attempt_first_factor");
        (path, code)
    };
    let (path, wrong) = attempt(if code == "000000" { "111111" } else { "000000" }.into());
    let refused = browser
        .post(&path, &[("strategy", "email_code"), ("code", &wrong)])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["errors"][0]["code"], "form_code_incorrect");
    let done = browser
        .post(&path, &[("strategy", "email_code"), ("code", &code)])
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.body["response"]["status"], "complete");
    assert_eq!(
        done.body["response"]["first_factor_verification"]["strategy"],
        "email_code"
    );
    server.assert_nothing_unhandled().await;
}

/// `signIn.create({ identifier, password })`, as Clerk's custom-flow guides write it, sends no
/// `strategy`: the password is checked all the same.
#[tokio::test]
async fn a_password_without_a_strategy_is_the_password_strategy() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let wrong = browser
        .post(
            "/__clerk/v1/client/sign_ins",
            &[("identifier", EMAIL), ("password", "nope")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.body["errors"][0]["code"], "form_password_incorrect");

    let signed_in = browser
        .post(
            "/__clerk/v1/client/sign_ins",
            &[("identifier", EMAIL), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.body);
    assert_eq!(signed_in.body["response"]["status"], "complete");
    assert!(signed_in.body["response"]["created_session_id"].is_string());
}

/// An email code goes to the address the sign-in offered (`email_address_id`, as clerk-js sends
/// it from `supported_first_factors`): none, or another one, is refused and sends nothing.
#[tokio::test]
async fn an_email_code_goes_only_to_the_offered_address() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let created = browser
        .post("/__clerk/v1/client/sign_ins", &[("identifier", EMAIL)])
        .await;
    let id = created.body["response"]["id"].as_str().unwrap().to_owned();
    let prepare = format!("/__clerk/v1/client/sign_ins/{id}/prepare_first_factor");
    for (form, param) in [
        (vec![("strategy", "email_code")], "email_address_id"),
        (
            vec![
                ("strategy", "email_code"),
                ("email_address_id", "idn_someone_else"),
            ],
            "email_address_id",
        ),
    ] {
        let refused = browser.post(&prepare, &form).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        assert_eq!(refused.body["errors"][0]["meta"]["param_name"], param);
    }
    assert_eq!(server.latest_code(EMAIL).await, None, "no code was sent");
    let address = crate::support::email_code_address(&created.body["response"]);
    // A sign-in this browser does not hold is not found, whatever the form says.
    let elsewhere = "/__clerk/v1/client/sign_ins/sia_someone_elses/prepare_first_factor";
    for form in [
        vec![("strategy", "email_code"), ("email_address_id", &*address)],
        vec![("strategy", "email_code")],
    ] {
        let refused = browser.post(elsewhere, &form).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.body);
    }
    assert_eq!(server.latest_code(EMAIL).await, None, "no code was sent");
    let prepared = browser
        .post(
            &prepare,
            &[("strategy", "email_code"), ("email_address_id", &address)],
        )
        .await;
    assert_eq!(prepared.status, StatusCode::OK, "{}", prepared.body);
    assert!(server.latest_code(EMAIL).await.is_some());
}
