//! The Backend API `Session` (servers and webhooks see this one; the browser's is in `json.rs`).

use serde_json::{json, Value};

use crate::constants::{
    CHOOSE_ORGANIZATION_TASK, SESSION_ABANDON_MS, SESSION_LIFETIME_MS, SESSION_PENDING,
};
use crate::store::{EndedSession, Session, SessionRecord};

/// Any session the instance knows, active or over, with its status.
pub(crate) fn record(record: SessionRecord<'_>) -> Value {
    render(record.client_id, record.session, record.status.as_str())
}

/// A session that just ended, for the answer and the webhook.
pub(crate) fn ended(ended: &EndedSession) -> Value {
    render(&ended.client_id, &ended.session, ended.status.as_str())
}

fn render(client_id: &str, session: &Session, status: &str) -> Value {
    json!({
        "object": "session",
        "id": session.id,
        "client_id": client_id,
        "user_id": session.user_id,
        "status": status,
        "last_active_organization_id": session.active_organization_id,
        "actor": null,
        "latest_activity": null,
        "tasks": tasks(status),
        "last_active_at": session.last_active_at,
        "expire_at": session.created_at + SESSION_LIFETIME_MS,
        "abandon_at": session.created_at + SESSION_ABANDON_MS,
        "created_at": session.created_at,
        "updated_at": session.updated_at,
    })
}

/// A session's `tasks`: the one the instance sets, choosing an organization, while `pending`.
pub(crate) fn tasks(status: &str) -> Value {
    if status == SESSION_PENDING {
        json!([{ "key": CHOOSE_ORGANIZATION_TASK }])
    } else {
        Value::Null
    }
}
