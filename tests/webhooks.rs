//! `POST /api/webhooks/clerk`: the local instance's own deliveries fill the `users` table with
//! no configuration; forged deliveries change nothing; a delivery id is applied once;
//! `user.deleted` removes the user's data.

mod support;

use reqwest::Method;
use serde_json::{json, Value};
use support::{eventually, exchange, signed_delivery, unique, Server};

/// The `users` row of the token's user, as `/api/me` shows it.
async fn user_row(server: &Server, token: &str) -> Value {
    let (status, me) = exchange(server.request(Method::GET, "/api/me").bearer_auth(token)).await;
    assert_eq!(status, 200, "{me}");
    me["user"].clone()
}

fn user_event(kind: &str, id: &str, first_name: &str, updated_at: i64) -> Value {
    json!({
        "type": kind,
        "object": "event",
        "data": {
            "object": "user", "id": id, "first_name": first_name, "last_name": null,
            "primary_email_address_id": "idn_1",
            "email_addresses": [{ "id": "idn_1", "object": "email_address", "email_address": "x@example.com" }],
            "created_at": 1, "updated_at": updated_at,
        },
        "timestamp": updated_at,
    })
}

#[tokio::test]
async fn the_local_instance_creates_the_users_row_by_webhook() {
    let server = Server::start();
    let (user_id, token) = server.sign_in_new_user("Grace").await;
    let row = eventually(15, || async {
        let row = user_row(&server, &token).await;
        (!row.is_null()).then_some(row)
    })
    .await;
    assert_eq!(row["id"], user_id.as_str());
    assert_eq!(row["first_name"], "Grace");
    assert!(
        row["email"].as_str().unwrap().starts_with("grace-"),
        "{row}"
    );

    // A rename through the Backend API arrives as user.updated.
    server
        .backend(
            Method::PATCH,
            &format!("/users/{user_id}"),
            json!({ "first_name": "Grace B." }),
        )
        .await;
    eventually(15, || async {
        (user_row(&server, &token).await["first_name"] == "Grace B.").then_some(())
    })
    .await;
}

#[tokio::test]
async fn forged_replayed_and_deleting_deliveries() {
    let server = Server::start();
    let secret = server.webhook_secret();
    let (user_id, token) = server.sign_in_new_user("Alan").await;
    eventually(15, || async {
        (!user_row(&server, &token).await.is_null()).then_some(())
    })
    .await;
    let later = || i64::try_from(unique() / 1_000_000).unwrap() + 60_000;

    // Signed with another secret: 400, and nothing changes.
    let forged = user_event("user.updated", &user_id, "Mallory", later());
    let response = signed_delivery(
        &server,
        "whsec_b3RoZXItc2VjcmV0LWtleQ==",
        "msg_forged",
        &forged,
    )
    .send()
    .await
    .unwrap();
    assert_eq!(response.status(), 400);
    // No signature headers at all: 400 too.
    let response = server
        .request(Method::POST, "/api/webhooks/clerk")
        .json(&forged)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(user_row(&server, &token).await["first_name"], "Alan");

    // A delivery id is applied once: the same id again, even with another body, is
    // acknowledged (so Clerk stops retrying) and ignored.
    let id = format!("msg_{}", unique());
    let first = user_event("user.updated", &user_id, "Alan T.", later());
    let (status, receipt) = exchange(signed_delivery(&server, &secret, &id, &first)).await;
    assert_eq!(
        (status, &receipt["applied"]),
        (200, &json!(true)),
        "{receipt}"
    );
    let again = user_event("user.updated", &user_id, "Replayed", later());
    let (status, receipt) = exchange(signed_delivery(&server, &secret, &id, &again)).await;
    assert_eq!(
        (status, &receipt["applied"]),
        (200, &json!(false)),
        "{receipt}"
    );
    assert_eq!(user_row(&server, &token).await["first_name"], "Alan T.");
    // Nor does the same delivery under the id's other header name, with an empty `svix-id`:
    // it is known by the id its signature covers.
    let renamed = signed_delivery(&server, &secret, &id, &again);
    let mut renamed = renamed.build().unwrap();
    let svix_id = renamed.headers_mut().remove("svix-id").unwrap();
    renamed.headers_mut().insert("svix-id", "".parse().unwrap());
    renamed.headers_mut().insert("webhook-id", svix_id);
    let (status, receipt) =
        support::json_of(support::client().execute(renamed).await.unwrap()).await;
    assert_eq!(
        (status, &receipt["applied"]),
        (200, &json!(false)),
        "{receipt}"
    );
    assert_eq!(user_row(&server, &token).await["first_name"], "Alan T.");

    // An older event arriving late does not undo a newer one.
    let stale = user_event("user.updated", &user_id, "Stale", 2);
    let (status, _) = exchange(signed_delivery(
        &server,
        &secret,
        &format!("msg_{}", unique()),
        &stale,
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(user_row(&server, &token).await["first_name"], "Alan T.");

    // user.deleted removes the row and the user's personal notes.
    let response = server
        .request(Method::POST, "/api/notes")
        .bearer_auth(&token)
        .json(&json!({ "title": "to be deleted" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    // Each a new delivery, applied.
    let (server, secret) = (&server, &secret);
    let apply = |event: Value| async move {
        let id = format!("msg_{}", unique());
        let (status, receipt) = exchange(signed_delivery(server, secret, &id, &event)).await;
        assert_eq!(
            (status, &receipt["applied"]),
            (200, &json!(true)),
            "{receipt}"
        );
    };
    apply(json!({ "type": "user.deleted", "object": "event", "data": { "object": "user", "id": user_id, "deleted": true } })).await;
    assert!(user_row(server, &token).await.is_null());
    // A user.created retried after the deletion does not bring the user back.
    apply(user_event("user.created", &user_id, "Alan", later())).await;
    assert!(user_row(server, &token).await.is_null());
    let (_, notes) = exchange(
        server
            .request(Method::GET, "/api/notes")
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(notes, json!([]));
    // The user's session token is still valid (Clerk signs them out within a minute), but
    // what the deletion removed stays removed.
    let (status, refused) = exchange(
        server
            .request(Method::POST, "/api/notes")
            .bearer_auth(&token)
            .json(&json!({ "title": "after the deletion" })),
    )
    .await;
    assert_eq!(
        (status, &refused["error"], &refused["message"]),
        (
            403,
            &json!("forbidden"),
            &json!("this user has been deleted")
        ),
        "{refused}"
    );
}
