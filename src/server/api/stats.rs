//! `GET /api/stats`: for the app's other services, not for people. A machine calls it with an
//! M2M token (`Authorization: Bearer mt_…` or its JWT form); a session token, a cookie or no
//! token is `401`, whoever the user.

use axum::extract::State;
use axum::http::header;
use axum::Json;
use leptos_clerk::server::M2mAuth;
use serde::Serialize;
use sqlx::Row;

use super::ApiError;
use crate::server::db::Db;

/// What `GET /api/stats` answers.
#[derive(Serialize)]
pub(super) struct Stats {
    /// The machine that asked (`mch_…`).
    machine_id: String,
    /// Rows of `users` (kept by the webhooks) and of `notes`.
    users: i64,
    notes: i64,
}

pub(super) async fn stats(
    State(db): State<Db>,
    machine: M2mAuth,
) -> Result<([(header::HeaderName, &'static str); 1], Json<Stats>), ApiError> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM users) AS users, (SELECT COUNT(*) FROM notes) AS notes",
    )
    .fetch_one(&db)
    .await?;
    let stats = Stats {
        machine_id: machine.machine_id,
        users: row.try_get("users")?,
        notes: row.try_get("notes")?,
    };
    // ClerkLayer sees no signed-in user here, so nothing else marks the answer private.
    Ok(([(header::CACHE_CONTROL, "private, no-store")], Json(stats)))
}
