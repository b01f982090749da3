//! `/api_keys` (without `/v1`, as `@clerk/backend` calls it): keys a user or an organization
//! hands to a script; the app's server verifies them with `POST /api_keys/verify`.

use std::ops::ControlFlow;

use serde_json::{json, Value};

use crate::clock::now_ms;
use crate::instance::Instance;
use crate::json::api_key::api_key as render;
use crate::json::page_of;
use crate::reply::{ApiError, Reply};
use crate::store::NewApiKey;

use super::request::BapiRequest;

/// `POST /api_keys` with `name` and `subject` (a user or organization id), and optionally
/// `description`, `scopes`, `claims`, `created_by`, `seconds_until_expiration`.
pub(super) fn create(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let text = |name| req.string(name).map(str::to_owned);
    let name = text("name").ok_or_else(|| ApiError::param_missing("name", "name is missing"))?;
    let subject =
        text("subject").ok_or_else(|| ApiError::param_missing("subject", "subject is missing"))?;
    let scopes = match req.field("scopes") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(scopes)) => scopes
            .iter()
            .map(|s| s.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .ok_or_else(|| ApiError::param_invalid("scopes", "must be strings"))?,
        Some(_) => return Err(ApiError::param_invalid("scopes", "must be strings")),
    };
    let lifetime = req.lifetime_secs("seconds_until_expiration")?;
    let now = now_ms();
    let new = NewApiKey {
        name,
        subject,
        description: text("description"),
        scopes,
        claims: req.object("claims")?,
        created_by: text("created_by"),
        expiration: lifetime.map(|secs| now + secs * 1000),
    };
    instance.store.update(|state| {
        if !state.subject_exists(&new.subject) {
            return Err(ApiError::not_found("Subject"));
        }
        let key = state.add_api_key(new, now).map_err(ApiError::from)?;
        Ok(Reply::json(render(key, now, true)))
    })
}

/// `GET /api_keys?subject=…` (`include_invalid=true` for revoked and expired ones too; `query`
/// to search names): `{"data", "total_count"}`, newest first.
pub(super) fn list(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let subject = req
        .query("subject")
        .ok_or_else(|| ApiError::param_missing("subject", "subject is missing"))?;
    let include_invalid = req.query("include_invalid") == Some("true");
    let (limit, offset) = req.paging();
    let now = now_ms();
    Ok(Reply::json(instance.store.read(|state| {
        let keys = state.api_keys_of(subject, include_invalid, req.query("query"), now);
        page_of(&keys, limit, offset, |k| render(k, now, false))
    })))
}

/// `GET /api_keys/{id}`.
pub(super) fn get(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.read(|state| {
        let key = state.api_key(id).ok_or_else(not_found)?;
        Ok(Reply::json(render(key, now, false)))
    })
}

/// `GET /api_keys/{id}/secret`: `{"secret"}`.
pub(super) fn secret(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    instance.store.read(|state| {
        let key = state.api_key(id).ok_or_else(not_found)?;
        Ok(Reply::json(json!({ "secret": key.secret })))
    })
}

/// How often a key's `last_used_at` is written: a script using its key on every request would
/// otherwise have the state file rewritten on every request.
const LAST_USED_GRANULARITY_MS: i64 = 60_000;

/// `POST /api_keys/verify` with `secret`: the key while it is live; `404` otherwise, whatever
/// the reason (unknown, revoked, expired), as Clerk answers. Marks it used (`last_used_at`, which
/// `<APIKeys/>` shows), at most once a minute.
pub(super) fn verify(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let secret = req
        .string("secret")
        .ok_or_else(|| ApiError::param_missing("secret", "secret is missing"))?;
    let now = now_ms();
    // One read decides: the answer (a key used within the minute), or the key to mark used.
    let used_lately = |at: i64| now - at < LAST_USED_GRANULARITY_MS;
    let id = match instance.store.read(|state| {
        let key = state
            .api_key_by_secret(secret)
            .filter(|k| k.valid(now))
            .ok_or_else(not_found)?;
        Ok::<_, ApiError>(if key.last_used_at.is_some_and(used_lately) {
            ControlFlow::Break(render(key, now, false))
        } else {
            ControlFlow::Continue(key.id.clone())
        })
    })? {
        ControlFlow::Continue(id) => id,
        ControlFlow::Break(answer) => return Ok(Reply::json(answer)),
    };
    instance.store.update(|state| {
        let key = state
            .api_keys
            .iter_mut()
            .find(|k| k.id == id && k.valid(now))
            .ok_or_else(not_found)?;
        key.last_used_at = Some(now);
        Ok(Reply::json(render(key, now, false)))
    })
}

/// `POST /api_keys/{id}/revoke` with `revocation_reason`.
pub(super) fn revoke(instance: &Instance, req: &BapiRequest, id: &str) -> Result<Reply, ApiError> {
    let reason = req.string("revocation_reason").map(str::to_owned);
    let now = now_ms();
    instance.store.update(|state| {
        let key = state
            .revoke_api_key(id, reason, now)
            .ok_or_else(not_found)?;
        Ok(Reply::json(render(key, now, false)))
    })
}

/// `DELETE /api_keys/{id}`.
pub(super) fn delete(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    instance.store.update(|state| {
        let before = state.api_keys.len();
        state.api_keys.retain(|k| k.id != id);
        if state.api_keys.len() == before {
            return Err(not_found());
        }
        Ok(Reply::json(
            json!({ "object": "api_key", "id": id, "deleted": true }),
        ))
    })
}

fn not_found() -> ApiError {
    ApiError::not_found("API key")
}
