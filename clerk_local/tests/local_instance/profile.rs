//! `/v1/me` and the organizations of `<UserProfile/>` and `<OrganizationSwitcher/>`, as clerk-js
//! calls them (form bodies, `_method` overrides).

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::support::{Browser, Server, PASSWORD};

async fn signed_in(server: &Server) -> (Browser, String) {
    let mut browser = server.browser();
    let answer = browser.sign_in().await;
    let user_id = answer.body["client"]["sessions"][0]["user"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (browser, user_id)
}

/// A new user, grace@example.com (password `compiler-cobol-1959`), made a member of `org_id`
/// with the instance's default role through the Backend API; answers her id.
async fn grace_joins(server: &Server, org_id: &str) -> String {
    let (_, grace) = server
        .api(
            Method::POST,
            "/v1/users",
            Some(serde_json::json!({ "email_address": ["grace@example.com"], "password": "compiler-cobol-1959" })),
        )
        .await;
    let grace_id = grace["id"].as_str().unwrap().to_owned();
    server
        .api(
            Method::POST,
            &format!("/v1/organizations/{org_id}/memberships"),
            Some(serde_json::json!({ "user_id": grace_id })),
        )
        .await;
    grace_id
}

#[tokio::test]
async fn me_name_emails_password_and_deletion() {
    let server = Server::start().await;
    let (mut browser, user_id) = signed_in(&server).await;

    let me = browser.get("/__clerk/v1/me").await;
    assert_eq!(me.body["response"]["id"], user_id.as_str());
    let renamed = browser
        .post(
            "/__clerk/v1/me?_method=PATCH",
            &[("first_name", "Augusta"), ("last_name", "King")],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    assert_eq!(renamed.body["response"]["first_name"], "Augusta");
    let (_, user) = server
        .api(Method::GET, &format!("/v1/users/{user_id}"), None)
        .await;
    assert_eq!(user["last_name"], "King");

    // A new address: unverified until the code is entered, then listed and usable; removable.
    let added = browser
        .post(
            "/__clerk/v1/me/email_addresses",
            &[("email_address", "augusta@example.com")],
        )
        .await;
    let id = added.body["response"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        added.body["response"]["verification"]["status"],
        "unverified"
    );
    browser
        .post(
            &format!("/__clerk/v1/me/email_addresses/{id}/prepare_verification"),
            &[("strategy", "email_code")],
        )
        .await;
    let code = server.latest_code("augusta@example.com").await.unwrap();
    let verified = browser
        .post(
            &format!("/__clerk/v1/me/email_addresses/{id}/attempt_verification"),
            &[("code", &code)],
        )
        .await;
    assert_eq!(
        verified.body["response"]["verification"]["status"],
        "verified"
    );
    let (_, found) = server
        .api(
            Method::GET,
            "/v1/users?email_address=augusta@example.com",
            None,
        )
        .await;
    assert_eq!(found[0]["id"], user_id.as_str());
    let removed = browser
        .post(
            &format!("/__clerk/v1/me/email_addresses/{id}?_method=DELETE"),
            &[],
        )
        .await;
    assert_eq!(removed.body["response"]["deleted"], true);

    // The password: the current one is checked when given.
    let wrong = browser
        .post(
            "/__clerk/v1/me/change_password",
            &[
                ("current_password", "nope-nope-nope"),
                ("new_password", "new-password-1"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let changed = browser
        .post(
            "/__clerk/v1/me/change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "new-password-1"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);

    // Deleting the account signs the browser out and removes the user.
    let deleted = browser.send(Method::DELETE, "/__clerk/v1/me", &[]).await;
    assert_eq!(deleted.body["response"]["deleted"], true);
    assert_eq!(deleted.body["client"]["sessions"], Value::Array(vec![]));
    let (status, _) = server
        .api(Method::GET, &format!("/v1/users/{user_id}"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.assert_nothing_unhandled().await;
}

async fn unsafe_metadata_of(server: &Server, user_id: &str) -> Value {
    let (_, user) = server
        .api(Method::GET, &format!("/v1/users/{user_id}"), None)
        .await;
    user["unsafe_metadata"].clone()
}

/// `user.update({ unsafeMetadata })` and `user.updateMetadata(..)` in clerk-js: `PATCH /v1/me`
/// replaces the object, `PATCH /v1/me/metadata` merges into it (`null` deletes a key); what is
/// not an object is refused, and so is a username (this instance has none).
#[tokio::test]
async fn unsafe_metadata_from_the_browser_replaces_and_merges() {
    let server = Server::start().await;
    let (mut browser, user_id) = signed_in(&server).await;

    let replaced = browser
        .post(
            "/__clerk/v1/me?_method=PATCH",
            &[(
                "unsafe_metadata",
                r#"{"theme":"dark","onboarding":{"step":1,"done":false}}"#,
            )],
        )
        .await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.body);
    let merged = browser
        .post(
            "/__clerk/v1/me/metadata?_method=PATCH",
            &[(
                "unsafe_metadata",
                r#"{"onboarding":{"done":true},"theme":null,"birthday":"12-10","prefs":{"a":1,"b":null}}"#,
            )],
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);
    // A new nested object is merged into `{}`: its `null`s delete nothing and are not stored.
    let expected = serde_json::json!({
        "onboarding": {"step": 1, "done": true}, "birthday": "12-10", "prefs": {"a": 1}
    });
    assert_eq!(merged.body["response"]["unsafe_metadata"], expected);
    assert_eq!(unsafe_metadata_of(&server, &user_id).await, expected);
    // The Backend API's metadata PATCH merges the same way.
    let (status, user) = server
        .api(
            Method::PATCH,
            &format!("/v1/users/{user_id}/metadata"),
            Some(serde_json::json!({"private_metadata": {"plan": {"tier": "pro", "trial": null}}})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{user}");
    assert_eq!(
        user["private_metadata"],
        serde_json::json!({"plan": {"tier": "pro"}})
    );

    for (path, value) in [
        ("/__clerk/v1/me/metadata?_method=PATCH", "[1,2]"),
        ("/__clerk/v1/me/metadata?_method=PATCH", "{not json"),
        ("/__clerk/v1/me?_method=PATCH", "\"text\""),
    ] {
        let refused = browser.post(path, &[("unsafe_metadata", value)]).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{value}: {}",
            refused.body
        );
        assert_eq!(
            refused.body["errors"][0]["meta"]["param_name"],
            "unsafe_metadata"
        );
    }
    let username = browser
        .post("/__clerk/v1/me?_method=PATCH", &[("username", "augusta")])
        .await;
    assert_eq!(username.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(username.body["errors"][0]["code"], "form_param_unknown");
    assert_eq!(
        unsafe_metadata_of(&server, &user_id).await,
        expected,
        "a refused change kept the metadata"
    );

    let signed_out = server
        .browser()
        .post(
            "/__clerk/v1/me/metadata?_method=PATCH",
            &[("unsafe_metadata", "{}")],
        )
        .await;
    assert_eq!(
        signed_out.status,
        StatusCode::UNAUTHORIZED,
        "{}",
        signed_out.body
    );
}

#[tokio::test]
async fn organizations_from_the_browser_need_them_enabled_and_the_right_permissions() {
    let disabled = Server::start().await;
    let (mut browser, _) = signed_in(&disabled).await;
    let refused = browser
        .post("/__clerk/v1/organizations", &[("name", "Nope")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let server = Server::start_edited(|c| c.organizations.enabled = true).await;
    let (mut browser, _) = signed_in(&server).await;
    let created = browser
        .post(
            "/__clerk/v1/organizations",
            &[("name", "Difference Engines")],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let org_id = created.body["response"]["id"].as_str().unwrap().to_owned();
    let memberships = browser
        .get("/__clerk/v1/me/organization_memberships?paginated=true")
        .await;
    let membership = &memberships.body["response"]["data"][0];
    assert_eq!(membership["role"], "org:admin");
    assert!(membership["permissions"]
        .as_array()
        .unwrap()
        .contains(&Value::from("org:sys_memberships:manage")));

    let renamed = browser
        .post(
            &format!("/__clerk/v1/organizations/{org_id}?_method=PATCH"),
            &[("name", "Analytical Engines")],
        )
        .await;
    assert_eq!(renamed.body["response"]["name"], "Analytical Engines");
    let roles = browser
        .get(&format!("/__clerk/v1/organizations/{org_id}/roles"))
        .await;
    assert_eq!(roles.body["response"]["total_count"], 2);

    // A plain member may read but not rename; leaving works.
    let grace_id = grace_joins(&server, &org_id).await;
    let mut grace_browser = server.browser();
    grace_browser
        .sign_in_as("grace@example.com", "compiler-cobol-1959")
        .await;
    let forbidden = grace_browser
        .post(
            &format!("/__clerk/v1/organizations/{org_id}?_method=PATCH"),
            &[("name", "Mine now")],
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let left = grace_browser
        .post(
            &format!("/__clerk/v1/organizations/{org_id}/memberships/{grace_id}?_method=DELETE"),
            &[],
        )
        .await;
    assert_eq!(left.status, StatusCode::OK, "{}", left.body);

    // The admin deletes it.
    let deleted = browser
        .post(
            &format!("/__clerk/v1/organizations/{org_id}?_method=DELETE"),
            &[],
        )
        .await;
    assert_eq!(deleted.body["response"]["deleted"], true);
    let (status, _) = server
        .api(Method::GET, &format!("/v1/organizations/{org_id}"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn an_organization_keeps_a_member_who_may_manage_its_members() {
    let server = Server::start_edited(|c| c.organizations.enabled = true).await;
    let (mut ada, ada_id) = signed_in(&server).await;
    let created = ada
        .post("/__clerk/v1/organizations", &[("name", "Engines")])
        .await;
    let org_id = created.body["response"]["id"].as_str().unwrap().to_owned();
    let grace_id = grace_joins(&server, &org_id).await;
    let ada_membership = format!("/v1/organizations/{org_id}/memberships/{ada_id}");
    let grace_membership = format!("/v1/organizations/{org_id}/memberships/{grace_id}");

    // The only admin can neither step down nor leave.
    let refusals = [
        ada.post(
            &format!("/__clerk{ada_membership}?_method=PATCH"),
            &[("role", "org:member")],
        )
        .await,
        ada.post(&format!("/__clerk{ada_membership}?_method=DELETE"), &[])
            .await,
    ];
    for refused in refusals {
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert_eq!(
            refused.body["errors"][0]["code"],
            "organization_minimum_permissions_needed"
        );
    }

    // With a second admin, the first may do both; the member list never lost one.
    let promoted = ada
        .post(
            &format!("/__clerk{grace_membership}?_method=PATCH"),
            &[("role", "org:admin")],
        )
        .await;
    assert_eq!(promoted.status, StatusCode::OK, "{}", promoted.body);
    assert_eq!(promoted.body["response"]["role"], "org:admin");
    let stepped_down = ada
        .post(
            &format!("/__clerk{ada_membership}?_method=PATCH"),
            &[("role", "org:member")],
        )
        .await;
    assert_eq!(stepped_down.status, StatusCode::OK, "{}", stepped_down.body);
    let left = ada
        .post(&format!("/__clerk{ada_membership}?_method=DELETE"), &[])
        .await;
    assert_eq!(left.status, StatusCode::OK, "{}", left.body);
    let (_, members) = server
        .api(
            Method::GET,
            &format!("/v1/organizations/{org_id}/memberships"),
            None,
        )
        .await;
    assert_eq!(members["total_count"], 1);
    assert_eq!(members["data"][0]["role"], "org:admin");
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn a_member_invites_each_address_once_and_never_a_member() {
    let server = Server::start_edited(|c| c.organizations.enabled = true).await;
    let (mut ada, _) = signed_in(&server).await;
    let created = ada
        .post("/__clerk/v1/organizations", &[("name", "Engines")])
        .await;
    let org_id = created.body["response"]["id"].as_str().unwrap().to_owned();
    grace_joins(&server, &org_id).await;
    let invitations = format!("/__clerk/v1/organizations/{org_id}/invitations");
    let invited = ada
        .post(
            &format!("{invitations}/bulk"),
            &[
                ("email_address", "hedy@example.com"),
                ("email_address", "alan@example.com"),
            ],
        )
        .await;
    assert_eq!(invited.status, StatusCode::OK, "{}", invited.body);
    assert_eq!(invited.body["response"].as_array().unwrap().len(), 2);

    // An address invited already refuses the whole request, naming it where Clerk's
    // `<OrganizationProfile/>` reads it; nobody new is invited.
    let again = ada
        .post(
            &format!("{invitations}/bulk"),
            &[
                ("email_address", "joan@example.com"),
                ("email_address", "HEDY@example.com"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "{}", again.body);
    let refusal = &again.body["errors"][0];
    assert_eq!(refusal["code"], "duplicate_record");
    assert_eq!(refusal["meta"]["email_addresses"][0], "HEDY@example.com");

    // So does a member's address, named in the long message.
    let member = ada
        .post(&invitations, &[("email_address", "grace@example.com")])
        .await;
    assert_eq!(
        member.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        member.body
    );
    let refusal = &member.body["errors"][0];
    assert_eq!(refusal["code"], "already_a_member_in_organization");
    assert!(refusal["long_message"]
        .as_str()
        .unwrap()
        .contains("grace@example.com"));

    let pending = ada.get(&format!("{invitations}?status=pending")).await;
    let emails: Vec<&str> = pending.body["response"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["email_address"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["hedy@example.com", "alan@example.com"]);
    server.assert_nothing_unhandled().await;
}
