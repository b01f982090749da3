//! Clerk's `APIKey`, as the Backend API and the Frontend API (`<APIKeys/>`) both answer it.

use serde_json::{json, Value};

use crate::store::ApiKey;

/// The key at `now`; its secret only in the answer that created it (`with_secret`).
pub(crate) fn api_key(key: &ApiKey, now: i64, with_secret: bool) -> Value {
    let mut json = json!({
        "object": "api_key",
        "id": key.id,
        "type": "api_key",
        "name": key.name,
        "subject": key.subject,
        "description": key.description,
        "scopes": key.scopes,
        "claims": key.claims,
        "created_by": key.created_by,
        "revoked": key.revoked,
        "revocation_reason": key.revocation_reason,
        "expired": key.expired(now),
        "expiration": key.expiration,
        "last_used_at": key.last_used_at,
        "created_at": key.created_at,
        "updated_at": key.updated_at,
    });
    if with_secret {
        json["secret"] = Value::String(key.secret.clone());
    }
    json
}
