//! `/v1/sessions`: list (`user_id`, `client_id`, `status`), get, create (for API tests, as
//! Clerk's testing docs do), revoke, and tokens (`[/{template}]`, as `auth.getToken()` does on a
//! server).

use serde_json::{json, Value};

use crate::clock::now_ms;
use crate::instance::Instance;
use crate::json::session;
use crate::reply::{ApiError, Reply};
use crate::store::State;
use crate::tokens::Minter;

use super::request::BapiRequest;

/// `GET /v1/sessions`: a plain array of active sessions, newest first.
pub(super) fn list(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let (limit, offset) = req.paging();
    let status = req.query("status");
    if status.is_some_and(|s| s != "active") {
        // Ended sessions are not kept: only active ones exist to list.
        return Ok(Reply::json(json!([])));
    }
    instance.store.read(|state| {
        let mut sessions: Vec<_> = state
            .sessions()
            .filter(|(_, s)| req.query("user_id").is_none_or(|u| s.user_id == u))
            .filter(|(c, _)| req.query("client_id").is_none_or(|id| c.id == id))
            .collect();
        sessions.sort_by_key(|(_, s)| std::cmp::Reverse(s.created_at));
        let items: Vec<Value> = sessions
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|(c, s)| session::backend(c, s, None))
            .collect();
        Ok(Reply::json(Value::Array(items)))
    })
}

/// `GET /v1/sessions/{id}`.
pub(super) fn get(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    instance.store.read(|state| {
        state
            .sessions()
            .find(|(_, s)| s.id == id)
            .map(|(c, s)| Reply::json(session::backend(c, s, None)))
            .ok_or_else(|| ApiError::not_found("Session"))
    })
}

/// `POST /v1/sessions` with `user_id`: a session on a new client (no browser holds it).
pub(super) fn create(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let user_id = req
        .string("user_id")
        .ok_or_else(|| ApiError::param_missing("user_id", "user_id is missing"))?
        .to_owned();
    let now = now_ms();
    let session_id = instance.store.update(|state| {
        state
            .user(&user_id)
            .ok_or_else(|| ApiError::not_found("User"))?;
        let client = state.client_or_create(None, now);
        Ok::<_, ApiError>(client.start_session(&user_id, now))
    })?;
    instance.announce_session("session.created", &session_id);
    get(instance, &session_id)
}

/// `POST /v1/sessions/{id}/revoke`: ends the session wherever it is; answers it `revoked`.
pub(super) fn revoke(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    let now = now_ms();
    let revoked = instance.store.update(|state| {
        let client = state
            .clients
            .iter_mut()
            .find(|c| c.session(id).is_some())
            .ok_or_else(|| ApiError::not_found("Session"))?;
        let ended = client
            .end_session(id, now)
            .ok_or_else(|| ApiError::not_found("Session"))?;
        Ok::<_, ApiError>(session::backend(client, &ended, Some("revoked")))
    })?;
    instance
        .webhooks
        .emit(&instance.instance_id, "session.revoked", revoked.clone());
    instance
        .webhooks
        .emit(&instance.instance_id, "session.ended", revoked.clone());
    Ok(Reply::json(revoked))
}

/// `POST /v1/sessions/{id}/tokens[/{template}]`: `{"object": "token", "jwt": ...}`;
/// `expires_in_seconds` sets a session token's lifetime.
pub(super) fn token(
    instance: &Instance,
    req: &BapiRequest,
    id: &str,
    template: Option<&str>,
) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.read(|state: &State| {
        let (_, session) = state
            .sessions()
            .find(|(_, s)| s.id == id)
            .ok_or_else(|| ApiError::not_found("Session"))?;
        let minter = Minter {
            keys: &instance.keys,
            orgs: &instance.organizations,
            state,
            azp: &instance.origin,
            issuer: &instance.issuer,
            now_ms: now,
        };
        let jwt = match template {
            None => minter.session_token_lasting(session, None, req.integer("expires_in_seconds")),
            Some(name) => {
                let template = instance
                    .jwt_templates
                    .iter()
                    .find(|t| t.name == name)
                    .ok_or_else(|| ApiError::not_found("JWT template"))?;
                minter.template_token(session, template)
            }
        };
        Ok(Reply::json(json!({ "object": "token", "jwt": jwt })))
    })
}
