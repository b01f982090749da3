//! `/v1/me/...`: the signed-in user, as `<UserProfile/>` reads and changes it: name, email
//! addresses (added ones are verified with a code), password, active sessions.

use serde_json::{json, Value};

use crate::bapi::request::merge;
use crate::clock::now_ms;
use crate::constants::SESSION_ID_PARAM;
use crate::ids::new_id;
use crate::instance::Instance;
use crate::json::user::email_address;
use crate::reply::{ApiError, Reply};
use crate::store::{EmailAddress, State, User};

/// How long after signing in a session may change its password without the current one.
pub(super) const REVERIFICATION_WINDOW_MS: i64 = 10 * 60 * 1000;
use super::{changed_client, current_client, password_check, view, with_client, FapiRequest};

/// The user of the browser's session (`_clerk_session_id`, else the last active one), with the
/// client token.
pub(super) fn signed_in(state: &State, req: &FapiRequest) -> Result<(String, String), ApiError> {
    let client = current_client(state, req).ok_or_else(ApiError::signed_out)?;
    let sid = req
        .query(SESSION_ID_PARAM)
        .or(client.last_active_session_id.as_deref())
        .ok_or_else(ApiError::signed_out)?;
    let session = client.session(sid).ok_or_else(ApiError::signed_out)?;
    Ok((client.token.clone(), session.user_id.clone()))
}

/// `GET /v1/me`.
pub(super) fn get(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.read(|state| {
        let (_, user_id) = signed_in(state, req)?;
        let client = current_client(state, req).ok_or_else(ApiError::signed_out)?;
        let view = view(instance, state, req, now);
        let user = state.user(&user_id).ok_or_else(ApiError::signed_out)?;
        Ok(with_client(&view, instance, client, view.user(user)))
    })
}

/// `PATCH /v1/me`: `first_name`, `last_name`, `primary_email_address_id`, and `unsafe_metadata`
/// (a JSON object, replacing the old one; clerk-js sends metadata changes to
/// [`update_metadata`] instead). This instance has no usernames (as an instance with the
/// attribute off): a `username` is refused, not dropped.
pub(super) fn update(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let now = now_ms();
    let (token, user_id) = instance.store.read(|s| signed_in(s, req))?;
    if req.form_sent("username").is_some() {
        return Err(ApiError::param_unknown(
            "username",
            "usernames are turned off in this instance",
        ));
    }
    let unsafe_metadata = unsafe_metadata(req)?;
    let reply = instance.update_user("user.updated", &user_id, |state| {
        let user = state.user_mut(&user_id).ok_or_else(ApiError::signed_out)?;
        if let Some(first) = req.form_sent("first_name") {
            user.first_name = (!first.is_empty()).then(|| first.to_owned());
        }
        if let Some(last) = req.form_sent("last_name") {
            user.last_name = (!last.is_empty()).then(|| last.to_owned());
        }
        if let Some(metadata) = unsafe_metadata.clone() {
            user.unsafe_metadata = metadata;
        }
        if let Some(primary) = req.form("primary_email_address_id") {
            make_primary(user, primary, now)?;
        }
        user.updated_at = now;
        render_user(instance, state, req, now, &token, &user_id)
    })?;
    Ok(reply)
}

/// `PATCH /v1/me/metadata` (`user.updateMetadata({ unsafeMetadata })`, and `user.update` when
/// given metadata): merges `unsafe_metadata` into the user's as the Backend API's metadata
/// `PATCH` does: nested objects merge, `null` deletes a key.
pub(super) fn update_metadata(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let now = now_ms();
    let (token, user_id) = instance.store.read(|s| signed_in(s, req))?;
    let patch = unsafe_metadata(req)?;
    let reply = instance.update_user("user.updated", &user_id, |state| {
        let user = state.user_mut(&user_id).ok_or_else(ApiError::signed_out)?;
        if let Some(patch) = patch.clone() {
            merge(&mut user.unsafe_metadata, patch);
        }
        user.updated_at = now;
        render_user(instance, state, req, now, &token, &user_id)
    })?;
    Ok(reply)
}

/// The form's `unsafe_metadata`: a JSON object, as Clerk takes it (clerk-js sends it as JSON
/// text); absent or `null` is no change.
fn unsafe_metadata(req: &FapiRequest) -> Result<Option<Value>, ApiError> {
    let invalid =
        || ApiError::param_invalid("unsafe_metadata", "unsafe_metadata must be a JSON object");
    match req
        .form("unsafe_metadata")
        .map(serde_json::from_str::<Value>)
    {
        None | Some(Ok(Value::Null)) => Ok(None),
        Some(Ok(object @ Value::Object(_))) => Ok(Some(object)),
        Some(_) => Err(invalid()),
    }
}

/// Swaps a verified extra address with the primary one ("Set as primary").
fn make_primary(user: &mut crate::store::User, id: &str, now: i64) -> Result<(), ApiError> {
    if id == user.email_address_id {
        return Ok(());
    }
    let index = user
        .extra_emails
        .iter()
        .position(|e| e.id == id && e.verified)
        .ok_or_else(|| {
            ApiError::param_invalid(
                "primary_email_address_id",
                "The primary email address must be a verified address of this user.",
            )
        })?;
    let chosen = user.extra_emails.remove(index);
    user.extra_emails.insert(
        index,
        EmailAddress {
            id: std::mem::replace(&mut user.email_address_id, chosen.id),
            email: std::mem::replace(&mut user.email, chosen.email),
            verified: true,
            created_at: user.created_at,
        },
    );
    user.updated_at = now;
    Ok(())
}

/// Whether the browser's session of `user_id` verified a factor within the reverification
/// window (10 minutes): changes that need it go ahead without asking again.
pub(super) fn verified_lately(state: &State, token: &str, user_id: &str, now: i64) -> bool {
    let user = state.user(user_id);
    state
        .client(token)
        .and_then(|c| c.sessions.iter().find(|s| s.user_id == user_id))
        .is_some_and(|s| s.verified_within(user, now, REVERIFICATION_WINDOW_MS))
}

/// `POST /v1/me/change_password`: `new_password`, and `current_password` unless the session
/// verified its first factor within the last 10 minutes (Clerk's "strict" reverification, which
/// is why `<UserProfile/>` does not ask for it right after sign-in).
pub(super) fn change_password(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let now = now_ms();
    let (token, user_id, hash, fresh) = instance.store.read(|s| {
        let (token, user_id) = signed_in(s, req)?;
        let user = s.user(&user_id).ok_or_else(ApiError::signed_out)?;
        let fresh = verified_lately(s, &token, &user_id, now);
        Ok::<_, ApiError>((token, user_id, user.password_hash.clone(), fresh))
    })?;
    match req.form_raw("current_password") {
        Some(current) => password_check::verify(instance, &user_id, current, &hash)
            .map_err(|error| error.with_param("current_password"))?,
        None if fresh => {}
        None => return Err(ApiError::reverification_required()),
    }
    let new = req
        .form_raw("new_password")
        .ok_or_else(|| ApiError::param_missing("new_password", "Enter a new password."))?;
    instance
        .passwords
        .check(new)
        .map_err(|error| ApiError::from(error).with_param("new_password"))?;
    let new_hash = instance.passwords.hash_new(new)?;
    let reply = instance.update_user("user.updated", &user_id, |state| {
        let user = state.user_mut(&user_id).ok_or_else(ApiError::signed_out)?;
        user.password_hash = new_hash.clone();
        user.password_updated_at = Some(now);
        user.updated_at = now;
        render_user(instance, state, req, now, &token, &user_id)
    })?;
    Ok(reply)
}

/// `POST /v1/me/email_addresses`: adds an unverified address.
pub(super) fn add_email(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let now = now_ms();
    let email = req
        .form("email_address")
        .filter(|e| e.contains('@'))
        .ok_or_else(|| {
            ApiError::param_invalid(
                "email_address",
                "Email address must be a valid email address.",
            )
        })?
        .to_owned();
    instance.store.update(|state| {
        let (token, user_id) = signed_in(state, req)?;
        if state.user_by_email(&email).is_some() {
            return Err(ApiError::identifier_exists());
        }
        let user = state.user_mut(&user_id).ok_or_else(ApiError::signed_out)?;
        let address = EmailAddress {
            id: new_id("idn"),
            email,
            verified: false,
            created_at: now,
        };
        let response = email_address(&address);
        user.extra_emails.push(address);
        user.updated_at = now;
        changed_client(instance, state, req, now, &token, |_, _| response)
    })
}

/// `GET /v1/me/email_addresses/{id}`.
pub(super) fn get_email(
    instance: &Instance,
    req: &FapiRequest,
    id: &str,
) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.read(|state| {
        let (token, user_id) = signed_in(state, req)?;
        let address = state
            .user(&user_id)
            .and_then(|u| u.extra_emails.iter().find(|e| e.id == id))
            .ok_or_else(|| ApiError::not_found("Email address"))?;
        let response = email_address(address);
        let client = state.client(&token).ok_or_else(ApiError::signed_out)?;
        Ok(with_client(
            &view(instance, state, req, now),
            instance,
            client,
            response,
        ))
    })
}

/// `POST /v1/me/email_addresses/{id}/prepare_verification`: sends a code (to the log).
pub(super) fn prepare_email(
    instance: &Instance,
    req: &FapiRequest,
    id: &str,
) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.update(|state| {
        let (token, user_id) = signed_in(state, req)?;
        let address = state
            .user(&user_id)
            .and_then(|u| u.extra_emails.iter().find(|e| e.id == id))
            .ok_or_else(|| ApiError::not_found("Email address"))?;
        let expire_at = instance.codes.issue(id, &address.email);
        let mut response = email_address(address);
        response["verification"] = json!({
            "object": "verification_otp",
            "status": "unverified",
            "strategy": "email_code",
            "attempts": 0,
            "expire_at": expire_at,
        });
        changed_client(instance, state, req, now, &token, |_, _| response)
    })
}

/// `POST /v1/me/email_addresses/{id}/attempt_verification` with `code`.
pub(super) fn attempt_email(
    instance: &Instance,
    req: &FapiRequest,
    id: &str,
) -> Result<Reply, ApiError> {
    let now = now_ms();
    let code = req
        .form("code")
        .ok_or_else(|| ApiError::param_missing("code", "Enter code."))?;
    instance.update_announcing(|state, events| -> Result<_, ApiError> {
        let (token, user_id) = signed_in(state, req)?;
        let user = state.user_mut(&user_id).ok_or_else(ApiError::signed_out)?;
        let address = user
            .extra_emails
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or_else(|| ApiError::not_found("Email address"))?;
        instance
            .codes
            .check(id, &address.email, code)
            .map_err(ApiError::from)?;
        address.verified = true;
        let response = email_address(address);
        user.updated_at = now;
        let reply = changed_client(instance, state, req, now, &token, |_, _| response)?;
        events.user("user.updated", &user_id, state);
        Ok(reply)
    })
}

/// `DELETE /v1/me/email_addresses/{id}`: any address but the primary one.
pub(super) fn remove_email(
    instance: &Instance,
    req: &FapiRequest,
    id: &str,
) -> Result<Reply, ApiError> {
    remove_from_user(
        instance,
        req,
        id,
        "email_address",
        "Email address",
        |user| &mut user.extra_emails,
        |e| &e.id,
    )
}

/// Removes the item `id` from one of the signed-in user's lists (`list` picks it), answering
/// Clerk's deleted object (`object`) and announcing `user.updated`; an id the list does not
/// hold is `404` (`what` names it).
pub(super) fn remove_from_user<T>(
    instance: &Instance,
    req: &FapiRequest,
    id: &str,
    object: &str,
    what: &str,
    list: impl FnOnce(&mut User) -> &mut Vec<T>,
    id_of: impl Fn(&T) -> &String,
) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.update_announcing(|state, events| {
        let (token, user_id) = signed_in(state, req)?;
        let user = state.user_mut(&user_id).ok_or_else(ApiError::signed_out)?;
        let items = list(user);
        let before = items.len();
        items.retain(|item| id_of(item) != id);
        if items.len() == before {
            return Err(ApiError::not_found(what));
        }
        user.updated_at = now;
        let response = json!({ "object": object, "id": id, "deleted": true });
        let reply = changed_client(instance, state, req, now, &token, |_, _| response)?;
        events.user("user.updated", &user_id, state);
        Ok(reply)
    })
}

/// `DELETE /v1/me` (`<UserProfile/>`'s "Delete account"): the user, their sessions and
/// memberships are gone; the browser is signed out.
pub(super) fn delete(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let now = now_ms();
    let (reply, user_id) = instance.store.update(|state| {
        let (token, user_id) = signed_in(state, req)?;
        state.delete_user(&user_id);
        let response = json!({ "object": "user", "id": user_id, "deleted": true });
        let reply = changed_client(instance, state, req, now, &token, |_, _| response)?;
        Ok::<_, ApiError>((reply, user_id))
    })?;
    instance.webhooks.emit(
        &instance.instance_id,
        "user.deleted",
        json!({ "object": "user", "id": user_id, "deleted": true }),
    );
    Ok(reply)
}

/// `POST /v1/me/sessions/{id}/revoke` ("Sign out of device" in `<UserProfile/>`).
pub(super) fn revoke_session(
    instance: &Instance,
    req: &FapiRequest,
    id: &str,
) -> Result<Reply, ApiError> {
    let now = now_ms();
    let (reply, revoked) = instance.store.update(|state| {
        let (token, user_id) = signed_in(state, req)?;
        if !state
            .sessions()
            .any(|(_, s)| s.id == id && s.user_id == user_id)
        {
            return Err(ApiError::not_found("Session"));
        }
        let ended = state
            .end_session(id, crate::store::SessionStatus::Revoked, now)
            .ok_or_else(|| ApiError::not_found("Session"))?;
        let data = crate::json::session::ended(&ended);
        let reply = changed_client(instance, state, req, now, &token, |view, _| {
            view.ended_session(&ended.session, "revoked")
        })?;
        Ok::<_, ApiError>((reply, data))
    })?;
    instance
        .webhooks
        .emit(&instance.instance_id, "session.revoked", revoked);
    Ok(reply)
}

/// `GET /v1/me/sessions/active`: the user's sessions (a bare array).
pub(super) fn active_sessions(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.read(|state| {
        let (_, user_id) = signed_in(state, req)?;
        let view = view(instance, state, req, now);
        let sessions: Vec<Value> = state
            .sessions()
            .filter(|(_, s)| s.user_id == user_id)
            .map(|(_, s)| {
                let mut session = view.session(s);
                session["latest_activity"] = json!({
                    "object": "session_activity",
                    "id": format!("sess_activity_{}", s.id),
                    "browser_name": "Chrome",
                    "device_type": "desktop",
                    "is_mobile": false,
                    "ip_address": "127.0.0.1",
                    "city": null,
                    "country": null,
                });
                session
            })
            .collect();
        // A bare array: clerk-js maps the payload itself here.
        Ok(Reply::json(Value::Array(sessions)))
    })
}

fn render_user(
    instance: &Instance,
    state: &State,
    req: &FapiRequest,
    now: i64,
    token: &str,
    user_id: &str,
) -> Result<Reply, ApiError> {
    changed_client(instance, state, req, now, token, |view, _| {
        state.user(user_id).map_or(Value::Null, |u| view.user(u))
    })
}
