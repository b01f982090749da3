//! `POST /api/webhooks/clerk`: Clerk's events keep the `users` table (and the notes of deleted
//! users and organizations) in step with Clerk.
//!
//! Verified by `VerifiedWebhook` (Standard Webhooks signatures; a bad one is answered 400/401
//! and changes nothing). Applied at most once per `svix-id`, in one transaction with the record
//! of the delivery, so a redelivery, or the same delivery reaching two servers, is applied once.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use leptos_clerk::server::{Clerk, VerifiedWebhook, WebhookEvent};
use serde::Serialize;

use super::api::ApiError;
use super::db::{now_ms, Db};
use super::users;

/// Deliveries are remembered this long: Clerk (Svix) stops retrying after about three days.
const REMEMBER_DELIVERIES_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// What the handler did with a delivery.
#[derive(Debug, Serialize)]
pub struct Receipt {
    #[serde(rename = "type")]
    event_type: String,
    /// `false` for a delivery that was already applied.
    applied: bool,
}

/// The handler. A delivery is known by the id its signature covers (`event.delivery_id`).
pub async fn receive(
    State(db): State<Db>,
    clerk: Clerk,
    VerifiedWebhook(event): VerifiedWebhook,
) -> Result<Json<Receipt>, ApiError> {
    // A user changed elsewhere (in Clerk's UI, from the browser with `use_user().update(..)`,
    // in the Dashboard): this server's next page render loads them afresh instead of showing
    // its cached copy for up to ten seconds more (also when the database write below fails).
    // Other servers' copies expire on their own.
    if let Some(user_id) = changed_user(&event) {
        clerk.forget_user(user_id);
    }
    let applied = apply_once(&db, &event).await?;
    let delivery = &event.delivery_id;
    if applied {
        tracing::info!(event = %event.event_type, %delivery, "webhook applied");
    } else {
        tracing::info!(event = %event.event_type, %delivery, "webhook already applied");
    }
    Ok(Json(Receipt {
        event_type: event.event_type,
        applied,
    }))
}

async fn apply_once(db: &Db, event: &WebhookEvent) -> Result<bool, ApiError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    // Concurrent deliveries of one id: the second insert waits for the first transaction, then
    // finds the row and does nothing.
    let recorded = sqlx::query(
        "INSERT INTO webhook_deliveries (id, event_type, received_at) VALUES ($1, $2, $3) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&event.delivery_id)
    .bind(&event.event_type)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if recorded.rows_affected() == 0 {
        return Ok(false);
    }
    match event.event_type.as_str() {
        "user.created" | "user.updated" => {
            let user = event.user().ok_or_else(|| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "the event's data is not a Clerk user",
                )
            })?;
            users::upsert(&mut tx, &user).await?;
        }
        "user.deleted" => users::delete(&mut tx, deleted_id(event)?).await?,
        "organization.deleted" => users::delete_organization(&mut tx, deleted_id(event)?).await?,
        // Everything else is acknowledged: Clerk would otherwise retry it for days.
        _ => {}
    }
    sqlx::query("DELETE FROM webhook_deliveries WHERE received_at < $1")
        .bind(now - REMEMBER_DELIVERIES_MS)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// The user a `user.*` event is about.
fn changed_user(event: &WebhookEvent) -> Option<&str> {
    event
        .event_type
        .starts_with("user.")
        .then(|| event.data.get("id")?.as_str())
        .flatten()
}

/// `data.id` of a `*.deleted` event.
fn deleted_id(event: &WebhookEvent) -> Result<&str, ApiError> {
    event
        .data
        .get("id")
        .and_then(|id| id.as_str())
        .filter(|id| !id.is_empty())
        .ok_or_else(|| ApiError::new(StatusCode::BAD_REQUEST, "the event's data has no id"))
}
