//! The Backend API client against a loopback server that records every call: paths, methods,
//! queries, bodies and headers; lists, pages, errors, retries and timeouts.
#![cfg(feature = "ssr")]

#[path = "support/loopback.rs"]
mod loopback;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use leptos_clerk::server::{
    ClerkClient, ClerkError, MetadataParams, OrganizationParams, RetryPolicy, SessionListParams,
    UserListParams, UserParams,
};
use serde_json::{json, Value};

/// One call the fake received.
#[derive(Clone, Debug)]
struct Seen {
    method: Method,
    path: String,
    query: String,
    body: Value,
    headers: HeaderMap,
}

/// A canned answer: status, headers, JSON body.
type Answer = (StatusCode, Vec<(&'static str, &'static str)>, Value);

#[derive(Default)]
struct Fake {
    seen: Mutex<Vec<Seen>>,
    /// Answers to give first, in order, before the normal ones.
    queued: Mutex<Vec<Answer>>,
}

fn user(id: &str) -> Value {
    json!({"id": id, "object": "user", "first_name": "Ada", "email_addresses": [],
        "brand_new_field": {"x": 1}, "created_at": 1_700_000_000_000_i64})
}

async fn handle(State(fake): State<Arc<Fake>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let bytes: Bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let seen = Seen {
        method: parts.method.clone(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or_default().to_owned(),
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        headers: parts.headers.clone(),
    };
    fake.seen.lock().expect("lock").push(seen.clone());
    let queued = {
        let mut q = fake.queued.lock().expect("lock");
        (!q.is_empty()).then(|| q.remove(0))
    };
    if let Some((status, headers, body)) = queued {
        let mut response = (status, Json(body)).into_response();
        for (k, v) in headers {
            response
                .headers_mut()
                .insert(k, v.parse().expect("header value"));
        }
        return response;
    }
    let path: Vec<&str> = seen.path.trim_start_matches('/').split('/').collect();
    let answer = match (seen.method.as_str(), path.as_slice()) {
        ("GET", ["v1", "users"]) => json!([user("user_1"), user("user_2")]),
        ("POST", ["v1", "users"]) => user("user_new"),
        ("PATCH", ["v1", "users", id] | ["v1", "users", id, "metadata"]) => user(id),
        ("DELETE", ["v1", "users", id]) => json!({"id": id, "object": "user", "deleted": true}),
        ("GET", ["v1", "sessions"]) => {
            json!({"data": [{"id": "sess_1", "status": "active", "user_id": "user_1"}], "total_count": 1})
        }
        ("GET", ["v1", "sessions", id]) => json!({"id": id, "status": "active", "actor": null}),
        ("POST", ["v1", "sessions", id, "revoke"]) => json!({"id": id, "status": "revoked"}),
        ("POST", ["v1", "sessions", _, "tokens", ..]) => {
            json!({"object": "token", "jwt": "jwt.from.bapi"})
        }
        ("GET", ["v1", "organizations", id]) => json!({"id": id, "name": "Acme", "slug": "acme",
            "public_metadata": {}, "private_metadata": {"secret": 1}, "members_count": 3}),
        ("GET", ["v1", "organizations", _, "memberships"]) => json!({"data": [{"id": "orgmem_1",
            "role": "org:admin", "permissions": ["org:sys_memberships:manage"],
            "public_user_data": {"user_id": "user_1"}}], "total_count": 1}),
        ("POST", ["v1", "organizations"]) | ("PATCH", ["v1", "organizations", _]) => {
            json!({"id": "org_1", "name": "Acme", "slug": "acme", "public_metadata": {}})
        }
        ("DELETE", ["v1", "organizations", id]) => {
            json!({"id": id, "object": "organization", "deleted": true})
        }
        ("POST", ["v1", "organizations", _, "memberships"])
        | ("PATCH" | "DELETE", ["v1", "organizations", _, "memberships", _]) => {
            json!({"id": "orgmem_1", "role": "org:member"})
        }
        ("PATCH", ["v1", "instance"]) => return StatusCode::NO_CONTENT.into_response(),
        ("POST", ["v1", "organizations", id, "invitations"]) => {
            json!({"object": "organization_invitation", "id": "orginv_1", "organization_id": id})
        }
        ("GET", ["v1", "jwks"]) => {
            json!({"keys": [{"kid": "ins_1", "kty": "RSA", "n": "AQAB", "e": "AQAB"}]})
        }
        ("GET", ["v1", "clients", "handshake_payload"]) => {
            json!({"directives": ["__session=x; Path=/"]})
        }
        ("GET", ["v1", "users", "slow"]) => {
            tokio::time::sleep(Duration::from_secs(2)).await;
            json!({})
        }
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    Json(answer).into_response()
}

async fn fake() -> (ClerkClient, Arc<Fake>) {
    let fake = Arc::new(Fake::default());
    let app = Router::new().fallback(handle).with_state(Arc::clone(&fake));
    let url = loopback::serve(app).await;
    let retry = RetryPolicy {
        attempts: 3,
        base: Duration::from_millis(10),
        max_wait: Duration::from_millis(50),
    };
    let client = ClerkClient::new(url, "sk_test_backend").with_retry(retry);
    (client, fake)
}

fn last(fake: &Fake) -> Seen {
    fake.seen
        .lock()
        .expect("lock")
        .last()
        .cloned()
        .expect("a call")
}

#[tokio::test]
async fn users_list_create_update_and_delete() {
    let (client, fake) = fake().await;
    let users = client
        .users()
        .list_users(&UserListParams::email("ada@example.com").page(20, 40))
        .await
        .expect("list");
    assert_eq!(users.len(), 2);
    let seen = last(&fake);
    assert_eq!(
        seen.query,
        "email_address=ada%40example.com&limit=20&offset=40"
    );
    assert_eq!(seen.headers["clerk-api-version"], "2026-05-12");
    assert_eq!(seen.headers["authorization"], "Bearer sk_test_backend");

    client
        .users()
        .list_users(&UserListParams::external_id("ext-1"))
        .await
        .expect("list");
    assert_eq!(last(&fake).query, "external_id=ext-1");

    let mut params = UserParams::default();
    params.email_address = vec!["new@example.com".into()];
    params.first_name = Some("New".into());
    params.private_metadata = Some(json!({"plan": "gold"}));
    let created = client.users().create_user(&params).await.expect("create");
    assert_eq!(created.id, "user_new");
    let seen = last(&fake);
    assert_eq!(
        (seen.method, seen.path.as_str()),
        (Method::POST, "/v1/users")
    );
    assert_eq!(
        seen.body,
        json!({"email_address": ["new@example.com"], "first_name": "New", "private_metadata": {"plan": "gold"}})
    );

    let mut change = UserParams::default();
    change.last_name = Some("Lovelace".into());
    client
        .users()
        .update_user("user_1", &change)
        .await
        .expect("update");
    let seen = last(&fake);
    assert_eq!(
        (seen.method, seen.body),
        (Method::PATCH, json!({"last_name": "Lovelace"}))
    );

    client
        .users()
        .update_metadata("user_1", &MetadataParams::public(json!({"theme": "dark"})))
        .await
        .expect("metadata");
    let seen = last(&fake);
    assert_eq!(seen.path, "/v1/users/user_1/metadata");
    assert_eq!(seen.body, json!({"public_metadata": {"theme": "dark"}}));

    let deleted = client.users().delete_user("user_1").await.expect("delete");
    assert!(deleted.deleted && deleted.id == "user_1");
    assert!(matches!(
        client.users().delete_user(" ").await,
        Err(ClerkError::InvalidArgument(_))
    ));
}

#[tokio::test]
async fn sessions_organizations_jwks_and_handshake() {
    let (client, fake) = fake().await;
    let sessions = client.sessions();
    assert_eq!(
        sessions
            .get_session("sess_1")
            .await
            .expect("get")
            .status
            .as_deref(),
        Some("active")
    );
    let list = sessions
        .list_sessions(&SessionListParams::user("user_1"))
        .await
        .expect("list");
    assert_eq!(list[0].id, "sess_1");
    assert_eq!(last(&fake).query, "user_id=user_1");
    assert!(sessions
        .list_sessions(&SessionListParams::default())
        .await
        .is_err());
    assert_eq!(
        sessions
            .revoke_session("sess_1")
            .await
            .expect("revoke")
            .status
            .as_deref(),
        Some("revoked")
    );
    let token = sessions
        .create_token("sess_1", Some("supabase"), Some(120))
        .await
        .expect("token");
    assert_eq!(token.jwt, "jwt.from.bapi");
    let seen = last(&fake);
    assert_eq!(seen.path, "/v1/sessions/sess_1/tokens/supabase");
    assert_eq!(seen.body, json!({"expires_in_seconds": 120}));

    let org = client
        .organizations()
        .get_organization("acme")
        .await
        .expect("org");
    assert_eq!((org.name.as_str(), org.members_count), ("Acme", Some(3)));
    let shown = serde_json::to_value(&org).expect("serialise");
    assert!(shown.get("private_metadata").is_none(), "{shown}");
    let members = client
        .organizations()
        .list_memberships("org_1", Some(10), None)
        .await
        .expect("memberships");
    assert_eq!(members[0].role, "org:admin");
    assert_eq!(last(&fake).query, "limit=10");

    // An endpoint with no method of its own: the same key, encoding and errors.
    let invitation: Value = client
        .request(
            Method::POST,
            &["organizations", "org 1", "invitations"],
            &[("notify", "false")],
            Some(&json!({"email_address": "ada@example.com"})),
        )
        .await
        .expect("invitation");
    assert_eq!(invitation["id"], "orginv_1");
    let seen = last(&fake);
    assert_eq!(seen.path, "/v1/organizations/org%201/invitations");
    assert_eq!(seen.query, "notify=false");
    assert_eq!(seen.body, json!({"email_address": "ada@example.com"}));
    assert_eq!(seen.headers["authorization"], "Bearer sk_test_backend");
    let missing = client
        .request::<Value>(Method::GET, &["nothing", "here"], &[], None)
        .await
        .expect_err("404");
    assert_eq!(missing.status(), Some(404));
    // `204 No Content` (Clerk's instance settings answer so) is `null`, which `()` takes.
    let settings = json!({"test_mode": false});
    client
        .request::<()>(Method::PATCH, &["instance"], &[], Some(&settings))
        .await
        .expect("204");

    assert_eq!(client.jwks().await.expect("jwks").keys.len(), 1);
    let payload = client
        .clients()
        .handshake_payload("n 1")
        .await
        .expect("payload");
    assert_eq!(payload.directives, vec!["__session=x; Path=/".to_owned()]);
    assert_eq!(last(&fake).query, "nonce=n+1");
}

#[tokio::test]
async fn organization_writes_send_clerks_paths_and_bodies() {
    let (client, fake) = fake().await;
    let orgs = client.organizations();
    let seen = |fake: &Fake| {
        let seen = last(fake);
        (seen.method.to_string(), seen.path, seen.body)
    };

    let mut params = OrganizationParams::named("Acme");
    params.created_by = Some("user_1".into());
    params.private_metadata = Some(json!({"plan": "pro"}));
    orgs.create_organization(&params).await.expect("create");
    assert_eq!(
        seen(&fake),
        (
            "POST".into(),
            "/v1/organizations".into(),
            json!({"name": "Acme",
            "created_by": "user_1", "private_metadata": {"plan": "pro"}})
        )
    );
    // An update sends what is set, never `created_by` (a creation's only).
    orgs.update_organization("org_1", &params)
        .await
        .expect("update");
    assert_eq!(
        seen(&fake),
        (
            "PATCH".into(),
            "/v1/organizations/org_1".into(),
            json!({"name": "Acme",
            "private_metadata": {"plan": "pro"}})
        )
    );
    let deleted = orgs.delete_organization("org_1").await.expect("delete");
    assert!(deleted.deleted);
    assert_eq!(seen(&fake).1, "/v1/organizations/org_1");

    orgs.create_membership("org_1", "user_2", "org:member")
        .await
        .expect("add");
    assert_eq!(
        seen(&fake),
        (
            "POST".into(),
            "/v1/organizations/org_1/memberships".into(),
            json!({"user_id": "user_2", "role": "org:member"})
        )
    );
    orgs.update_membership("org_1", "user_2", "org:admin")
        .await
        .expect("role");
    assert_eq!(
        seen(&fake),
        (
            "PATCH".into(),
            "/v1/organizations/org_1/memberships/user_2".into(),
            json!({"role": "org:admin"})
        )
    );
    orgs.delete_membership("org_1", "user_2")
        .await
        .expect("remove");
    assert_eq!(
        seen(&fake),
        (
            "DELETE".into(),
            "/v1/organizations/org_1/memberships/user_2".into(),
            Value::Null
        )
    );

    // Empty arguments never leave the process.
    let calls = fake.seen.lock().expect("lock").len();
    assert!(matches!(
        orgs.create_organization(&OrganizationParams::default())
            .await,
        Err(ClerkError::InvalidArgument(_))
    ));
    assert!(matches!(
        orgs.update_membership("org_1", " ", "org:admin").await,
        Err(ClerkError::InvalidArgument(_))
    ));
    assert_eq!(fake.seen.lock().expect("lock").len(), calls);
}

#[tokio::test]
async fn errors_carry_clerks_fields_and_429_is_retried() {
    let (client, fake) = fake().await;
    fake.queued.lock().expect("lock").push((
        StatusCode::UNPROCESSABLE_ENTITY,
        vec![],
        json!({"errors": [{"code": "form_identifier_exists", "message": "taken",
            "long_message": "That email address is taken.", "meta": {"param_name": "email_address"}}],
            "clerk_trace_id": "trace_123"}),
    ));
    let error = client
        .users()
        .create_user(&UserParams::default())
        .await
        .expect_err("422");
    assert_eq!(error.status(), Some(422));
    assert_eq!(error.code(), Some("form_identifier_exists"));
    assert_eq!(error.message(), Some("taken"));
    assert_eq!(error.long_message(), Some("That email address is taken."));
    assert_eq!(error.clerk_trace_id(), Some("trace_123"));
    assert!(error.to_string().contains("That email address is taken."));

    // Rate limited twice, then fine: the call succeeds on the third try.
    for _ in 0..2 {
        fake.queued.lock().expect("lock").push((
            StatusCode::TOO_MANY_REQUESTS,
            vec![("retry-after", "0"), ("cf-ray", "ray_1")],
            json!({"errors": []}),
        ));
    }
    let before = fake.seen.lock().expect("lock").len();
    client.users().get_user("user_1").await.ok();
    assert_eq!(fake.seen.lock().expect("lock").len() - before, 3);

    // Three 429s: the last error is returned, with Retry-After and the cf-ray trace id.
    for _ in 0..3 {
        fake.queued.lock().expect("lock").push((
            StatusCode::TOO_MANY_REQUESTS,
            vec![("retry-after", "0"), ("cf-ray", "ray_2")],
            json!({}),
        ));
    }
    let error = client
        .users()
        .list_users(&UserListParams::default())
        .await
        .expect_err("429");
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.retry_after(), Some(0));
    assert_eq!(error.clerk_trace_id(), Some("ray_2"));

    // A 503 on a POST is not repeated (it may have been processed).
    fake.queued
        .lock()
        .expect("lock")
        .push((StatusCode::SERVICE_UNAVAILABLE, vec![], json!({})));
    let before = fake.seen.lock().expect("lock").len();
    assert!(client
        .users()
        .create_user(&UserParams::default())
        .await
        .is_err());
    assert_eq!(fake.seen.lock().expect("lock").len() - before, 1);
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let (client, _fake) = fake().await;
    let client = client
        .with_timeout(Duration::from_millis(200))
        .with_retry(RetryPolicy {
            attempts: 1,
            ..RetryPolicy::default()
        });
    let started = std::time::Instant::now();
    let error = client.users().get_user("slow").await.expect_err("timeout");
    assert!(matches!(error, ClerkError::Transport { .. }), "{error}");
    assert!(started.elapsed() < Duration::from_secs(2));
}
