//! `POST /v1/users/{id}/ban|unban|lock|unlock` and `/verify_password`. A ban revokes every
//! session of the user (their tokens stop refreshing) and, like a lock, makes the Frontend API
//! refuse their sign-in; all answer the user, as Clerk does.

use serde_json::json;

use crate::clock::now_ms;
use crate::constants::USER_LOCKOUT_MS;
use crate::instance::Instance;
use crate::json::session;
use crate::password;
use crate::reply::{ApiError, Reply};
use crate::store::SessionStatus;

use super::request::BapiRequest;
use super::users;

/// `POST .../ban`: banned, every session revoked.
pub(super) fn ban(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    let now = now_ms();
    let (reply, revoked) = instance.update_announcing(|state, events| {
        let user = state
            .user_mut(id)
            .ok_or_else(|| ApiError::not_found("User"))?;
        user.banned = true;
        user.updated_at = now;
        let revoked = state.end_user_sessions(id, SessionStatus::Revoked, now);
        let reply = users::answer(events.user("user.updated", id, state))?;
        Ok::<_, ApiError>((reply, revoked))
    })?;
    for ended in &revoked {
        instance.webhooks.emit(
            &instance.instance_id,
            "session.revoked",
            session::ended(ended),
        );
    }
    Ok(reply)
}

/// `POST .../unban`.
pub(super) fn unban(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    users::change(instance, id, |user| user.banned = false)
}

/// `POST .../lock`: no sign-in for Clerk's default lockout duration (an hour).
pub(super) fn lock(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    let until = now_ms() + USER_LOCKOUT_MS;
    users::change(instance, id, |user| user.locked_until = Some(until))
}

/// `POST .../unlock`.
pub(super) fn unlock(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    users::change(instance, id, |user| user.locked_until = None)
}

/// `POST .../verify_password` with `password`: `{"verified": true}`, or 422
/// `incorrect_password`. Not throttled: only servers with the secret key call it.
pub(super) fn verify_password(
    instance: &Instance,
    req: &BapiRequest,
    id: &str,
) -> Result<Reply, ApiError> {
    let given = req
        .field("password")
        .and_then(|p| p.as_str())
        .filter(|p| !p.is_empty())
        .ok_or_else(|| ApiError::param_missing("password", "password is missing"))?;
    let hash = instance
        .store
        .read(|state| state.user(id).map(|u| u.password_hash.clone()))
        .ok_or_else(|| ApiError::not_found("User"))?;
    // Checked outside the store's lock: hashing is slow.
    if password::verify(given, &hash) {
        Ok(Reply::json(json!({ "verified": true })))
    } else {
        Err(ApiError::incorrect_password())
    }
}
