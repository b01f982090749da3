//! `/v1/client/sessions/{id}/verify`: reverification. When a sensitive change (a new password)
//! comes too long after sign-in, FAPI answers `session_reverification_required` and Clerk UI
//! asks for a first factor again: the password, or a code sent to the primary address.

use serde_json::{json, Value};

use crate::clock::now_ms;
use crate::constants::{EMAIL_CODE_STRATEGY, PASSWORD_STRATEGY};
use crate::instance::Instance;
use crate::json::View;
use crate::reply::{ApiError, Reply};
use crate::store::{Client, State};

use super::{changed_client, password_check, FapiRequest};

/// `POST .../verify` with `level`: a verification that needs a first factor.
pub(super) fn start(instance: &Instance, req: &FapiRequest, sid: &str) -> Result<Reply, ApiError> {
    let level = req.form("level").unwrap_or("first_factor").to_owned();
    respond(
        instance,
        req,
        sid,
        |_| Ok(()),
        &level,
        "needs_first_factor",
        None,
    )
}

/// `POST .../verify/prepare_first_factor` with `strategy=email_code`: a code to the primary
/// address (to the log).
pub(super) fn prepare(
    instance: &Instance,
    req: &FapiRequest,
    sid: &str,
) -> Result<Reply, ApiError> {
    if req.form("strategy") != Some(EMAIL_CODE_STRATEGY) {
        return respond(
            instance,
            req,
            sid,
            |_| Ok(()),
            "first_factor",
            "needs_first_factor",
            None,
        );
    }
    let email = instance
        .store
        .read(|state| session_user_email(state, req, sid))
        .ok_or_else(ApiError::signed_out)?;
    let expires_at = instance.codes.issue(&target(sid), &email);
    let verification = json!({
        "status": "unverified", "strategy": EMAIL_CODE_STRATEGY, "attempts": 0, "expire_at": expires_at,
    });
    respond(
        instance,
        req,
        sid,
        |_| Ok(()),
        "first_factor",
        "needs_first_factor",
        Some(verification),
    )
}

/// `POST .../verify/attempt_first_factor` with `strategy=password&password=` or
/// `strategy=email_code&code=`: marks the session reverified now.
pub(super) fn attempt(
    instance: &Instance,
    req: &FapiRequest,
    sid: &str,
) -> Result<Reply, ApiError> {
    let strategy = req.form("strategy").unwrap_or(PASSWORD_STRATEGY).to_owned();
    match strategy.as_str() {
        PASSWORD_STRATEGY => {
            let (user_id, hash) = instance
                .store
                .read(|state| {
                    let client = super::current_client(state, req)?;
                    let user_id = &client.session(sid)?.user_id;
                    state
                        .user(user_id)
                        .map(|u| (u.id.clone(), u.password_hash.clone()))
                })
                .ok_or_else(ApiError::signed_out)?;
            let given = req.form_raw("password").unwrap_or_default();
            password_check::verify(instance, &user_id, given, &hash)?;
        }
        EMAIL_CODE_STRATEGY => {
            let code = req.form("code").unwrap_or_default();
            let email = instance
                .store
                .read(|state| session_user_email(state, req, sid))
                .ok_or_else(ApiError::signed_out)?;
            instance.codes.check(&target(sid), &email, code)?;
        }
        _ => return Err(ApiError::strategy_not_supported()),
    }
    let now = now_ms();
    let verification =
        json!({ "status": "verified", "strategy": strategy, "attempts": 1, "expire_at": null });
    respond(
        instance,
        req,
        sid,
        |state| {
            let token = req.client_token().ok_or_else(ApiError::signed_out)?;
            let session = state
                .client_mut(token)
                .and_then(|c| c.session_mut(sid))
                .ok_or_else(ApiError::signed_out)?;
            session.reverified_at = Some(now);
            session.updated_at = now;
            Ok(())
        },
        "first_factor",
        "complete",
        Some(verification),
    )
}

/// Applies `change` and answers `{"response": <session_verification>, "client": ...}`.
fn respond(
    instance: &Instance,
    req: &FapiRequest,
    sid: &str,
    change: impl FnOnce(&mut State) -> Result<(), ApiError>,
    level: &str,
    status: &str,
    first_factor_verification: Option<Value>,
) -> Result<Reply, ApiError> {
    let now = now_ms();
    let token = req.client_token().ok_or_else(ApiError::signed_out)?;
    instance.store.update(|state| {
        state
            .client(token)
            .and_then(|c| c.session(sid))
            .ok_or_else(ApiError::signed_out)?;
        change(state)?;
        changed_client(
            instance,
            state,
            req,
            now,
            token,
            |view: &View, client: &Client| {
                let session = client.session(sid).map_or(Value::Null, |s| view.session(s));
                let factors = client
                    .session(sid)
                    .and_then(|s| state.user(&s.user_id))
                    .map(|u| {
                        json!([
                            { "strategy": PASSWORD_STRATEGY },
                            {
                                "strategy": EMAIL_CODE_STRATEGY,
                                "safe_identifier": u.email,
                                "email_address_id": u.email_address_id,
                                "primary": true,
                            },
                        ])
                    })
                    .unwrap_or_else(|| json!([]));
                json!({
                    "object": "session_verification",
                    "id": format!("sessver_{sid}"),
                    "status": status,
                    "level": level,
                    "session": session,
                    "supported_first_factors": factors,
                    "supported_second_factors": null,
                    "first_factor_verification": first_factor_verification,
                    "second_factor_verification": null,
                })
            },
        )
    })
}

fn session_user_email(state: &State, req: &FapiRequest, sid: &str) -> Option<String> {
    let client = super::current_client(state, req)?;
    let user_id = &client.session(sid)?.user_id;
    state.user(user_id).map(|u| u.email.clone())
}

/// What a reverification code is kept under.
fn target(sid: &str) -> String {
    format!("verify_{sid}")
}
