//! The JSON API over real HTTP: signed out is 401 JSON on every route; a Bearer session token
//! works without cookies; one user cannot reach another's notes.

mod support;

use reqwest::Method;
use serde_json::json;
use support::{exchange, json_of, Server};

/// Every route of the API, with a body where it takes one.
fn routes() -> Vec<(Method, &'static str, Option<serde_json::Value>)> {
    let draft = json!({ "title": "t", "body": "b" });
    vec![
        (Method::GET, "/api/me", None),
        (Method::GET, "/api/notes", None),
        (Method::POST, "/api/notes", Some(draft.clone())),
        (Method::GET, "/api/notes/note_x", None),
        (Method::PATCH, "/api/notes/note_x", Some(draft)),
        (Method::DELETE, "/api/notes/note_x", None),
    ]
}

#[tokio::test]
async fn signed_out_calls_get_401_json_never_a_redirect() {
    let server = Server::start();
    let callers: [(&str, Vec<(&str, &str)>); 4] = [
        ("curl", vec![("accept", "*/*")]),
        (
            "fetch",
            vec![("accept", "*/*"), ("sec-fetch-dest", "empty")],
        ),
        ("json client", vec![("accept", "application/json")]),
        ("bad token", vec![("authorization", "Bearer not.a.jwt")]),
    ];
    for (method, path, body) in routes() {
        for (caller, headers) in &callers {
            let mut request = server.request(method.clone(), path);
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            if let Some(body) = &body {
                request = request.json(body);
            }
            let response = request.send().await.unwrap();
            assert_eq!(
                response
                    .headers()
                    .get("www-authenticate")
                    .map(|v| v.to_str().unwrap()),
                Some("Bearer"),
                "{caller} {method} {path}"
            );
            let (status, body) = json_of(response).await;
            assert_eq!(status, 401, "{caller} {method} {path}: {body}");
            assert_eq!(body["error"], "signed_out", "{caller} {method} {path}");
            assert!(
                body["message"].as_str().unwrap().contains("Bearer"),
                "{body}"
            );
            // Why, in Clerk's words: a client can tell "no token" from "a bad one".
            let reason = body["reason"].as_str().unwrap_or_default();
            match *caller {
                "bad token" => assert!(reason.starts_with("token-"), "{body}"),
                _ => assert_eq!(reason, "session-token-and-uat-missing", "{body}"),
            }
        }
    }
}

#[tokio::test]
async fn bearer_tokens_work_without_cookies_and_notes_stay_with_their_owner() {
    let server = Server::start();
    let (ada_id, ada) = server.sign_in_new_user("Ada").await;
    let (_, bob) = server.sign_in_new_user("Bob").await;
    let call = |method: Method, path: &str, token: &str| {
        server.request(method, path).bearer_auth(token.to_owned())
    };

    let (status, me) = exchange(call(Method::GET, "/api/me", &ada)).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["user_id"], ada_id.as_str());
    assert!(
        me["session_id"].as_str().unwrap().starts_with("sess_"),
        "{me}"
    );

    let created = call(Method::POST, "/api/notes", &ada)
        .json(&json!({ "title": "  Groceries ", "body": "eggs" }))
        .send()
        .await
        .unwrap();
    let location = created.headers()["location"].to_str().unwrap().to_owned();
    let (status, note) = support::json_of(created).await;
    assert_eq!(status, 201, "{note}");
    assert_eq!(
        location,
        format!("/api/notes/{}", note["id"].as_str().unwrap())
    );
    assert_eq!(note["title"], "Groceries");
    assert_eq!(note["author_id"], ada_id.as_str());
    assert_eq!(note["org_id"], serde_json::Value::Null);
    let path = format!("/api/notes/{}", note["id"].as_str().unwrap());

    let (status, list) = exchange(call(Method::GET, "/api/notes", &ada)).await;
    assert_eq!((status, list.as_array().unwrap().len()), (200, 1), "{list}");
    // PATCH changes what it names: the body stays.
    let (status, renamed) =
        exchange(call(Method::PATCH, &path, &ada).json(&json!({ "title": "Shopping" }))).await;
    assert_eq!(
        (status, renamed["title"].as_str(), renamed["body"].as_str()),
        (200, Some("Shopping"), Some("eggs")),
        "{renamed}"
    );
    let (status, edited) = exchange(
        call(Method::PATCH, &path, &ada)
            .json(&json!({ "title": "Groceries", "body": "eggs, flour" })),
    )
    .await;
    assert_eq!(
        (status, edited["body"].as_str()),
        (200, Some("eggs, flour")),
        "{edited}"
    );

    // Bob, with a valid token of his own, cannot see, change or delete Ada's note: 404.
    let (status, list) = exchange(call(Method::GET, "/api/notes", &bob)).await;
    assert_eq!((status, list), (200, json!([])));
    for method in [Method::GET, Method::DELETE] {
        let (status, body) = exchange(call(method.clone(), &path, &bob)).await;
        assert_eq!(
            (status, &body["error"]),
            (404, &json!("not_found")),
            "{method}: {body}"
        );
    }
    let response = call(Method::PATCH, &path, &bob)
        .json(&json!({ "title": "mine now" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let (_, unchanged) = exchange(call(Method::GET, &path, &ada)).await;
    assert_eq!(unchanged["title"], "Groceries");

    // Bad input is a JSON error, and saves nothing.
    let (status, error) =
        exchange(call(Method::POST, "/api/notes", &ada).json(&json!({ "title": "   " }))).await;
    assert_eq!(
        (status, &error["error"]),
        (422, &json!("invalid_request")),
        "{error}"
    );
    let (status, error) = exchange(
        call(Method::POST, "/api/notes", &ada)
            .header("content-type", "application/json")
            .body("{not json"),
    )
    .await;
    assert_eq!(
        (status, &error["error"]),
        (400, &json!("invalid_request")),
        "{error}"
    );
    let (status, error) = exchange(
        call(Method::POST, "/api/notes", &ada).json(&json!({ "title": "shared", "shared": true })),
    )
    .await;
    assert_eq!(status, 422, "no active organization: {error}");
    let (status, error) = exchange(
        call(Method::POST, "/api/notes", &ada).json(&json!({ "title": "x", "org_id": "org_gone" })),
    )
    .await;
    assert_eq!(
        status, 422,
        "an organization named while none is active: {error}"
    );
    let (status, error) = exchange(
        call(Method::POST, "/api/notes", &ada)
            .json(&json!({ "title": "x", "org_id": "org_1", "shared": false })),
    )
    .await;
    assert_eq!(status, 422, "contradictory: {error}");
    let (status, error) =
        exchange(call(Method::POST, "/api/notes", &ada).json(&json!({ "title": "nul\0byte" })))
            .await;
    assert_eq!(status, 422, "a NUL is refused on every database: {error}");
    // An unknown API route answers JSON too, and so does an id no note can have (not UTF-8,
    // or a NUL, which PostgreSQL would refuse to compare) and a method a route does not take.
    for path in ["/api/notes/x/y", "/api/notes/%FF", "/api/notes/%00"] {
        let (status, error) = exchange(call(Method::GET, path, &ada)).await;
        assert_eq!(
            (status, &error["error"]),
            (404, &json!("not_found")),
            "{path}: {error}"
        );
    }
    let response = call(Method::PUT, "/api/notes", &ada).send().await.unwrap();
    assert_eq!(response.status(), 405);
    let allow = response
        .headers()
        .get("allow")
        .map(|v| v.to_str().unwrap().to_owned());
    assert!(
        allow.as_deref().is_some_and(|allow| allow.contains("POST")),
        "{allow:?}"
    );
    let error: serde_json::Value = response.json().await.unwrap();
    assert_eq!(error["error"], "method_not_allowed", "{error}");
    let (_, list) = exchange(call(Method::GET, "/api/notes", &ada)).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");

    // The list comes in pages, each pointing to the next with `Link: <…>; rel="next"`.
    for title in ["second", "third"] {
        let response = call(Method::POST, "/api/notes", &ada)
            .json(&json!({ "title": title }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
    }
    let first = call(Method::GET, "/api/notes?limit=2", &ada)
        .send()
        .await
        .unwrap();
    let next = first.headers()["link"].to_str().unwrap().to_owned();
    let (_, page) = support::json_of(first).await;
    let titles = |page: &serde_json::Value| -> Vec<String> {
        let notes = page.as_array().unwrap();
        notes
            .iter()
            .map(|n| n["title"].as_str().unwrap().to_owned())
            .collect()
    };
    // Created in the same millisecond, the two may come in either order (ties go by id).
    let mut newest = titles(&page);
    newest.sort();
    assert_eq!(newest, ["second", "third"]);
    let next = next
        .strip_prefix('<')
        .and_then(|rest| rest.strip_suffix(">; rel=\"next\""))
        .unwrap_or_else(|| panic!("a next link: {next}"));
    let last = call(Method::GET, next, &ada).send().await.unwrap();
    assert!(last.headers().get("link").is_none());
    let (_, page) = support::json_of(last).await;
    assert_eq!(titles(&page), ["Groceries"]);
    let (status, error) = exchange(call(Method::GET, "/api/notes?before=nonsense", &ada)).await;
    assert_eq!(status, 422, "{error}");
    let (status, error) = exchange(call(Method::GET, "/api/notes?limit=many", &ada)).await;
    assert_eq!(status, 400, "{error}");

    let response = call(Method::DELETE, &path, &ada).send().await.unwrap();
    assert_eq!(response.status(), 204);
    let response = call(Method::GET, &path, &ada).send().await.unwrap();
    assert_eq!(response.status(), 404);
}
