//! Personal accounts off (`[clerk_local.organizations] personal_accounts = false`): a session
//! without one of the user's organizations active is `pending`, with the `choose-organization`
//! task, for the browser, the Backend API and in its tokens, until it activates one.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::support::{verify_jwt, Server};

#[tokio::test]
async fn a_session_is_pending_until_one_of_the_users_organizations_is_active() {
    let server = Server::start_edited(|config| {
        config.organizations.enabled = true;
        config.organizations.personal_accounts = false;
    })
    .await;
    let environment = server.browser().get("/__clerk/v1/environment").await.body;
    assert_eq!(
        environment["organization_settings"]["force_organization_selection"],
        true
    );

    let mut browser = server.browser();
    let signed_in = browser.sign_in().await;
    let session = &signed_in.body["client"]["sessions"][0];
    let (sid, ada) = (text(&session["id"]), text(&session["user"]["id"]));
    assert_eq!(session["status"], "pending");
    assert_eq!(session["tasks"], json!([{ "key": "choose-organization" }]));
    let (_, jwks) = server.api(Method::GET, "/v1/jwks", None).await;
    let claims = |token: &Value| verify_jwt(token.as_str().unwrap(), &jwks).1;
    assert_eq!(
        claims(&session["last_active_token"]["jwt"])["sts"],
        "pending"
    );

    // The Backend API says so too, and finds it by that status.
    let (_, record) = server
        .api(Method::GET, &format!("/v1/sessions/{sid}"), None)
        .await;
    assert_eq!(
        (record["status"].clone(), record["tasks"].clone()),
        (json!("pending"), json!([{ "key": "choose-organization" }]))
    );
    let (_, listed) = server
        .api(
            Method::GET,
            &format!("/v1/sessions?user_id={ada}&status=pending"),
            None,
        )
        .await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");

    // Another user's organization cannot be made active: Clerk's refusal, which the task page
    // shows; the session stays pending.
    let (_, other) = server
        .api(
            Method::POST,
            "/v1/organizations",
            Some(json!({ "name": "Difference Engines" })),
        )
        .await;
    let refused = browser
        .post(
            &format!("/__clerk/v1/client/sessions/{sid}/touch"),
            &[("active_organization_id", other["id"].as_str().unwrap())],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(
        refused.body["errors"][0]["code"],
        "organization_not_found_or_unauthorized"
    );

    // A token for one of hers does not finish the task; activating it does.
    let (_, mine) = server
        .api(
            Method::POST,
            "/v1/organizations",
            Some(json!({ "name": "Analytical Engines", "created_by": ada })),
        )
        .await;
    let org_id = text(&mine["id"]);
    let token = browser
        .post(
            &format!("/__clerk/v1/client/sessions/{sid}/tokens"),
            &[("organization_id", org_id.as_str())],
        )
        .await;
    let early = claims(&token.body["jwt"]);
    assert_eq!(
        (early["sts"].clone(), early["o"]["id"].clone()),
        (json!("pending"), json!(org_id))
    );
    let touched = browser
        .post(
            &format!("/__clerk/v1/client/sessions/{sid}/touch"),
            &[("active_organization_id", org_id.as_str())],
        )
        .await;
    assert_eq!(touched.status, StatusCode::OK, "{}", touched.body);
    let active = &touched.body["response"];
    assert_eq!(
        (active["status"].clone(), active["tasks"].clone()),
        (json!("active"), Value::Null)
    );
    assert_eq!(claims(&active["last_active_token"]["jwt"])["sts"], "active");
    let (_, record) = server
        .api(Method::GET, &format!("/v1/sessions/{sid}"), None)
        .await;
    assert_eq!(record["status"], "active");

    // Leaving it (here: removed by an admin) makes the session pending again.
    server
        .api(
            Method::DELETE,
            &format!("/v1/organizations/{org_id}/memberships/{ada}"),
            None,
        )
        .await;
    let token = browser
        .post(&format!("/__clerk/v1/client/sessions/{sid}/tokens"), &[])
        .await;
    assert_eq!(claims(&token.body["jwt"])["sts"], "pending");
    server.assert_nothing_unhandled().await;
}

fn text(value: &Value) -> String {
    value.as_str().unwrap().to_owned()
}
