//! Session tokens, touch, and sign-out.

use reqwest::{Method, StatusCode};

use crate::support::{verify_jwt, Server, EMAIL};

#[tokio::test]
async fn tokens_are_rs256_with_clerks_v2_claims_and_verify_against_the_jwks() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let signed_in = browser.sign_in().await;
    let session_id = signed_in.body["response"]["created_session_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let user_id = signed_in.body["client"]["sessions"][0]["user"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let minted = browser
        .post(
            &format!("/__clerk/v1/client/sessions/{session_id}/tokens?debug=skip_cache"),
            &[],
        )
        .await;
    assert_eq!(minted.status, StatusCode::OK);
    assert_eq!(minted.body["object"], "token");
    let jwt = minted.body["jwt"].as_str().unwrap();

    let jwks = browser.get("/__clerk/v1/jwks").await.body;
    assert_eq!(
        browser.get("/__clerk/.well-known/jwks.json").await.body,
        jwks
    );
    let (header, claims) = verify_jwt(jwt, &jwks);
    assert_eq!(header["alg"], "RS256");
    assert_eq!(header["typ"], "JWT");
    assert_eq!(header["cat"], "cl_B7d4PD111AAA");
    assert!(header["kid"].as_str().unwrap().starts_with("ins_"));

    let number = |name: &str| claims[name].as_i64().unwrap();
    assert_eq!(number("exp") - number("iat"), 60);
    assert_eq!(number("iat") - number("nbf"), 10);
    assert_eq!(claims["sub"], user_id.as_str());
    assert_eq!(claims["sid"], session_id.as_str());
    assert_eq!(claims["v"], 2);
    assert_eq!(claims["sts"], "active");
    assert_eq!(claims["azp"], server.base.as_str());
    assert_eq!(
        claims["iss"],
        format!("https://{}", server.instance.frontend_api_host()).as_str()
    );
    assert_eq!(claims["fva"][1], -1);
    assert!(claims["jti"].is_string());

    // A configured JWT template: its claims, its lifetime, the template category.
    let templated = browser
        .post(
            &format!("/__clerk/v1/client/sessions/{session_id}/tokens/supabase"),
            &[],
        )
        .await;
    assert_eq!(templated.status, StatusCode::OK);
    let (header, claims) = verify_jwt(templated.body["jwt"].as_str().unwrap(), &jwks);
    assert_eq!(header["cat"], "cl_B7d4PD222AAA");
    assert_eq!(claims["role"], "authenticated");
    assert_eq!(claims["email"], EMAIL);
    assert_eq!(claims["sub"], user_id.as_str());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        120
    );
    // An unknown template is a 404, as in Clerk.
    let unknown = browser
        .post(
            &format!("/__clerk/v1/client/sessions/{session_id}/tokens/nope"),
            &[],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // The token embedded in the session verifies too.
    let embedded = signed_in.body["client"]["sessions"][0]["last_active_token"]["jwt"]
        .as_str()
        .unwrap();
    verify_jwt(embedded, &jwks);
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn touch_get_and_sign_out() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let signed_in = browser.sign_in().await;
    let sid = signed_in.body["response"]["created_session_id"]
        .as_str()
        .unwrap()
        .to_owned();

    let touched = browser
        .post(
            &format!("/__clerk/v1/client/sessions/{sid}/touch"),
            &[("active_organization_id", "")],
        )
        .await;
    assert_eq!(touched.status, StatusCode::OK);
    assert_eq!(touched.body["response"]["object"], "session");
    assert_eq!(touched.body["response"]["status"], "active");
    assert_eq!(touched.body["client"]["sessions"][0]["id"], sid.as_str());

    let fetched = browser
        .get(&format!("/__clerk/v1/client/sessions/{sid}"))
        .await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.body["response"]["id"], sid.as_str());

    let signed_out = browser
        .post("/__clerk/v1/client/sessions?_method=DELETE", &[])
        .await;
    assert_eq!(signed_out.status, StatusCode::OK);
    assert_eq!(signed_out.body["client"]["sessions"], serde_json::json!([]));
    assert_eq!(
        signed_out.body["client"]["last_active_session_id"],
        serde_json::Value::Null
    );
    assert_eq!(browser.cookies["__client_uat"], "0");

    let token = browser
        .post(&format!("/__clerk/v1/client/sessions/{sid}/tokens"), &[])
        .await;
    assert_eq!(token.status, StatusCode::UNAUTHORIZED);
    assert_eq!(token.body["errors"][0]["code"], "signed_out");
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn end_session_and_delete_client() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let sid = browser.sign_in().await.body["response"]["created_session_id"]
        .as_str()
        .unwrap()
        .to_owned();

    let ended = browser
        .post(&format!("/__clerk/v1/client/sessions/{sid}/end"), &[])
        .await;
    assert_eq!(ended.status, StatusCode::OK);
    assert_eq!(ended.body["response"]["status"], "ended");
    assert_eq!(ended.body["client"]["sessions"], serde_json::json!([]));

    browser.sign_in().await;
    let deleted = browser.post("/__clerk/v1/client?_method=DELETE", &[]).await;
    assert_eq!(deleted.status, StatusCode::OK);
    assert_eq!(deleted.body["response"]["deleted"], true);
    assert!(!browser.cookies.contains_key("__client"));
    assert_eq!(
        browser.get("/__clerk/v1/client").await.body["response"],
        serde_json::Value::Null
    );
}

#[tokio::test]
async fn a_get_cannot_override_its_method() {
    let server = Server::start().await;
    let mut browser = server.browser();
    browser.sign_in().await;
    let answer = browser
        .send(Method::GET, "/__clerk/v1/client?_method=DELETE", &[])
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.body["response"]["sessions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn unknown_session_and_unknown_routes() {
    let server = Server::start().await;
    let mut browser = server.browser();
    let token = browser
        .post("/__clerk/v1/client/sessions/sess_unknown/tokens", &[])
        .await;
    assert_eq!(token.status, StatusCode::UNAUTHORIZED);
    assert_eq!(token.body["errors"][0]["code"], "signed_out");

    let unknown = browser
        .post("/__clerk/v1/me/organizations?_method=PATCH", &[])
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.body["errors"][0]["code"], "resource_not_found");
    let listed = browser.get("/__clerk_local/unhandled").await.body;
    assert_eq!(
        listed,
        serde_json::json!([{ "method": "PATCH", "path": "/__clerk/v1/me/organizations" }])
    );
}
