//! Webhooks: delivered to a loopback receiver, signed per Standard Webhooks, retried on failure.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::Method;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::support::Server;

/// (svix-id, svix-timestamp, svix-signature, body) of one POST.
type Post = (String, String, String, String);

#[derive(Clone, Default)]
struct Received {
    /// Every POST, refused ones included.
    posts: Arc<Mutex<Vec<Post>>>,
    /// How many POSTs to refuse with a 500 before accepting.
    refuse_first: usize,
}

async fn receive(State(received): State<Received>, headers: HeaderMap, body: String) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let mut posts = received.posts.lock().unwrap();
    posts.push((
        header("svix-id"),
        header("svix-timestamp"),
        header("svix-signature"),
        body,
    ));
    if posts.len() <= received.refuse_first {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::NO_CONTENT
    }
}

async fn receiver(refuse_first: usize) -> (String, Received) {
    let received = Received {
        refuse_first,
        ..Received::default()
    };
    let app = Router::new()
        .route("/hooks", post(receive))
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, received)
}

/// Waits until `count` POSTs arrived (or fails after 20 s).
async fn wait_for(received: &Received, count: usize) -> Vec<Post> {
    for _ in 0..200 {
        let posts = received.posts.lock().unwrap().clone();
        if posts.len() >= count {
            return posts;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("expected {count} webhook deliveries");
}

/// What `@clerk/backend`'s `verifyWebhook` (standardwebhooks) checks.
fn verify(secret: &str, id: &str, timestamp: &str, signature: &str, body: &str) -> bool {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let expected = format!(
        "v1,{}",
        STANDARD.encode(hmac(&key, format!("{id}.{timestamp}.{body}").as_bytes()))
    );
    signature.split(' ').any(|s| s == expected)
}

fn hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 64];
    block[..key.len()].copy_from_slice(key);
    let inner: Vec<u8> = Sha256::new()
        .chain_update(block.map(|b| b ^ 0x36))
        .chain_update(message)
        .finalize()
        .to_vec();
    Sha256::new()
        .chain_update(block.map(|b| b ^ 0x5c))
        .chain_update(inner)
        .finalize()
        .to_vec()
}

#[tokio::test]
async fn events_are_signed_per_standard_webhooks() {
    let (url, received) = receiver(0).await;
    let server = Server::start_edited(|config| config.webhook_url = Some(url)).await;
    let secret = server.instance.webhook_secret();
    assert!(secret.starts_with("whsec_"));

    // Sign-in: session.created; a Backend API user: user.created, user.updated; the
    // organization they create: organization.created, their membership, organization.updated,
    // a second member added, promoted and removed (organizationMembership.created, .updated,
    // .deleted), an invitation created and revoked, organization.deleted; user.deleted;
    // sign-out: session.ended.
    let mut browser = server.browser();
    browser.sign_in().await;
    let (_, user) = server
        .api(
            Method::POST,
            "/v1/users",
            Some(json!({ "email_address": ["grace@example.com"] })),
        )
        .await;
    let id = user["id"].as_str().unwrap();
    server
        .api(
            Method::PATCH,
            &format!("/v1/users/{id}"),
            Some(json!({ "first_name": "Grace" })),
        )
        .await;
    let (_, organization) = server
        .api(
            Method::POST,
            "/v1/organizations",
            Some(json!({ "name": "Navy", "created_by": id })),
        )
        .await;
    let org_id = organization["id"].as_str().unwrap();
    server
        .api(
            Method::PATCH,
            &format!("/v1/organizations/{org_id}"),
            Some(json!({ "name": "US Navy" })),
        )
        .await;
    // A second member, promoted, then removed.
    let (_, member) = server
        .api(
            Method::POST,
            "/v1/users",
            Some(json!({ "email_address": ["betty@example.com"] })),
        )
        .await;
    let member_id = member["id"].as_str().unwrap();
    let membership = format!("/v1/organizations/{org_id}/memberships/{member_id}");
    server
        .api(
            Method::POST,
            &format!("/v1/organizations/{org_id}/memberships"),
            Some(json!({ "user_id": member_id, "role": "org:member" })),
        )
        .await;
    server
        .api(
            Method::PATCH,
            &membership,
            Some(json!({ "role": "org:admin" })),
        )
        .await;
    server.api(Method::DELETE, &membership, None).await;
    // An invitation, revoked.
    let invitations = format!("/v1/organizations/{org_id}/invitations");
    let (_, invitation) = server
        .api(
            Method::POST,
            &invitations,
            Some(json!({ "email_address": "ada@example.com", "role": "org:member" })),
        )
        .await;
    let invitation_id = invitation["id"].as_str().unwrap();
    let revoke = format!("{invitations}/{invitation_id}/revoke");
    server.api(Method::POST, &revoke, None).await;
    // Only a pending invitation can be revoked (and announced).
    let (again, refused) = server.api(Method::POST, &revoke, None).await;
    assert_eq!(again, StatusCode::BAD_REQUEST, "{refused}");
    server
        .api(Method::DELETE, &format!("/v1/organizations/{org_id}"), None)
        .await;
    server
        .api(Method::DELETE, &format!("/v1/users/{id}"), None)
        .await;
    browser
        .send(reqwest::Method::DELETE, "/__clerk/v1/client/sessions", &[])
        .await;

    let posts = wait_for(&received, 15).await;
    let mut kinds = Vec::new();
    for (svix_id, timestamp, signature, body) in &posts {
        assert!(svix_id.starts_with("msg_"), "{svix_id}");
        let age = chrono_free_now() - timestamp.parse::<i64>().unwrap();
        assert!((0..300).contains(&age), "timestamp within tolerance");
        assert!(
            verify(&secret, svix_id, timestamp, signature, body),
            "signature of {body}"
        );
        let event: Value = serde_json::from_str(body).unwrap();
        assert_eq!(event["object"], "event");
        if event["type"] == "organization.deleted" {
            // Clerk's deleted object: what the app's webhook reads to forget the organization.
            assert_eq!(
                event["data"],
                json!({ "object": "organization", "id": org_id, "slug": "navy", "deleted": true })
            );
        }
        match event["type"].as_str().unwrap() {
            "organization.updated" => {
                assert_eq!(event["data"]["name"], "US Navy");
                assert!(event["data"]["private_metadata"].is_object(), "{event}");
            }
            "organizationMembership.updated" => assert_eq!(event["data"]["role"], "org:admin"),
            "organizationMembership.deleted" => {
                assert_eq!(event["data"]["public_user_data"]["user_id"], member_id);
                assert_eq!(event["data"]["organization"]["id"], org_id);
                // The Backend API's organization, as in every membership event.
                assert!(event["data"]["organization"]["private_metadata"].is_object());
            }
            _ => {}
        }
        kinds.push(event["type"].as_str().unwrap().to_owned());
    }
    kinds.sort();
    for kind in [
        "organization.created",
        "organization.updated",
        "organization.deleted",
        "organizationMembership.created",
        "organizationMembership.updated",
        "organizationMembership.deleted",
        "organizationInvitation.created",
        "organizationInvitation.revoked",
        "session.created",
        "session.ended",
        "user.created",
        "user.deleted",
        "user.updated",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
    }
}

#[tokio::test]
async fn a_refused_delivery_is_retried_with_the_same_id() {
    let (url, received) = receiver(1).await;
    let server = Server::start_edited(|config| config.webhook_url = Some(url)).await;
    server
        .api(
            Method::POST,
            "/v1/users",
            Some(json!({ "email_address": ["grace@example.com"] })),
        )
        .await;
    let posts = wait_for(&received, 2).await;
    assert_eq!(posts[0].0, posts[1].0, "a retry keeps its svix-id");
    assert_eq!(posts[0].3, posts[1].3, "and its body");
}

fn chrono_free_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test]
async fn deleting_the_client_ends_its_sessions_with_a_webhook_each() {
    let (url, received) = receiver(0).await;
    let server = Server::start_edited(|config| config.webhook_url = Some(url)).await;
    let mut browser = server.browser();
    let sid = browser.sign_in_session_id().await;

    // clerk-js 5.0's sign-out.
    browser
        .send(reqwest::Method::DELETE, "/__clerk/v1/client", &[])
        .await;

    let posts = wait_for(&received, 2).await;
    let events: Vec<Value> = posts
        .iter()
        .map(|(_, _, _, body)| serde_json::from_str(body).unwrap())
        .collect();
    let ended = events
        .iter()
        .find(|e| e["type"] == "session.ended")
        .unwrap_or_else(|| panic!("session.ended in {events:?}"));
    assert_eq!(ended["data"]["id"], sid.as_str());
    assert_eq!(ended["data"]["status"], "ended");
    let (status, session) = server
        .api(Method::GET, &format!("/v1/sessions/{sid}"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{session}");
    assert_eq!(session["status"], "ended");
}

#[tokio::test]
async fn organization_changes_made_in_the_browser_are_announced() {
    let (url, received) = receiver(0).await;
    let server = Server::start_edited(|config| {
        config.webhook_url = Some(url);
        config.organizations.enabled = true;
    })
    .await;
    let mut browser = server.browser();
    browser.sign_in().await;
    let created = browser
        .post("/__clerk/v1/organizations", &[("name", "Engines")])
        .await;
    let org_id = created.body["response"]["id"].as_str().unwrap().to_owned();
    browser
        .post(
            &format!("/__clerk/v1/organizations/{org_id}?_method=PATCH"),
            &[("name", "Analytical Engines")],
        )
        .await;
    let (_, grace) = server
        .api(
            Method::POST,
            "/v1/users",
            Some(json!({ "email_address": ["grace@example.com"] })),
        )
        .await;
    let grace_id = grace["id"].as_str().unwrap();
    server
        .api(
            Method::POST,
            &format!("/v1/organizations/{org_id}/memberships"),
            Some(json!({ "user_id": grace_id })),
        )
        .await;
    // <OrganizationProfile/>'s Members page: change Grace's role, then remove her.
    let membership = format!("/__clerk/v1/organizations/{org_id}/memberships/{grace_id}");
    let promoted = browser
        .post(
            &format!("{membership}?_method=PATCH"),
            &[("role", "org:admin")],
        )
        .await;
    assert_eq!(promoted.status, StatusCode::OK, "{}", promoted.body);
    let removed = browser
        .post(&format!("{membership}?_method=DELETE"), &[])
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);

    // The Members page's invitations: one revoked, one accepted by the invited user.
    let invitations = format!("/__clerk/v1/organizations/{org_id}/invitations");
    let revoked = browser
        .post(&invitations, &[("email_address", "nobody@example.com")])
        .await;
    let revoked_id = revoked.body["response"]["id"].as_str().unwrap().to_owned();
    browser
        .post(&format!("{invitations}/{revoked_id}/revoke"), &[])
        .await;
    let (_, hedy_user) = server
        .api(
            Method::POST,
            "/v1/users",
            Some(json!({ "email_address": ["hedy@example.com"], "password": "frequency-hopping-1942" })),
        )
        .await;
    let invited = browser
        .post(&invitations, &[("email_address", "hedy@example.com")])
        .await;
    let invited_id = invited.body["response"]["id"].as_str().unwrap().to_owned();
    let mut hedy = server.browser();
    hedy.sign_in_as("hedy@example.com", "frequency-hopping-1942")
        .await;
    let accepted = hedy
        .post(
            &format!("/__clerk/v1/me/organization_invitations/{invited_id}/accept"),
            &[],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);

    // session.created (twice), user.created (twice), three memberships created, two
    // invitations created, and the six below.
    let posts = wait_for(&received, 15).await;
    let events: Vec<Value> = posts
        .iter()
        .map(|(_, _, _, body)| serde_json::from_str(body).unwrap())
        .collect();
    let data = |kind: &str| {
        events
            .iter()
            .find(|e| e["type"] == kind)
            .map(|e| e["data"].clone())
            .unwrap_or_else(|| panic!("{kind} in {events:?}"))
    };
    assert_eq!(data("organization.created")["name"], "Engines");
    assert_eq!(data("organization.updated")["name"], "Analytical Engines");
    let updated = data("organizationMembership.updated");
    assert_eq!(updated["role"], "org:admin");
    assert_eq!(updated["public_user_data"]["user_id"], grace_id);
    let deleted = data("organizationMembership.deleted");
    assert_eq!(deleted["public_user_data"]["user_id"], grace_id);
    assert_eq!(deleted["organization"]["id"], org_id.as_str());
    let revoked = data("organizationInvitation.revoked");
    assert_eq!(revoked["id"], revoked_id.as_str());
    assert_eq!(revoked["status"], "revoked");
    let accepted = data("organizationInvitation.accepted");
    assert_eq!(accepted["id"], invited_id.as_str());
    assert_eq!(accepted["status"], "accepted");
    assert_eq!(accepted["user_id"], hedy_user["id"]);
    // Each delivery is a task of its own: they may arrive in any order.
    let mut invited: Vec<&str> = events
        .iter()
        .filter(|e| e["type"] == "organizationInvitation.created")
        .filter_map(|e| e["data"]["email_address"].as_str())
        .collect();
    invited.sort_unstable();
    assert_eq!(invited, ["hedy@example.com", "nobody@example.com"]);
}

/// Each change renders its event while it still holds the store: two updates to a user at the
/// same moment are each announced, and answered, with the name that update gave. (Read back
/// after the store was let go, both could carry the later one.)
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn updates_at_the_same_moment_are_each_announced_with_their_own_state() {
    const USERS: usize = 24;
    let (url, received) = receiver(0).await;
    let server = Arc::new(Server::start_edited(|config| config.webhook_url = Some(url)).await);
    let mut ids = Vec::new();
    for n in 0..USERS {
        let email = format!("twin-{n}@example.com");
        let (status, user) = server
            .api(
                Method::POST,
                "/v1/users",
                Some(json!({ "email_address": [email] })),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{user}");
        ids.push(user["id"].as_str().unwrap().to_owned());
    }
    let races = ids.iter().map(|id| {
        let (server, id) = (server.clone(), id.clone());
        tokio::spawn(async move {
            let path = format!("/v1/users/{id}");
            let rename = |name: String| {
                server.api(Method::PATCH, &path, Some(json!({ "first_name": name })))
            };
            let (first, second) = tokio::join!(
                rename(format!("First {id}")),
                rename(format!("Second {id}"))
            );
            for ((status, user), name) in [(first, "First"), (second, "Second")] {
                assert_eq!(status, StatusCode::OK, "{user}");
                assert_eq!(user["first_name"], format!("{name} {id}"), "the reply");
            }
        })
    });
    for race in races.collect::<Vec<_>>() {
        race.await.unwrap();
    }

    // user.created for each, and user.updated twice. A delivery retried (a slow receiver)
    // arrives twice with the same svix-id: counted once.
    let mut posts = wait_for(&received, 3 * USERS).await;
    let events = loop {
        let mut seen = std::collections::HashSet::new();
        let events: Vec<Value> = posts
            .iter()
            .filter(|(svix_id, ..)| seen.insert(svix_id.clone()))
            .map(|(_, _, _, body)| serde_json::from_str(body).unwrap())
            .collect();
        if events.len() >= 3 * USERS {
            break events;
        }
        posts = wait_for(&received, posts.len() + 1).await;
    };
    for id in &ids {
        let mut names: Vec<&str> = events
            .iter()
            .filter(|event| event["type"] == "user.updated" && event["data"]["id"] == id.as_str())
            .map(|event| event["data"]["first_name"].as_str().unwrap_or_default())
            .collect();
        names.sort_unstable();
        assert_eq!(names, [format!("First {id}"), format!("Second {id}")]);
    }
}

#[tokio::test]
async fn the_waitlist_sends_an_entry_when_it_joins_and_when_it_is_decided() {
    let (url, received) = receiver(0).await;
    let server = Server::start_edited(|config| {
        config.webhook_url = Some(url);
        config.sign_up_mode = clerk_local::SignUpMode::Waitlist;
    })
    .await;
    let mut browser = server.browser();
    let joined = browser
        .post(
            "/__clerk/v1/waitlist",
            &[("email_address", "grace@example.com")],
        )
        .await;
    let id = joined.body["id"].as_str().unwrap();
    // Joining again is no news.
    browser
        .post(
            "/__clerk/v1/waitlist",
            &[("email_address", "grace@example.com")],
        )
        .await;
    server
        .api(
            Method::POST,
            &format!("/v1/waitlist_entries/{id}/invite"),
            None,
        )
        .await;
    let posts = wait_for(&received, 2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(received.posts.lock().unwrap().len(), 2, "one event each");
    // Each delivery runs on its own: they may arrive in either order.
    let mut events: Vec<(String, String, String)> = posts
        .iter()
        .map(|(_, _, _, body)| {
            let event: Value = serde_json::from_str(body).unwrap();
            let field = |path: &[&str]| {
                let mut value = &event;
                for key in path {
                    value = &value[*key];
                }
                value.as_str().unwrap().to_owned()
            };
            (
                field(&["type"]),
                field(&["data", "status"]),
                field(&["data", "id"]),
            )
        })
        .collect();
    events.sort();
    let entry = |kind: &str, status: &str| (kind.to_owned(), status.to_owned(), id.to_owned());
    assert_eq!(
        events,
        [
            entry("waitlistEntry.created", "pending"),
            entry("waitlistEntry.updated", "invited"),
        ]
    );
}

#[tokio::test]
async fn a_pending_session_is_announced_pending() {
    let (url, received) = receiver(0).await;
    let server = Server::start_edited(|config| {
        config.webhook_url = Some(url);
        config.organizations.enabled = true;
        config.organizations.personal_accounts = false;
    })
    .await;
    let sid = server.browser().sign_in_session_id().await;
    let posts = wait_for(&received, 1).await;
    let created: Value = serde_json::from_str(&posts[0].3).unwrap();
    assert_eq!(created["type"], "session.created");
    assert_eq!(created["data"]["id"], sid.as_str());
    assert_eq!(created["data"]["status"], "pending");
    assert_eq!(
        created["data"]["tasks"],
        serde_json::json!([{ "key": "choose-organization" }])
    );
}
