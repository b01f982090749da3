//! The Backend API beyond `GET /v1/users/{id}`: users, sessions, sign-in tokens, organizations.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::support::{verify_jwt, Server, EMAIL};

const GRACE: &str = "grace@example.com";

async fn create_grace(server: &Server) -> Value {
    let (status, user) = server
        .api(
            Method::POST,
            "/v1/users",
            Some(json!({
                "email_address": [GRACE, "grace@navy.example"],
                "password": "compiler-cobol-1959",
                "first_name": "Grace",
                "last_name": "Hopper",
                "external_id": "ext-grace",
                "public_metadata": { "rank": "admiral" },
                "private_metadata": { "clearance": 3 },
            })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{user}");
    user
}

#[tokio::test]
async fn users_create_list_update_merge_metadata_delete() {
    let server = Server::start().await;
    let user = create_grace(&server).await;
    let id = user["id"].as_str().unwrap().to_owned();
    assert_eq!(user["object"], "user");
    assert_eq!(user["external_id"], "ext-grace");
    assert_eq!(user["email_addresses"].as_array().unwrap().len(), 2);
    assert_eq!(user["private_metadata"], json!({ "clearance": 3 }));

    // The same address twice is refused with Clerk's error body.
    let (status, error) = server
        .api(
            Method::POST,
            "/v1/users",
            Some(json!({ "email_address": [GRACE] })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["errors"][0]["code"], "form_identifier_exists");

    // Filters: any address of the user, external id, paging.
    let (_, by_email) = server
        .api(
            Method::GET,
            "/v1/users?email_address=GRACE@navy.example",
            None,
        )
        .await;
    assert_eq!(by_email.as_array().unwrap().len(), 1);
    assert_eq!(by_email[0]["id"], id.as_str());
    let (_, by_external) = server
        .api(Method::GET, "/v1/users?external_id=ext-grace", None)
        .await;
    assert_eq!(by_external[0]["id"], id.as_str());
    let (_, all) = server.api(Method::GET, "/v1/users?limit=10", None).await;
    assert_eq!(all.as_array().unwrap().len(), 2);
    let (_, second) = server
        .api(Method::GET, "/v1/users?limit=1&offset=1", None)
        .await;
    assert_eq!(second.as_array().unwrap().len(), 1);
    assert_eq!(second[0]["email_addresses"][0]["email_address"], EMAIL);
    let (_, count) = server.api(Method::GET, "/v1/users/count", None).await;
    assert_eq!(count, json!({ "object": "total_count", "total_count": 2 }));

    // Update, then merge metadata (`null` deletes a key).
    let (status, updated) = server
        .api(
            Method::PATCH,
            &format!("/v1/users/{id}"),
            Some(json!({ "first_name": "Amazing Grace" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["first_name"], "Amazing Grace");
    assert_eq!(updated["last_name"], "Hopper");
    let (_, merged) = server
        .api(
            Method::PATCH,
            &format!("/v1/users/{id}/metadata"),
            Some(json!({
                "public_metadata": { "rank": null, "ship": "USS Hopper" },
                "private_metadata": { "level": 1 },
            })),
        )
        .await;
    assert_eq!(merged["public_metadata"], json!({ "ship": "USS Hopper" }));
    assert_eq!(
        merged["private_metadata"],
        json!({ "clearance": 3, "level": 1 })
    );

    // Delete: gone, and a second delete is a 404.
    let (status, deleted) = server
        .api(Method::DELETE, &format!("/v1/users/{id}"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        deleted,
        json!({ "object": "user", "id": id, "deleted": true })
    );
    let (status, error) = server
        .api(Method::GET, &format!("/v1/users/{id}"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error["errors"][0]["code"], "resource_not_found");

    // A body that is not JSON is a 400, as in Clerk.
    let response = reqwest::Client::new()
        .post(format!("{}/v1/users", server.instance.api_url()))
        .bearer_auth(server.instance.secret_key())
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn a_sign_in_token_signs_the_browser_in_once_then_sessions_mint_and_revoke() {
    let server = Server::start().await;
    let user = create_grace(&server).await;
    let user_id = user["id"].as_str().unwrap();

    let (status, ticket) = server
        .api(
            Method::POST,
            "/v1/sign_in_tokens",
            Some(json!({ "user_id": user_id, "expires_in_seconds": 300 })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{ticket}");
    assert_eq!(ticket["object"], "sign_in_token");
    assert_eq!(ticket["status"], "pending");
    let token = ticket["token"].as_str().unwrap();

    // What @clerk/testing does in the page: signIn.create({ strategy: "ticket", ticket }).
    let mut browser = server.browser();
    let signed_in = browser
        .post(
            "/__clerk/v1/client/sign_ins",
            &[("strategy", "ticket"), ("ticket", token)],
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.body);
    assert_eq!(signed_in.body["response"]["status"], "complete");
    let sid = signed_in.body["response"]["created_session_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A ticket works once.
    let again = server
        .browser()
        .post(
            "/__clerk/v1/client/sign_ins",
            &[("strategy", "ticket"), ("ticket", token)],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Sessions: listed for the user, fetched, and minting tokens like `auth.getToken()`.
    let (_, sessions) = server
        .api(
            Method::GET,
            &format!("/v1/sessions?user_id={user_id}"),
            None,
        )
        .await;
    assert_eq!(sessions.as_array().unwrap().len(), 1);
    assert_eq!(sessions[0]["id"], sid.as_str());
    assert_eq!(sessions[0]["status"], "active");
    let (status, session) = server
        .api(Method::GET, &format!("/v1/sessions/{sid}"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(session["user_id"], user_id);
    let (_, jwks) = server.api(Method::GET, "/v1/jwks", None).await;
    let (_, minted) = server
        .api(
            Method::POST,
            &format!("/v1/sessions/{sid}/tokens"),
            Some(json!({ "expires_in_seconds": 600 })),
        )
        .await;
    let (_, claims) = verify_jwt(minted["jwt"].as_str().unwrap(), &jwks);
    assert_eq!(claims["sid"], sid.as_str());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        600
    );
    let (_, templated) = server
        .api(
            Method::POST,
            &format!("/v1/sessions/{sid}/tokens/supabase"),
            None,
        )
        .await;
    let (_, claims) = verify_jwt(templated["jwt"].as_str().unwrap(), &jwks);
    assert_eq!(claims["email"], GRACE);

    // Revoked: the browser's next token request is 401 (clerk-js then signs out).
    let (status, revoked) = server
        .api(Method::POST, &format!("/v1/sessions/{sid}/revoke"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(revoked["status"], "revoked");
    let refused = browser
        .post(&format!("/__clerk/v1/client/sessions/{sid}/tokens"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn organizations_and_memberships_with_roles_in_the_tokens() {
    let server = Server::start_edited(|config| {
        config.organizations.enabled = true;
        config.organizations.roles[0].permissions = vec!["org:billing:manage".into()];
    })
    .await;
    let mut browser = server.browser();
    let signed_in = browser.sign_in().await;
    let sid = signed_in.body["response"]["created_session_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let ada = signed_in.body["client"]["sessions"][0]["user"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let grace = create_grace(&server).await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let (status, org) = server
        .api(
            Method::POST,
            "/v1/organizations",
            Some(json!({ "name": "Analytical Engines", "created_by": ada })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{org}");
    assert_eq!(org["slug"], "analytical-engines");
    let org_id = org["id"].as_str().unwrap().to_owned();
    let (_, by_slug) = server
        .api(Method::GET, "/v1/organizations/analytical-engines", None)
        .await;
    assert_eq!(by_slug["id"], org_id.as_str());

    // Members: the creator is an admin; Grace joins with the default role, then is promoted.
    let (status, joined) = server
        .api(
            Method::POST,
            &format!("/v1/organizations/{org_id}/memberships"),
            Some(json!({ "user_id": grace })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{joined}");
    assert_eq!(joined["role"], "org:member");
    let (_, promoted) = server
        .api(
            Method::PATCH,
            &format!("/v1/organizations/{org_id}/memberships/{grace}"),
            Some(json!({ "role": "org:admin" })),
        )
        .await;
    assert_eq!(promoted["role"], "org:admin");
    let (_, members) = server
        .api(
            Method::GET,
            &format!("/v1/organizations/{org_id}/memberships"),
            None,
        )
        .await;
    assert_eq!(members["total_count"], 2);
    let (_, listed) = server.api(Method::GET, "/v1/organizations", None).await;
    assert_eq!(listed["total_count"], 1);
    let (_, mine) = server
        .api(
            Method::GET,
            &format!("/v1/users/{ada}/organization_memberships"),
            None,
        )
        .await;
    assert_eq!(mine["data"][0]["role"], "org:admin");

    // Invitations: created, listed, revoked.
    let (status, invitation) = server
        .api(
            Method::POST,
            &format!("/v1/organizations/{org_id}/invitations"),
            Some(json!({ "email_address": "katherine@example.com", "role": "org:member" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{invitation}");
    assert_eq!(invitation["status"], "pending");
    let (_, pending) = server
        .api(
            Method::GET,
            &format!("/v1/organizations/{org_id}/invitations?status=pending"),
            None,
        )
        .await;
    assert_eq!(pending["total_count"], 1);
    let invitation_id = invitation["id"].as_str().unwrap();
    let (_, revoked) = server
        .api(
            Method::POST,
            &format!("/v1/organizations/{org_id}/invitations/{invitation_id}/revoke"),
            None,
        )
        .await;
    assert_eq!(revoked["status"], "revoked");

    // Ada switches to the organization (clerk-js's setActive touches the session): her tokens
    // carry the v2 `o` claim, from the browser and from the Backend API.
    let touched = browser
        .post(
            &format!("/__clerk/v1/client/sessions/{sid}/touch"),
            &[("active_organization_id", org_id.as_str())],
        )
        .await;
    assert_eq!(touched.status, StatusCode::OK);
    let (_, jwks) = server.api(Method::GET, "/v1/jwks", None).await;
    let (_, minted) = server
        .api(Method::POST, &format!("/v1/sessions/{sid}/tokens"), None)
        .await;
    let (_, claims) = verify_jwt(minted["jwt"].as_str().unwrap(), &jwks);
    assert_eq!(
        claims["o"],
        json!({ "id": org_id, "slg": "analytical-engines", "rol": "admin", "per": "manage", "fpm": "1" })
    );
    assert_eq!(claims["fea"], "o:billing");

    // Removing Ada drops the claim; deleting the organization removes it for good.
    let (status, _) = server
        .api(
            Method::DELETE,
            &format!("/v1/organizations/{org_id}/memberships/{ada}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let token = browser
        .post(&format!("/__clerk/v1/client/sessions/{sid}/tokens"), &[])
        .await;
    let (_, claims) = verify_jwt(token.body["jwt"].as_str().unwrap(), &jwks);
    assert_eq!(claims.get("o"), None);
    let (_, deleted) = server
        .api(Method::DELETE, &format!("/v1/organizations/{org_id}"), None)
        .await;
    assert_eq!(deleted["deleted"], true);
    let (status, _) = server
        .api(Method::GET, &format!("/v1/organizations/{org_id}"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.assert_nothing_unhandled().await;
}
