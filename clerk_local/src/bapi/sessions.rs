//! `/v1/sessions`: list (`user_id`, `client_id`, `status`), get, create (for API tests, as
//! Clerk's testing docs do), revoke, and tokens (`[/{template}]`, as `auth.getToken()` does on a
//! server).

use serde_json::{json, Value};

use crate::clock::now_ms;
use crate::instance::Instance;
use crate::json::session;
use crate::reply::{ApiError, Reply};
use crate::store::{SessionStatus, State};
use crate::tokens::Minter;

use super::request::BapiRequest;

/// `GET /v1/sessions`: newest first, filtered by `user_id`, `client_id` and `status` (ended
/// sessions are kept a while). `paginated=true` (what `@clerk/backend` sends) answers
/// `{"data", "total_count"}`, otherwise a bare array, as Clerk does.
pub(super) fn list(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let status = match req.query("status") {
        None => None,
        Some(text) => Some(SessionStatus::parse(text).ok_or_else(|| {
            ApiError::param_invalid(
                "status",
                "status must be one of active, pending, ended, revoked, removed, expired, \
                 abandoned",
            )
        })?),
    };
    let organization_required = instance.organizations.requires_organization();
    instance.store.read(|state| {
        let mut sessions: Vec<_> = state
            .session_records(organization_required)
            .filter(|r| req.query("user_id").is_none_or(|u| r.session.user_id == u))
            .filter(|r| req.query("client_id").is_none_or(|c| r.client_id == c))
            .filter(|r| status.is_none_or(|s| r.status == s))
            .collect();
        sessions.sort_by_key(|r| std::cmp::Reverse(r.session.created_at));
        let items: Vec<Value> = sessions.into_iter().map(session::record).collect();
        Ok(Reply::json(req.list_answer(items)))
    })
}

/// `GET /v1/sessions/{id}`: active or ended, with its status.
pub(super) fn get(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    instance.store.read(|state| answer(instance, state, id))
}

/// The session `id` as the Backend API answers it.
fn answer(instance: &Instance, state: &State, id: &str) -> Result<Reply, ApiError> {
    state
        .session_records(instance.organizations.requires_organization())
        .find(|r| r.session.id == id)
        .map(|r| Reply::json(session::record(r)))
        .ok_or_else(|| ApiError::not_found("Session"))
}

/// `POST /v1/sessions` with `user_id` (and `active_organization_id`, one of the user's): a
/// session on a new client (no browser holds it).
pub(super) fn create(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let user_id = req
        .string("user_id")
        .ok_or_else(|| ApiError::param_missing("user_id", "user_id is missing"))?
        .to_owned();
    let organization_id = req.string("active_organization_id").map(str::to_owned);
    let now = now_ms();
    instance.update_announcing(|state, events| {
        state
            .user(&user_id)
            .ok_or_else(|| ApiError::not_found("User"))?;
        if let Some(org_id) = &organization_id {
            state
                .membership(org_id, &user_id)
                .ok_or_else(|| ApiError::not_found("Organization membership"))?;
        }
        let client = state.client_or_create(None, now);
        let session_id = client.start_session(&user_id, now);
        if let Some(session) = client.session_mut(&session_id) {
            session.active_organization_id = organization_id.clone();
        }
        events.session("session.created", &session_id, state);
        answer(instance, state, &session_id)
    })
}

/// `POST /v1/sessions/{id}/revoke`: ends the session wherever it is; answers it `revoked`
/// (and `GET` keeps answering it so).
pub(super) fn revoke(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    let now = now_ms();
    let revoked = instance.store.update(|state| {
        state
            .end_session(id, SessionStatus::Revoked, now)
            .map(|ended| session::ended(&ended))
            .ok_or_else(|| ApiError::not_found("Session"))
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
