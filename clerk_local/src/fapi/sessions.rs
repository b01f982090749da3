//! `/v1/client/sessions/...`: tokens, touch, end and remove, and sign-out. A session this
//! browser does not have answers 401 `signed_out`, which makes clerk-js sign out.

use serde_json::{json, Value};

use crate::clock::now_ms;
use crate::instance::Instance;
use crate::json::session;
use crate::reply::{ApiError, Reply};
use crate::store::{SessionStatus, State};

use super::{changed_client, client_cookies, current_client, view, FapiRequest};

/// `POST .../tokens[/{template}]`: `{"object":"token","jwt":...}`. A session token carries the
/// organization `organization_id` (default: the session's active one); a template token is
/// shaped by the `[[clerk_local.jwt_templates]]` of that name.
pub(super) fn token(
    instance: &Instance,
    req: &FapiRequest,
    sid: &str,
    template: Option<&str>,
) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.read(|state| {
        let session = current_client(state, req)
            .and_then(|c| c.session(sid))
            .ok_or_else(ApiError::signed_out)?;
        let view = view(instance, state, req, now);
        let jwt = match template {
            None => view
                .minter()
                .session_token(session, req.form("organization_id")),
            Some(name) => {
                let template = instance
                    .jwt_templates
                    .iter()
                    .find(|t| t.name == name)
                    .ok_or_else(|| ApiError::not_found("JWT template"))?;
                view.minter().template_token(session, template)
            }
        };
        Ok(Reply::json(json!({ "object": "token", "jwt": jwt })))
    })
}

/// `GET .../{sid}`: `{"response": <session>, "client": null}`.
pub(super) fn get(instance: &Instance, req: &FapiRequest, sid: &str) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.read(|state| {
        let client = current_client(state, req).ok_or_else(ApiError::signed_out)?;
        let session = client.session(sid).ok_or_else(ApiError::signed_out)?;
        let response = view(instance, state, req, now).session(session);
        Ok(Reply::json(json!({ "response": response, "client": null }))
            .with_cookies(client_cookies(instance, client)))
    })
}

/// `POST .../touch`: marks the session (and its user) active now.
pub(super) fn touch(instance: &Instance, req: &FapiRequest, sid: &str) -> Result<Reply, ApiError> {
    let now = now_ms();
    let token = req.client_token().ok_or_else(ApiError::signed_out)?;
    instance.store.update(|state| {
        let user_id = state
            .client(token)
            .and_then(|client| client.session(sid))
            .ok_or_else(ApiError::signed_out)?
            .user_id
            .clone();
        // `setActive({ organization })` touches the session with the organization to switch to,
        // which must be one of the user's (`""`: the personal account).
        let switch_to = req.form_sent("active_organization_id");
        if let Some(org_id) = switch_to.filter(|id| !id.is_empty()) {
            if state.membership(org_id, &user_id).is_none() {
                return Err(ApiError::not_a_member_of(org_id));
            }
        }
        let client = state.client_mut(token).ok_or_else(ApiError::signed_out)?;
        let session = client.session_mut(sid).ok_or_else(ApiError::signed_out)?;
        session.last_active_at = now;
        session.updated_at = now;
        if let Some(org_id) = switch_to {
            session.active_organization_id = (!org_id.is_empty()).then(|| org_id.to_owned());
        }
        client.last_active_session_id = Some(sid.to_owned());
        if let Some(user) = state.user_mut(&user_id) {
            user.last_active_at = Some(now);
        }
        changed_client(instance, state, req, now, token, |view, client| {
            client
                .session(sid)
                .map_or(serde_json::Value::Null, |s| view.session(s))
        })
    })
}

/// `POST .../end` and `.../remove`: the session is over (kept for the Backend API with that
/// status); the answer still describes it.
pub(super) fn end(
    instance: &Instance,
    req: &FapiRequest,
    sid: &str,
    action: &str,
) -> Result<Reply, ApiError> {
    let now = now_ms();
    let token = req.client_token().ok_or_else(ApiError::signed_out)?;
    let status = if action == "end" {
        SessionStatus::Ended
    } else {
        SessionStatus::Removed
    };
    let (reply, ended) = instance.store.update(|state| {
        let held = state
            .client(token)
            .is_some_and(|c| c.session(sid).is_some());
        if !held {
            return Err(ApiError::signed_out());
        }
        let ended = state
            .end_session(sid, status, now)
            .ok_or_else(ApiError::signed_out)?;
        let reply = changed_client(instance, state, req, now, token, |view, _| {
            view.ended_session(&ended.session, status.as_str())
        })?;
        Ok::<_, ApiError>((reply, session::ended(&ended)))
    })?;
    // Clerk's event names: `session.ended` for end, `session.removed` for remove.
    let kind = if action == "end" {
        "session.ended"
    } else {
        "session.removed"
    };
    instance.webhooks.emit(&instance.instance_id, kind, ended);
    Ok(reply)
}

/// `DELETE /v1/client/sessions` (`Clerk.signOut()`): every session of this browser ends.
pub(super) fn remove_all(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let now = now_ms();
    let (reply, ended) = instance.store.update(|state| {
        let token = state
            .client_or_create(req.client_token(), now)
            .token
            .clone();
        let ended = sign_out_client(state, &token, now);
        let reply = changed_client(instance, state, req, now, &token, |view, client| {
            view.client(client)
        })?;
        Ok::<_, ApiError>((reply, ended))
    })?;
    instance.announce_ended_sessions(ended);
    Ok(reply)
}

/// Ends every session of the client `token`, as a sign-out does; answers them as the Backend
/// API shows them, for the `session.ended` webhooks sent once the store is unlocked.
pub(super) fn sign_out_client(state: &mut State, token: &str, now: i64) -> Vec<Value> {
    state
        .end_client_sessions(token, SessionStatus::Ended, now)
        .iter()
        .map(session::ended)
        .collect()
}
