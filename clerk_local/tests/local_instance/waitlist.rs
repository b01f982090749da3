//! The waitlist (`sign_up_mode = "waitlist"`): `<Waitlist/>`'s `POST /v1/waitlist`, and the
//! Backend API's `/v1/waitlist_entries` deciding who may sign up.

use clerk_local::SignUpMode;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::{Browser, Server};

async fn join(browser: &mut Browser, email: &str) -> crate::support::Answer {
    browser
        .post("/__clerk/v1/waitlist", &[("email_address", email)])
        .await
}

async fn sign_up(browser: &mut Browser, email: &str) -> crate::support::Answer {
    browser
        .post(
            "/__clerk/v1/client/sign_ups",
            &[
                ("email_address", email),
                ("password", "compiler-cobol-1959"),
            ],
        )
        .await
}

#[tokio::test]
async fn an_address_joins_the_waitlist_and_signs_up_once_invited() {
    let server = Server::start_edited(|c| c.sign_up_mode = SignUpMode::Waitlist).await;
    let mut browser = server.browser();
    let env = browser.get("/__clerk/v1/environment").await;
    assert_eq!(env.body["user_settings"]["sign_up"]["mode"], "waitlist");
    assert_eq!(
        env.body["display_config"]["waitlist_url"],
        format!("{}/waitlist", server.base)
    );

    // Not invited: the sign-up is refused with the waitlist's code, which <SignUp/> knows.
    let refused = sign_up(&mut browser, "grace@example.com").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        refused.body["errors"][0]["code"],
        "sign_up_restricted_waitlist"
    );

    // Joining twice is joining once; the browser learns no more than the entry's id.
    let joined = join(&mut browser, "grace@example.com").await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    let id = joined.body["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("wle_"));
    assert!(joined.body.get("email_address").is_none());
    assert_eq!(
        join(&mut browser, "Grace@Example.com").await.body["id"],
        id.as_str()
    );
    for (bad, code) in [
        ("not-an-address", "form_param_format_invalid"),
        ("ada@example.com", "form_identifier_exists"),
    ] {
        let answer = join(&mut browser, bad).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(answer.body["errors"][0]["code"], code, "{bad}");
    }

    let (status, listed) = server
        .api(Method::GET, "/v1/waitlist_entries?status=pending", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed["total_count"], 1);
    assert_eq!(listed["data"][0]["email_address"], "grace@example.com");

    // Invited: an invitation to the app's sign-up page, and the address may sign up.
    let (status, invited) = server
        .api(
            Method::POST,
            &format!("/v1/waitlist_entries/{id}/invite"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{invited}");
    assert_eq!(invited["status"], "invited");
    let url = invited["invitation"]["url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/sign-up?__clerk_ticket=", server.base)),
        "{url}"
    );
    let signed_up = sign_up(&mut browser, "grace@example.com").await;
    assert_eq!(signed_up.status, StatusCode::OK, "{}", signed_up.body);
    assert_eq!(signed_up.body["response"]["status"], "complete");
    let (_, completed) = server
        .api(Method::GET, "/v1/waitlist_entries?status=completed", None)
        .await;
    assert_eq!(completed["data"][0]["id"], id.as_str());

    // Nothing is left to decide on a completed entry.
    let (status, _) = server
        .api(
            Method::POST,
            &format!("/v1/waitlist_entries/{id}/reject"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = server
        .api(Method::DELETE, &format!("/v1/waitlist_entries/{id}"), None)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn a_rejected_entry_loses_its_invitation_and_a_pending_one_can_be_deleted() {
    let server = Server::start_edited(|c| c.sign_up_mode = SignUpMode::Waitlist).await;
    let (status, entries) = server
        .api(
            Method::POST,
            "/v1/waitlist_entries/bulk",
            Some(json!([
                { "email_address": "eve@example.com" },
                { "email_address": "mallory@example.com" },
            ])),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{entries}");
    let (eve, mallory) = (
        entries[0]["id"].as_str().unwrap().to_owned(),
        entries[1]["id"].as_str().unwrap().to_owned(),
    );

    // Invited twice (the second invitation replaces the first), then rejected: no invitation
    // is left, so the sign-up is refused again.
    server
        .api(
            Method::POST,
            &format!("/v1/waitlist_entries/{eve}/invite"),
            None,
        )
        .await;
    let (status, again) = server
        .api(
            Method::POST,
            &format!("/v1/waitlist_entries/{eve}/invite"),
            Some(json!({ "ignore_existing": true })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    let (_, rejected) = server
        .api(
            Method::POST,
            &format!("/v1/waitlist_entries/{eve}/reject"),
            None,
        )
        .await;
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(rejected["invitation"]["status"], "revoked");
    let mut browser = server.browser();
    let refused = sign_up(&mut browser, "eve@example.com").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let (status, deleted) = server
        .api(
            Method::DELETE,
            &format!("/v1/waitlist_entries/{mallory}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{deleted}");
    assert_eq!(deleted["deleted"], true);
    let (_, all) = server.api(Method::GET, "/v1/waitlist_entries", None).await;
    assert_eq!(all["total_count"], 1);

    // Where sign-ups are public, there is no waitlist to join.
    let public = Server::start().await;
    let mut browser = public.browser();
    let answer = join(&mut browser, "eve@example.com").await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}
