//! Backend API parity with `@clerk/backend`: sessions kept with their status after they end,
//! the paginated list, bans and locks refused by the Frontend API, password checks, metadata
//! replace, and instance invitations letting an address sign up in restricted mode.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::support::{Browser, Server, EMAIL, PASSWORD};

async fn ada_id(server: &Server) -> String {
    let (_, users) = server
        .api(
            Method::GET,
            &format!("/v1/users?email_address={EMAIL}"),
            None,
        )
        .await;
    users[0]["id"].as_str().unwrap().to_owned()
}

async fn refresh_token(browser: &mut Browser, session_id: &str) -> StatusCode {
    browser
        .post(
            &format!("/__clerk/v1/client/sessions/{session_id}/tokens"),
            &[],
        )
        .await
        .status
}

#[tokio::test]
async fn ended_sessions_keep_their_status_and_the_list_pages_like_clerk() {
    let server = Server::start().await;
    let user_id = ada_id(&server).await;
    let mut first = server.browser();
    let revoked_id = first.sign_in_session_id().await;

    // `@clerk/backend` sends `paginated=true` and reads `{data, total_count}`.
    let (status, page) = server
        .api(
            Method::GET,
            &format!("/v1/sessions?user_id={user_id}&paginated=true"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["total_count"], 1);
    assert_eq!(page["data"][0]["id"], revoked_id.as_str());
    assert_eq!(page["data"][0]["status"], "active");

    let (status, revoked) = server
        .api(
            Method::POST,
            &format!("/v1/sessions/{revoked_id}/revoke"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{revoked}");
    assert_eq!(revoked["status"], "revoked");
    let (status, kept) = server
        .api(Method::GET, &format!("/v1/sessions/{revoked_id}"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    assert_eq!(kept["status"], "revoked");
    assert_eq!(
        refresh_token(&mut first, &revoked_id).await,
        StatusCode::UNAUTHORIZED
    );

    // A browser that signs out keeps its session as `ended`, and never sees it again.
    let mut second = server.browser();
    let ended_id = second.sign_in_session_id().await;
    let signed_out = second
        .send(Method::DELETE, "/__clerk/v1/client/sessions", &[])
        .await;
    assert_eq!(signed_out.status, StatusCode::OK, "{}", signed_out.body);
    assert_eq!(signed_out.body["response"]["sessions"], json!([]));
    let client = second.get("/__clerk/v1/client").await;
    assert_eq!(client.body["response"]["sessions"], json!([]));

    // Without `paginated`, the bare array Clerk answers; each status filters.
    let list = |query: String| {
        let server = &server;
        async move {
            let (status, body) = server
                .api(Method::GET, &format!("/v1/sessions?{query}"), None)
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body
        }
    };
    let all = list(format!("user_id={user_id}")).await;
    assert_eq!(all.as_array().unwrap().len(), 2, "{all}");
    let by_status = |status: &'static str| list(format!("user_id={user_id}&status={status}"));
    assert_eq!(by_status("revoked").await[0]["id"], revoked_id.as_str());
    assert_eq!(by_status("ended").await[0]["id"], ended_id.as_str());
    for none in ["active", "removed", "expired", "abandoned"] {
        assert_eq!(by_status(none).await, json!([]), "{none}");
    }
    let paged = list(format!("user_id={user_id}&paginated=true&limit=1&offset=1")).await;
    assert_eq!(paged["total_count"], 2);
    assert_eq!(paged["data"].as_array().unwrap().len(), 1);

    let (status, error) = server
        .api(Method::GET, "/v1/sessions?status=sleeping", None)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["errors"][0]["meta"]["param_name"], "status");

    // Kept across a restart.
    let (data, bundles) = server.stop();
    let server = Server::start_with(data, bundles).await;
    let (_, kept) = server
        .api(Method::GET, &format!("/v1/sessions/{ended_id}"), None)
        .await;
    assert_eq!(kept["status"], "ended");
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn a_banned_or_locked_user_cannot_sign_in() {
    let server = Server::start().await;
    let user_id = ada_id(&server).await;
    let mut browser = server.browser();
    let session_id = browser.sign_in_session_id().await;

    let (status, banned) = server
        .api(Method::POST, &format!("/v1/users/{user_id}/ban"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{banned}");
    assert_eq!(banned["banned"], true);
    // The ban revoked the session: its token no longer refreshes.
    let (_, session) = server
        .api(Method::GET, &format!("/v1/sessions/{session_id}"), None)
        .await;
    assert_eq!(session["status"], "revoked");
    assert_eq!(
        refresh_token(&mut browser, &session_id).await,
        StatusCode::UNAUTHORIZED
    );

    let mut other = server.browser();
    let refused = other.try_sign_in(PASSWORD).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert_eq!(refused.body["errors"][0]["code"], "user_banned");

    let (_, unbanned) = server
        .api(Method::POST, &format!("/v1/users/{user_id}/unban"), None)
        .await;
    assert_eq!(unbanned["banned"], false);
    let (_, locked) = server
        .api(Method::POST, &format!("/v1/users/{user_id}/lock"), None)
        .await;
    assert_eq!(locked["locked"], true);
    let seconds = locked["lockout_expires_in_seconds"].as_i64().unwrap();
    assert!((3500..=3600).contains(&seconds), "{seconds}");
    let refused = other.try_sign_in(PASSWORD).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert_eq!(refused.body["errors"][0]["code"], "user_locked");
    let meta_seconds = refused.body["errors"][0]["meta"]["lockout_expires_in_seconds"]
        .as_i64()
        .unwrap();
    assert!((3500..=3600).contains(&meta_seconds), "{}", refused.body);

    let (_, unlocked) = server
        .api(Method::POST, &format!("/v1/users/{user_id}/unlock"), None)
        .await;
    assert_eq!(unlocked["locked"], false);
    assert_eq!(unlocked["lockout_expires_in_seconds"], Value::Null);
    other.sign_in().await;
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn verify_password_and_replace_or_merge_metadata() {
    let server = Server::start().await;
    let user_id = ada_id(&server).await;
    let verify_path = format!("/v1/users/{user_id}/verify_password");
    let verify = |password: &'static str| {
        server.api(
            Method::POST,
            &verify_path,
            Some(json!({ "password": password })),
        )
    };
    let (status, verified) = verify(PASSWORD).await;
    assert_eq!(
        (status, verified),
        (StatusCode::OK, json!({ "verified": true }))
    );
    let (status, wrong) = verify("not-her-password").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong["errors"][0]["code"], "incorrect_password");

    let metadata = format!("/v1/users/{user_id}/metadata");
    let body = json!({ "public_metadata": { "a": { "b": 1 }, "keep": true } });
    server.api(Method::PATCH, &metadata, Some(body)).await;
    let (_, merged) = server
        .api(
            Method::PATCH,
            &metadata,
            Some(json!({ "public_metadata": { "a": { "c": 2 } } })),
        )
        .await;
    assert_eq!(
        merged["public_metadata"],
        json!({ "a": { "b": 1, "c": 2 }, "keep": true })
    );
    let (status, replaced) = server
        .api(
            Method::PUT,
            &metadata,
            Some(json!({ "public_metadata": { "a": 3 } })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{replaced}");
    assert_eq!(replaced["public_metadata"], json!({ "a": 3 }));

    let (_, org) = server
        .api(
            Method::POST,
            "/v1/organizations",
            Some(json!({ "name": "Analytical", "private_metadata": { "x": 1 } })),
        )
        .await;
    let org_metadata = format!("/v1/organizations/{}/metadata", org["id"].as_str().unwrap());
    let (status, merged) = server
        .api(
            Method::PATCH,
            &org_metadata,
            Some(json!({ "private_metadata": { "y": 2 } })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{merged}");
    assert_eq!(merged["private_metadata"], json!({ "x": 1, "y": 2 }));
    let (_, replaced) = server
        .api(
            Method::PUT,
            &org_metadata,
            Some(json!({ "private_metadata": { "z": 3 } })),
        )
        .await;
    assert_eq!(replaced["private_metadata"], json!({ "z": 3 }));
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn an_invited_address_signs_up_in_restricted_mode() {
    let server =
        Server::start_edited(|c| c.sign_up_mode = clerk_local::SignUpMode::Restricted).await;
    let invite = |email: &'static str| {
        server.api(
            Method::POST,
            "/v1/invitations",
            Some(json!({ "email_address": email, "public_metadata": { "team": "compilers" } })),
        )
    };
    let (status, invitation) = invite("grace@example.com").await;
    assert_eq!(status, StatusCode::OK, "{invitation}");
    assert_eq!(invitation["object"], "invitation");
    assert!(invitation["id"].as_str().unwrap().starts_with("inv_"));
    assert_eq!(invitation["status"], "pending");
    let url = url::Url::parse(invitation["url"].as_str().unwrap()).unwrap();
    let ticket = url
        .query_pairs()
        .find(|(k, _)| k == "__clerk_ticket")
        .map(|(_, v)| v.into_owned())
        .unwrap();

    let (status, duplicate) = invite("grace@example.com").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(duplicate["errors"][0]["code"], "duplicate_record");
    let (status, existing) = invite(EMAIL).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(existing["errors"][0]["code"], "form_identifier_exists");

    // Someone not invited is still refused.
    let mut stranger = server.browser();
    let refused = stranger
        .post(
            "/__clerk/v1/client/sign_ups",
            &[
                ("email_address", "mallory@example.com"),
                ("password", "not-invited-1234"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.body["errors"][0]["code"], "sign_up_mode_restricted");

    // The invitation link's ticket signs up (the address comes verified from the invitation).
    let mut grace = server.browser();
    let signed_up = grace
        .post(
            "/__clerk/v1/client/sign_ups",
            &[
                ("strategy", "ticket"),
                ("ticket", &ticket),
                ("password", "compiler-cobol-1959"),
            ],
        )
        .await;
    assert_eq!(signed_up.status, StatusCode::OK, "{}", signed_up.body);
    assert_eq!(signed_up.body["response"]["status"], "complete");
    assert_eq!(
        signed_up.body["response"]["email_address"],
        "grace@example.com"
    );
    let user_id = signed_up.body["response"]["created_user_id"]
        .as_str()
        .unwrap();
    let (_, user) = server
        .api(Method::GET, &format!("/v1/users/{user_id}"), None)
        .await;
    assert_eq!(user["public_metadata"], json!({ "team": "compilers" }));

    // Typing an invited address works too; the list shows both accepted.
    let (_, second) = invite("barbara@example.com").await;
    let mut barbara = server.browser();
    let typed = barbara
        .post(
            "/__clerk/v1/client/sign_ups",
            &[
                ("email_address", "barbara@example.com"),
                ("password", "clu-language-1974"),
            ],
        )
        .await;
    assert_eq!(typed.status, StatusCode::OK, "{}", typed.body);
    assert_eq!(typed.body["response"]["status"], "complete");
    let (_, accepted) = server
        .api(
            Method::GET,
            "/v1/invitations?status=accepted&paginated=true",
            None,
        )
        .await;
    assert_eq!(accepted["total_count"], 2, "{accepted}");

    // A revoked invitation leaves the default list, and its ticket no longer works.
    let (_, third) = invite("edsger@example.com").await;
    let third_id = third["id"].as_str().unwrap();
    let (status, revoked) = server
        .api(
            Method::POST,
            &format!("/v1/invitations/{third_id}/revoke"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{revoked}");
    assert_eq!(
        (revoked["status"].clone(), revoked["revoked"].clone()),
        (json!("revoked"), json!(true))
    );
    let (_, listed) = server.api(Method::GET, "/v1/invitations", None).await;
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert!(
        !ids.contains(&third_id) && ids.contains(&second["id"].as_str().unwrap()),
        "{listed}"
    );
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn backend_api_answers_are_plain_application_json() {
    let server = Server::start().await;
    let http = reqwest::Client::new();
    for path in ["/v1/users", "/v1/no_such_thing"] {
        let response = http
            .get(format!("{}{path}", server.instance.api_url()))
            .bearer_auth(server.instance.secret_key())
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.headers()["content-type"],
            "application/json",
            "{path}"
        );
    }
}

#[tokio::test]
async fn sessions_ended_from_the_browser_keep_their_status() {
    let server = Server::start().await;
    let status_of = |id: String| {
        let server = &server;
        async move {
            let (_, session) = server
                .api(Method::GET, &format!("/v1/sessions/{id}"), None)
                .await;
            session["status"].clone()
        }
    };

    // `<UserProfile/>`'s "Sign out of device" revokes another browser's session.
    let mut laptop = server.browser();
    laptop.sign_in_session_id().await;
    let mut phone = server.browser();
    let phone_session = phone.sign_in_session_id().await;
    let revoked = laptop
        .post(
            &format!("/__clerk/v1/me/sessions/{phone_session}/revoke"),
            &[],
        )
        .await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.body);
    assert_eq!(status_of(phone_session.clone()).await, "revoked");
    assert_eq!(
        refresh_token(&mut phone, &phone_session).await,
        StatusCode::UNAUTHORIZED
    );

    // `session.remove()` in clerk-js.
    let mut tablet = server.browser();
    let tablet_session = tablet.sign_in_session_id().await;
    let removed = tablet
        .post(
            &format!("/__clerk/v1/client/sessions/{tablet_session}/remove"),
            &[],
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    assert_eq!(removed.body["response"]["status"], "removed");
    assert_eq!(removed.body["client"]["sessions"], json!([]));
    assert_eq!(status_of(tablet_session.clone()).await, "removed");

    // A deleted user's sessions, ended or not, are gone with them.
    let user_id = ada_id(&server).await;
    server
        .api(Method::DELETE, &format!("/v1/users/{user_id}"), None)
        .await;
    let (status, _) = server
        .api(Method::GET, &format!("/v1/sessions/{tablet_session}"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.assert_nothing_unhandled().await;
}
