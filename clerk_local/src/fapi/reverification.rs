//! `/v1/client/sessions/{id}/verify`: reverification. When a sensitive change (a new password,
//! an authenticator app) comes too long after sign-in, FAPI answers
//! `session_reverification_required` and Clerk UI starts a verification at a `level`:
//!
//! - `first_factor`: the password, or a code sent to the primary address;
//! - `second_factor` (what Clerk UI asks by default): the authenticator app or a backup code for
//!   a user who has one, else a first factor;
//! - `multi_factor`: a first factor, then the second one for a user who has one.

use serde_json::{json, Value};

use crate::clock::now_ms;
use crate::constants::{EMAIL_CODE_STRATEGY, PASSWORD_STRATEGY};
use crate::instance::Instance;
use crate::json::{mfa, View};
use crate::reply::{ApiError, Reply};
use crate::store::{Client, State, User};

use super::{changed_client, password_check, second_factor, FapiRequest};

const FIRST_FACTOR: &str = "first_factor";
const SECOND_FACTOR: &str = "second_factor";
const MULTI_FACTOR: &str = "multi_factor";

/// Where a verification stands, and what its answer says about the factors checked so far.
struct Outcome {
    status: &'static str,
    first_factor_verification: Value,
    second_factor_verification: Value,
}

impl Outcome {
    fn waiting(status: &'static str) -> Self {
        Self {
            status,
            first_factor_verification: Value::Null,
            second_factor_verification: Value::Null,
        }
    }
}

/// `POST .../verify` with `level`: remembers the level; a user with a second factor starts
/// with it at `second_factor`, everyone else with a first factor.
pub(super) fn start(instance: &Instance, req: &FapiRequest, sid: &str) -> Result<Reply, ApiError> {
    let level = match req.form("level") {
        Some(level @ (FIRST_FACTOR | SECOND_FACTOR | MULTI_FACTOR)) => level,
        _ => FIRST_FACTOR,
    };
    respond(instance, req, sid, |state, user| {
        let session = session_mut(state, req, sid)?;
        session.verification_level = Some(level.to_owned());
        Ok(if level == SECOND_FACTOR && has_second_factor(user) {
            Outcome::waiting("needs_second_factor")
        } else {
            Outcome::waiting("needs_first_factor")
        })
    })
}

/// `POST .../verify/prepare_first_factor` with `strategy=email_code`: a code to the primary
/// address (to the log).
pub(super) fn prepare(
    instance: &Instance,
    req: &FapiRequest,
    sid: &str,
) -> Result<Reply, ApiError> {
    if req.form("strategy") != Some(EMAIL_CODE_STRATEGY) {
        return respond(instance, req, sid, |_, _| {
            Ok(Outcome::waiting("needs_first_factor"))
        });
    }
    let email = instance
        .store
        .read(|state| session_user(state, req, sid).map(|u| u.email.clone()))
        .ok_or_else(ApiError::signed_out)?;
    let expires_at = instance.codes.issue(&target(sid), &email);
    respond(instance, req, sid, |_, _| {
        Ok(Outcome {
            first_factor_verification: json!({
                "status": "unverified", "strategy": EMAIL_CODE_STRATEGY, "attempts": 0, "expire_at": expires_at,
            }),
            ..Outcome::waiting("needs_first_factor")
        })
    })
}

/// `POST .../verify/attempt_first_factor` with `strategy=password&password=` or
/// `strategy=email_code&code=`: marks the session's first factor reverified now; at
/// `multi_factor`, a user with a second factor goes on to it.
pub(super) fn attempt(
    instance: &Instance,
    req: &FapiRequest,
    sid: &str,
) -> Result<Reply, ApiError> {
    let strategy = req.form("strategy").unwrap_or(PASSWORD_STRATEGY).to_owned();
    let user = instance
        .store
        .read(|state| session_user(state, req, sid).cloned())
        .ok_or_else(ApiError::signed_out)?;
    match strategy.as_str() {
        PASSWORD_STRATEGY => {
            let given = req.form_raw("password").unwrap_or_default();
            password_check::verify(instance, &user.id, given, &user.password_hash)?;
        }
        EMAIL_CODE_STRATEGY => {
            let code = req.form("code").unwrap_or_default();
            instance.codes.check(&target(sid), &user.email, code)?;
        }
        _ => return Err(ApiError::strategy_not_supported()),
    }
    let now = now_ms();
    respond(instance, req, sid, |state, user| {
        let session = session_mut(state, req, sid)?;
        session.reverified_at = Some(now);
        session.updated_at = now;
        let next =
            session.verification_level.as_deref() == Some(MULTI_FACTOR) && has_second_factor(user);
        Ok(Outcome {
            first_factor_verification: mfa::verified(&strategy),
            ..Outcome::waiting(if next {
                "needs_second_factor"
            } else {
                "complete"
            })
        })
    })
}

/// `POST .../verify/prepare_second_factor`: nothing to send for an authenticator app.
pub(super) fn prepare_second_factor(
    instance: &Instance,
    req: &FapiRequest,
    sid: &str,
) -> Result<Reply, ApiError> {
    respond(instance, req, sid, |_, _| {
        Ok(Outcome::waiting("needs_second_factor"))
    })
}

/// `POST .../verify/attempt_second_factor` with `strategy=totp|backup_code&code=`: marks the
/// session's second factor verified now. Wrong codes count against the account's throttle.
pub(super) fn attempt_second_factor(
    instance: &Instance,
    req: &FapiRequest,
    sid: &str,
) -> Result<Reply, ApiError> {
    let factor = second_factor::strategy(req)?;
    let code = second_factor::code(req)?;
    let user_id = instance
        .store
        .read(|state| session_user(state, req, sid).map(|u| u.id.clone()))
        .ok_or_else(ApiError::signed_out)?;
    password_check::throttle(instance, &user_id)?;
    let now = now_ms();
    // A wrong code changes nothing in the store (the throttle lives outside it).
    respond(instance, req, sid, |state, _| {
        if !second_factor::accept(instance, state, &user_id, factor, code, now) {
            return Err(ApiError::code_incorrect());
        }
        let session = session_mut(state, req, sid)?;
        session.second_factor_verified_at = Some(now);
        session.updated_at = now;
        Ok(Outcome {
            second_factor_verification: mfa::verified(factor.strategy()),
            ..Outcome::waiting("complete")
        })
    })
}

/// Applies `change` (given the session's user as it was) and answers
/// `{"response": <session_verification>, "client": ...}`.
fn respond(
    instance: &Instance,
    req: &FapiRequest,
    sid: &str,
    change: impl FnOnce(&mut State, &User) -> Result<Outcome, ApiError>,
) -> Result<Reply, ApiError> {
    let now = now_ms();
    let token = req.client_token().ok_or_else(ApiError::signed_out)?;
    instance.store.update(|state| {
        let user = session_user(state, req, sid)
            .cloned()
            .ok_or_else(ApiError::signed_out)?;
        let outcome = change(state, &user)?;
        changed_client(
            instance,
            state,
            req,
            now,
            token,
            |view: &View, client: &Client| {
                let session = client.session(sid);
                let user = session.and_then(|s| state.user(&s.user_id));
                let first_factors = user.map_or_else(
                    || json!([]),
                    |u| {
                        json!([
                            { "strategy": PASSWORD_STRATEGY },
                            {
                                "strategy": EMAIL_CODE_STRATEGY,
                                "safe_identifier": u.email,
                                "email_address_id": u.email_address_id,
                                "primary": true,
                            },
                        ])
                    },
                );
                json!({
                    "object": "session_verification",
                    "id": format!("sessver_{sid}"),
                    "status": outcome.status,
                    "level": session
                        .and_then(|s| s.verification_level.as_deref())
                        .unwrap_or(FIRST_FACTOR),
                    "session": session.map_or(Value::Null, |s| view.session(s)),
                    "supported_first_factors": first_factors,
                    "supported_second_factors": user
                        .map_or(Value::Null, |u| mfa::supported_second_factors(&u.mfa)),
                    "first_factor_verification": outcome.first_factor_verification,
                    "second_factor_verification": outcome.second_factor_verification,
                })
            },
        )
    })
}

fn has_second_factor(user: &User) -> bool {
    user.mfa.two_factor_enabled()
}

fn session_mut<'a>(
    state: &'a mut State,
    req: &FapiRequest,
    sid: &str,
) -> Result<&'a mut crate::store::Session, ApiError> {
    let token = req.client_token().ok_or_else(ApiError::signed_out)?;
    state
        .client_mut(token)
        .and_then(|c| c.session_mut(sid))
        .ok_or_else(ApiError::signed_out)
}

fn session_user<'a>(state: &'a State, req: &FapiRequest, sid: &str) -> Option<&'a User> {
    let client = super::current_client(state, req)?;
    let user_id = &client.session(sid)?.user_id;
    state.user(user_id)
}

/// What a reverification code is kept under.
fn target(sid: &str) -> String {
    format!("verify_{sid}")
}
