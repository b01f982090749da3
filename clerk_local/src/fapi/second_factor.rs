//! The second step of a sign-in for a user with an authenticator app: after the first factor
//! the attempt is `needs_second_factor`, and `POST /v1/client/sign_ins/{id}/attempt_second_factor`
//! with `strategy=totp|backup_code&code=` completes it. Codes are checked the way email codes
//! are: three wrong entries end the attempt (`verification_failed`), and every wrong one also
//! counts against the account's throttle, like a wrong password.

use crate::clock::now_ms;
use crate::instance::Instance;
use crate::reply::{ApiError, Reply};
use crate::store::{AttemptStatus, SecondFactor, State};

use super::sign_in::{complete, render};
use super::{changed_client, password_check, FapiRequest};

/// Wrong codes one sign-in takes before it is void.
const MAX_FAILED_CODES: u32 = 3;

/// After a first factor: signed in, or, for a user with a second factor, waiting for it.
pub(super) fn after_first_factor(
    state: &mut State,
    token: &str,
    user_id: &str,
    strategy: &str,
    now: i64,
) {
    let needs_second = state
        .user(user_id)
        .is_some_and(|u| u.mfa.two_factor_enabled());
    if !needs_second {
        return complete(state, token, user_id, strategy, now);
    }
    if let Some(sign_in) = state.client_mut(token).and_then(|c| c.sign_in.as_mut()) {
        sign_in.status = AttemptStatus::NeedsSecondFactor;
        sign_in.strategy = Some(strategy.to_owned());
        sign_in.code_expires_at = None;
    }
}

/// `POST .../attempt_second_factor`.
pub(super) fn attempt(instance: &Instance, req: &FapiRequest, id: &str) -> Result<Reply, ApiError> {
    let factor = strategy(req)?;
    let code = code(req)?;
    let token = req
        .client_token()
        .ok_or_else(|| ApiError::not_found("Sign in"))?;
    let user_id = instance
        .store
        .read(|state| awaiting(state, token, id).map(|(user_id, _)| user_id))?;
    password_check::throttle(instance, &user_id)?;
    let now = now_ms();
    // A wrong code is kept (its count), so the outcome travels inside a successful update.
    let outcome = instance.update_announcing(|state, events| -> Result<_, ApiError> {
        let (user_id, failures) = awaiting(state, token, id)?;
        if failures >= MAX_FAILED_CODES {
            return Ok(Err(ApiError::verification_failed()));
        }
        if !accept(instance, state, &user_id, factor, code, now) {
            let failures = failures + 1;
            if let Some(sign_in) = state.client_mut(token).and_then(|c| c.sign_in.as_mut()) {
                sign_in.second_factor_failures = failures;
            }
            return Ok(Err(if failures >= MAX_FAILED_CODES {
                ApiError::verification_failed()
            } else {
                ApiError::code_incorrect()
            }));
        }
        let first_factor = state
            .client(token)
            .and_then(|c| c.sign_in.as_ref())
            .and_then(|s| s.strategy.clone())
            .unwrap_or_else(|| "password".to_owned());
        complete(state, token, &user_id, &first_factor, now);
        if let Some(client) = state.client_mut(token) {
            let session_id = client.sign_in.as_mut().and_then(|s| {
                s.second_factor_strategy = Some(factor.strategy().to_owned());
                s.created_session_id.clone()
            });
            if let Some(session) = session_id.and_then(|sid| client.session_mut(&sid)) {
                session.second_factor_verified_at = Some(now);
            }
        }
        let reply = changed_client(instance, state, req, now, token, render)?;
        events.completed_sign_in(token, state);
        Ok(Ok(reply))
    })?;
    outcome
}

/// `strategy=totp|backup_code`.
pub(super) fn strategy(req: &FapiRequest) -> Result<SecondFactor, ApiError> {
    req.form("strategy")
        .and_then(SecondFactor::from_strategy)
        .ok_or_else(ApiError::strategy_not_supported)
}

pub(super) fn code(req: &FapiRequest) -> Result<&str, ApiError> {
    req.form("code")
        .ok_or_else(|| ApiError::param_missing("code", "Enter code."))
}

/// Whether `code` proves `user_id`'s `factor` (a matching backup code is used up). A wrong
/// code counts against the account.
pub(super) fn accept(
    instance: &Instance,
    state: &mut State,
    user_id: &str,
    factor: SecondFactor,
    code: &str,
    now: i64,
) -> bool {
    let accepted = state
        .user_mut(user_id)
        .is_some_and(|u| u.mfa.accept(factor, code, now));
    if !accepted {
        instance.password_failures.record_failure(user_id, now);
    }
    accepted
}

/// The browser's sign-in `id` waiting for a second factor: (user id, wrong codes so far).
fn awaiting(state: &State, token: &str, id: &str) -> Result<(String, u32), ApiError> {
    state
        .client(token)
        .and_then(|c| c.sign_in.as_ref())
        .filter(|s| s.id == id && s.status == AttemptStatus::NeedsSecondFactor)
        .map(|s| (s.user_id.clone(), s.second_factor_failures))
        .ok_or_else(|| ApiError::not_found("Sign in"))
}
