//! Sign-up with email address and password, and the sign-up settings.

use reqwest::StatusCode;

use crate::support::{Server, EMAIL};

#[tokio::test]
async fn sign_up_creates_a_user_who_can_then_sign_in() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let created = browser
        .post(
            "/__clerk/v1/client/sign_ups",
            &[
                ("email_address", "grace@example.com"),
                ("password", "cobol-1959"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let sign_up = &created.body["response"];
    assert_eq!(sign_up["object"], "sign_up_attempt");
    assert_eq!(sign_up["status"], "complete");
    let user_id = sign_up["created_user_id"].as_str().unwrap();
    assert_eq!(
        created.body["client"]["sessions"][0]["id"],
        sign_up["created_session_id"]
    );

    let key = server.instance.secret_key();
    let (status, user) = server
        .bapi(&format!("/v1/users/{user_id}"), Some(&key))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        user["email_addresses"][0]["email_address"],
        "grace@example.com"
    );

    let mut other = server.browser();
    let signed_in = other
        .post(
            "/__clerk/v1/client/sign_ins",
            &[
                ("identifier", "grace@example.com"),
                ("strategy", "password"),
                ("password", "cobol-1959"),
            ],
        )
        .await;
    assert_eq!(signed_in.body["response"]["status"], "complete");
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn sign_up_in_steps_and_its_errors() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let taken = browser
        .post(
            "/__clerk/v1/client/sign_ups",
            &[("email_address", EMAIL), ("password", "long-enough")],
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(taken.body["errors"][0]["code"], "form_identifier_exists");

    let short = browser
        .post(
            "/__clerk/v1/client/sign_ups",
            &[("email_address", "new@example.com"), ("password", "short")],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        short.body["errors"][0]["code"],
        "form_password_length_too_short"
    );

    // Both wrong: one answer with an error for each field, as Clerk refuses a form.
    let both = browser
        .post(
            "/__clerk/v1/client/sign_ups",
            &[("email_address", EMAIL), ("password", "short")],
        )
        .await;
    assert_eq!(both.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> = both.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["meta"]["param_name"].as_str())
        .collect();
    assert_eq!(fields, [Some("email_address"), Some("password")]);

    let started = browser
        .post(
            "/__clerk/v1/client/sign_ups",
            &[("email_address", "new@example.com")],
        )
        .await;
    assert_eq!(started.body["response"]["status"], "missing_requirements");
    assert_eq!(
        started.body["response"]["missing_fields"],
        serde_json::json!(["password"])
    );
    let id = started.body["response"]["id"].as_str().unwrap();
    let finished = browser
        .post(
            &format!("/__clerk/v1/client/sign_ups/{id}?_method=PATCH"),
            &[("password", "long-enough")],
        )
        .await;
    assert_eq!(finished.status, StatusCode::OK, "{}", finished.body);
    assert_eq!(finished.body["response"]["status"], "complete");
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn sign_up_settings_restricted_names_required_and_password_length() {
    let restricted =
        Server::start_edited(|c| c.sign_up_mode = clerk_local::SignUpMode::Restricted).await;
    let mut browser = restricted.browser();
    let env = browser.get("/__clerk/v1/environment").await;
    assert_eq!(env.body["user_settings"]["sign_up"]["mode"], "restricted");
    let refused = browser
        .post(
            "/__clerk/v1/client/sign_ups",
            &[
                ("email_address", "grace@example.com"),
                ("password", "compiler-cobol-1959"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.body["errors"][0]["code"], "sign_up_mode_restricted");

    let server = Server::start_edited(|c| {
        c.require_name = true;
        c.password_min_length = Some(12);
    })
    .await;
    let mut browser = server.browser();
    let env = browser.get("/__clerk/v1/environment").await;
    assert_eq!(
        env.body["user_settings"]["password_settings"]["min_length"],
        12
    );
    assert_eq!(
        env.body["user_settings"]["attributes"]["first_name"]["required"],
        true
    );
    let short = browser
        .post(
            "/__clerk/v1/client/sign_ups",
            &[
                ("email_address", "grace@example.com"),
                ("password", "eleven-char"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        short.body["errors"][0]["code"],
        "form_password_length_too_short"
    );
    let pending = browser
        .post(
            "/__clerk/v1/client/sign_ups",
            &[
                ("email_address", "grace@example.com"),
                ("password", "compiler-cobol-1959"),
            ],
        )
        .await;
    assert_eq!(pending.body["response"]["status"], "missing_requirements");
    assert_eq!(
        pending.body["response"]["missing_fields"],
        serde_json::json!(["first_name", "last_name"])
    );
    let id = pending.body["response"]["id"].as_str().unwrap().to_owned();
    let done = browser
        .post(
            &format!("/__clerk/v1/client/sign_ups/{id}?_method=PATCH"),
            &[("first_name", "Grace"), ("last_name", "Hopper")],
        )
        .await;
    assert_eq!(done.body["response"]["status"], "complete", "{}", done.body);
}

/// Issue 10, finding 11: a code verifies the address it was sent to, not whatever address the
/// sign-up has when the code is entered.
#[tokio::test]
async fn a_code_sent_to_one_address_does_not_verify_another() {
    let server = Server::start_edited(|c| c.email_verification = true).await;
    let mut browser = server.browser();
    let created = browser
        .post(
            "/__clerk/v1/client/sign_ups",
            &[
                ("email_address", "mine@example.com"),
                ("password", "compiler-cobol-1959"),
            ],
        )
        .await;
    let id = created.body["response"]["id"].as_str().unwrap().to_owned();
    let prepare = format!("/__clerk/v1/client/sign_ups/{id}/prepare_verification");
    let attempt = format!("/__clerk/v1/client/sign_ups/{id}/attempt_verification");
    let prepared = browser.post(&prepare, &[("strategy", "email_code")]).await;
    assert_eq!(prepared.status, StatusCode::OK, "{}", prepared.body);
    let code = server.latest_code("mine@example.com").await.unwrap();

    // The address changes after the code went out; the code must not verify the new one.
    let changed = browser
        .post(
            &format!("/__clerk/v1/client/sign_ups/{id}?_method=PATCH"),
            &[("email_address", "someone-else@example.com")],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    let refused = browser
        .post(&attempt, &[("strategy", "email_code"), ("code", &code)])
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(refused.body["errors"][0]["code"], "form_code_incorrect");
    let (_, users) = server
        .api(
            reqwest::Method::GET,
            "/v1/users?email_address=someone-else@example.com",
            None,
        )
        .await;
    assert_eq!(users, serde_json::json!([]));

    // A code sent to the new address does.
    browser.post(&prepare, &[("strategy", "email_code")]).await;
    let code = server
        .latest_code("someone-else@example.com")
        .await
        .unwrap();
    let done = browser
        .post(&attempt, &[("strategy", "email_code"), ("code", &code)])
        .await;
    assert_eq!(done.body["response"]["status"], "complete", "{}", done.body);
}
