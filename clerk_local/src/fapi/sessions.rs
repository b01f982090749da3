//! `/v1/client/sessions/...`: tokens, touch, end and remove, and sign-out. A session this
//! browser does not have answers 401 `signed_out`, which makes clerk-js sign out.

use serde_json::json;

use crate::clock::now_ms;
use crate::instance::Instance;
use crate::reply::{ApiError, Reply};
use crate::tokens;

use super::{changed_client, client_cookies, current_client, view, FapiRequest};

/// `POST .../tokens[/{template}]`: `{"object":"token","jwt":...}`. Templates get the session
/// token: the local instance has no JWT templates.
pub(super) fn token(instance: &Instance, req: &FapiRequest, sid: &str) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.read(|state| {
        let session = current_client(state, req)
            .and_then(|c| c.session(sid))
            .ok_or_else(ApiError::signed_out)?;
        let jwt = tokens::session_token(&instance.keys, session, &req.azp, now);
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
        let client = state.client_mut(token).ok_or_else(ApiError::signed_out)?;
        let session = client.session_mut(sid).ok_or_else(ApiError::signed_out)?;
        session.last_active_at = now;
        session.updated_at = now;
        let user_id = session.user_id.clone();
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

/// `POST .../end` and `.../remove`: the session is over; the answer still describes it.
pub(super) fn end(
    instance: &Instance,
    req: &FapiRequest,
    sid: &str,
    action: &str,
) -> Result<Reply, ApiError> {
    let now = now_ms();
    let token = req.client_token().ok_or_else(ApiError::signed_out)?;
    let status = if action == "end" { "ended" } else { "removed" };
    instance.store.update(|state| {
        let client = state.client_mut(token).ok_or_else(ApiError::signed_out)?;
        let ended = client
            .end_session(sid, now)
            .ok_or_else(ApiError::signed_out)?;
        changed_client(instance, state, req, now, token, |view, _| {
            view.ended_session(&ended, status)
        })
    })
}

/// `DELETE /v1/client/sessions` (`Clerk.signOut()`): every session of this browser ends.
pub(super) fn remove_all(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.update(|state| {
        let client = state.client_or_create(req.client_token(), now);
        client.end_all_sessions(now);
        let token = client.token.clone();
        changed_client(instance, state, req, now, &token, |view, client| {
            view.client(client)
        })
    })
}
