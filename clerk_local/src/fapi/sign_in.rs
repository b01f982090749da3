//! `/v1/client/sign_ins`: email address + password, in one step (`identifier`, `strategy`,
//! `password` together) or two (create, then `attempt_first_factor`).

use serde_json::Value;

use crate::clock::now_ms;
use crate::ids::new_id;
use crate::instance::Instance;
use crate::password;
use crate::reply::{ApiError, Reply};
use crate::store::{AttemptStatus, SignIn, State};

use super::{changed_client, current_client, view, with_client, FapiRequest};

const PASSWORD_STRATEGY: &str = "password";

/// `POST /v1/client/sign_ins`.
pub(super) fn create(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let identifier = req
        .form("identifier")
        .ok_or_else(|| ApiError::param_missing("identifier", "Enter email address."))?;
    let (user_id, hash) = instance
        .store
        .read(|s| {
            s.user_by_email(identifier)
                .map(|u| (u.id.clone(), u.password_hash.clone()))
        })
        .ok_or_else(ApiError::identifier_not_found)?;
    // Checked outside the store's lock: hashing is the slowest thing the instance does.
    let password_checked = match (req.form("strategy"), req.form_raw("password")) {
        (Some(PASSWORD_STRATEGY), Some(password)) if password::verify(password, &hash) => true,
        (Some(PASSWORD_STRATEGY), Some(_)) => return Err(ApiError::password_incorrect()),
        _ => false,
    };

    let now = now_ms();
    instance.store.update(|state| {
        let client = state.client_or_create(req.client_token(), now);
        let token = client.token.clone();
        client.sign_in = Some(SignIn {
            id: new_id("sia"),
            identifier: identifier.to_owned(),
            user_id: user_id.clone(),
            status: AttemptStatus::NeedsFirstFactor,
            created_session_id: None,
            created_at: now,
        });
        client.updated_at = now;
        if password_checked {
            complete(state, &token, &user_id, now);
        }
        changed_client(instance, state, req, now, &token, render)
    })
}

/// `GET /v1/client/sign_ins/{id}` (and `prepare_first_factor`: a password needs no preparing).
pub(super) fn get(instance: &Instance, req: &FapiRequest, id: &str) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.read(|state| {
        let client = current_client(state, req)
            .filter(|c| c.sign_in.as_ref().is_some_and(|s| s.id == id))
            .ok_or_else(|| ApiError::not_found("Sign in"))?;
        let view = view(instance, state, req, now);
        Ok(with_client(&view, instance, client, render(&view, client)))
    })
}

/// `POST /v1/client/sign_ins/{id}/attempt_first_factor` with `strategy=password&password=`.
pub(super) fn attempt_first_factor(
    instance: &Instance,
    req: &FapiRequest,
    id: &str,
) -> Result<Reply, ApiError> {
    if req.form("strategy") != Some(PASSWORD_STRATEGY) {
        return Err(ApiError::strategy_not_supported());
    }
    let password = req
        .form_raw("password")
        .ok_or_else(|| ApiError::param_missing("password", "Enter password."))?;
    let token = req
        .client_token()
        .ok_or_else(|| ApiError::not_found("Sign in"))?;
    let (user_id, hash) = instance
        .store
        .read(|state| {
            let sign_in = state
                .client(token)?
                .sign_in
                .as_ref()
                .filter(|s| s.id == id)?;
            let user = state.user(&sign_in.user_id)?;
            Some((user.id.clone(), user.password_hash.clone()))
        })
        .ok_or_else(|| ApiError::not_found("Sign in"))?;
    if !password::verify(password, &hash) {
        return Err(ApiError::password_incorrect());
    }

    let now = now_ms();
    instance.store.update(|state| {
        let still_pending = state
            .client(token)
            .and_then(|c| c.sign_in.as_ref())
            .is_some_and(|s| s.id == id);
        if !still_pending {
            return Err(ApiError::not_found("Sign in"));
        }
        complete(state, token, &user_id, now);
        changed_client(instance, state, req, now, token, render)
    })
}

/// Signs the client in as `user_id`: a new session (replacing any other, single-session mode),
/// the pending sign-in marked complete, the user's sign-in time recorded.
fn complete(state: &mut State, token: &str, user_id: &str, now: i64) {
    if let Some(client) = state.client_mut(token) {
        let session_id = client.start_session(user_id, now);
        if let Some(sign_in) = client.sign_in.as_mut() {
            sign_in.status = AttemptStatus::Complete;
            sign_in.created_session_id = Some(session_id);
        }
    }
    record_sign_in(state, user_id, now);
}

/// The user's `last_sign_in_at` and `last_active_at`.
pub(super) fn record_sign_in(state: &mut State, user_id: &str, now: i64) {
    if let Some(user) = state.user_mut(user_id) {
        user.last_sign_in_at = Some(now);
        user.last_active_at = Some(now);
    }
}

fn render(view: &crate::json::View, client: &crate::store::Client) -> Value {
    client
        .sign_in
        .as_ref()
        .map_or(Value::Null, |s| view.sign_in(s))
}
