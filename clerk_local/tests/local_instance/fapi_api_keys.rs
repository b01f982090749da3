//! `/__clerk/api_keys`: the keys Clerk's `<APIKeys/>` makes, lists and revokes from the browser,
//! authenticated by the session token as clerk-js sends it (`Authorization: Bearer`, JSON).

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::support::{Browser, Server};

/// A signed-in browser's user id and session token.
async fn session(browser: &mut Browser, sign_in: Option<(&str, &str)>) -> (String, String) {
    let answer = match sign_in {
        None => browser.sign_in().await,
        Some((email, password)) => browser.sign_in_as(email, password).await,
    };
    let session = &answer.body["client"]["sessions"][0];
    (
        session["user"]["id"].as_str().unwrap().to_owned(),
        session["last_active_token"]["jwt"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

/// A call as clerk-js makes it: the session token as the Bearer token, a JSON body.
async fn call(
    server: &Server,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new()
        .request(method, format!("{}/__clerk{path}", server.base))
        .header("origin", &server.base);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn add_user(server: &Server, email: &str, password: &str) -> String {
    let (status, user) = server
        .api(
            Method::POST,
            "/v1/users",
            Some(json!({ "email_address": [email], "password": password })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{user}");
    user["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_users_keys_from_the_browser_are_theirs_alone_and_work_until_revoked() {
    let server = Server::start_edited(|c| c.api_keys.users = true).await;
    let mut browser = server.browser();
    let (ada, token) = session(&mut browser, None).await;
    let list = |query: &str| format!("/api_keys?subject={ada}&query={query}&limit=10&offset=0");

    let (status, empty) = call(&server, Method::GET, &list(""), Some(&token), None).await;
    assert_eq!(status, StatusCode::OK, "{empty}");
    assert_eq!(empty, json!({ "data": [], "total_count": 0 }));

    // What clerk-js sends, plus scopes a hostile page might add: the browser cannot set them.
    let (status, made) = call(
        &server,
        Method::POST,
        "/api_keys",
        Some(&token),
        Some(json!({
            "type": "api_key", "name": "Laptop", "subject": ada, "description": "for cron",
            "seconds_until_expiration": 3600, "scopes": ["everything"],
        })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{made}");
    let secret = made["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("ak_"), "{made}");
    assert_eq!(made["subject"], ada.as_str());
    assert_eq!(made["created_by"], ada.as_str());
    assert_eq!(made["scopes"], json!([]));
    assert_eq!(made["description"], "for cron");
    assert!(made["expiration"].as_i64().unwrap() > made["created_at"].as_i64().unwrap());

    // The app's server verifies it through the Backend API.
    let (status, verified) = server
        .api(
            Method::POST,
            "/api_keys/verify",
            Some(json!({ "secret": secret })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    assert_eq!(verified["subject"], ada.as_str());
    // Marked used once a minute at most: a second verify writes nothing.
    let (_, again) = server
        .api(
            Method::POST,
            "/api_keys/verify",
            Some(json!({ "secret": secret })),
        )
        .await;
    assert_eq!(again["last_used_at"], verified["last_used_at"]);
    assert!(verified["last_used_at"].as_i64().is_some());

    // A live key's name is taken.
    let (status, taken) = call(
        &server,
        Method::POST,
        "/api_keys",
        Some(&token),
        Some(json!({ "type": "api_key", "name": "Laptop", "subject": ada })),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{taken}");
    assert_eq!(taken["errors"][0]["code"], "token_creation_conflict");

    // Listed without the secret, and as used; the search matches names, ignoring case.
    let (_, found) = call(&server, Method::GET, &list("lap"), Some(&token), None).await;
    assert_eq!(found["total_count"], 1);
    assert_eq!(found["data"][0]["name"], "Laptop");
    assert!(found["data"][0].get("secret").is_none());
    assert!(made["last_used_at"].is_null());
    assert!(
        found["data"][0]["last_used_at"].as_i64().is_some(),
        "{found}"
    );
    let (_, none) = call(&server, Method::GET, &list("phone"), Some(&token), None).await;
    assert_eq!(none["total_count"], 0);

    // Someone else can neither list, make nor revoke Ada's keys.
    add_user(&server, "grace@example.com", "compiler-cobol-1959").await;
    let mut other = server.browser();
    let (_, grace_token) = session(
        &mut other,
        Some(("grace@example.com", "compiler-cobol-1959")),
    )
    .await;
    let (status, _) = call(&server, Method::GET, &list(""), Some(&grace_token), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &server,
        Method::POST,
        "/api_keys",
        Some(&grace_token),
        Some(json!({ "name": "mine now", "subject": ada })),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let key_id = made["id"].as_str().unwrap();
    let revoke = format!("/api_keys/{key_id}/revoke");
    let (status, _) = call(
        &server,
        Method::POST,
        &revoke,
        Some(&grace_token),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // No token, a token with one byte changed, a name missing: refused, nothing made.
    let (status, _) = call(&server, Method::GET, &list(""), None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let mut forged = token.clone().into_bytes();
    let middle = forged.len() / 2;
    forged[middle] = if forged[middle] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    let (status, _) = call(&server, Method::GET, &list(""), Some(&forged), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // A JWT template's token is the instance's too, but not a session token.
    let client = browser.get("/__clerk/v1/client").await;
    let sid = client.body["response"]["sessions"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let templated = browser
        .post(
            &format!("/__clerk/v1/client/sessions/{sid}/tokens/supabase"),
            &[],
        )
        .await;
    let templated = templated.body["jwt"].as_str().unwrap().to_owned();
    let (status, _) = call(&server, Method::GET, &list(""), Some(&templated), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, missing) = call(
        &server,
        Method::POST,
        "/api_keys",
        Some(&token),
        Some(json!({ "subject": ada })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(missing["errors"][0]["code"], "form_param_missing");

    // Revoked: gone from the list, and the Backend API no longer verifies it.
    let (status, revoked) = call(
        &server,
        Method::POST,
        &revoke,
        Some(&token),
        Some(json!({ "revocation_reason": "lost laptop" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{revoked}");
    assert_eq!(revoked["revoked"], true);
    assert_eq!(revoked["revocation_reason"], "lost laptop");
    let (_, after) = call(&server, Method::GET, &list(""), Some(&token), None).await;
    assert_eq!(after["total_count"], 0);
    let (status, _) = server
        .api(
            Method::POST,
            "/api_keys/verify",
            Some(json!({ "secret": secret })),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A signed-out session's token no longer opens anything, though it has not expired.
    browser
        .post("/__clerk/v1/client/sessions?_method=DELETE", &[])
        .await;
    let (status, _) = call(&server, Method::GET, &list(""), Some(&token), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn off_unless_enabled_and_an_organizations_keys_need_its_permissions() {
    let off = Server::start().await;
    let mut browser = off.browser();
    let (ada, token) = session(&mut browser, None).await;
    let environment = browser.get("/__clerk/v1/environment").await;
    assert_eq!(
        environment.body["api_keys_settings"],
        json!({ "user_api_keys_enabled": false, "orgs_api_keys_enabled": false })
    );
    let (status, _) = call(
        &off,
        Method::GET,
        &format!("/api_keys?subject={ada}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let server = Server::start_edited(|c| {
        c.organizations.enabled = true;
        c.api_keys.organizations = true;
    })
    .await;
    let mut browser = server.browser();
    let (_, token) = session(&mut browser, None).await;
    let environment = browser.get("/__clerk/v1/environment").await;
    assert_eq!(
        environment.body["api_keys_settings"],
        json!({ "user_api_keys_enabled": false, "orgs_api_keys_enabled": true })
    );
    let created = browser
        .post("/__clerk/v1/organizations", &[("name", "Engines")])
        .await;
    let org = created.body["response"]["id"].as_str().unwrap().to_owned();
    let (status, made) = call(
        &server,
        Method::POST,
        "/api_keys",
        Some(&token),
        Some(json!({ "type": "api_key", "name": "ci", "subject": org })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{made}");
    assert_eq!(made["subject"], org.as_str());

    // A plain member may not even list them (`org:sys_api_keys:read` is the admin's).
    let grace = add_user(&server, "grace@example.com", "compiler-cobol-1959").await;
    server
        .api(
            Method::POST,
            &format!("/v1/organizations/{org}/memberships"),
            Some(json!({ "user_id": grace })),
        )
        .await;
    let mut other = server.browser();
    let (_, grace_token) = session(
        &mut other,
        Some(("grace@example.com", "compiler-cobol-1959")),
    )
    .await;
    let (status, _) = call(
        &server,
        Method::GET,
        &format!("/api_keys?subject={org}"),
        Some(&grace_token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &server,
        Method::POST,
        &format!("/api_keys/{}/revoke", made["id"].as_str().unwrap()),
        Some(&grace_token),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, listed) = call(
        &server,
        Method::GET,
        &format!("/api_keys?subject={org}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed["total_count"], 1);
    server.assert_nothing_unhandled().await;
}
