//! `/v1/client/sign_ins`: email address + password, in one step (`identifier` and `password`,
//! with `strategy=password` or none) or two (create, then `attempt_first_factor`); an email code
//! (`prepare_first_factor` sends it to the log, `attempt_first_factor` checks it); and a
//! Backend API sign-in token (`strategy=ticket`, as `@clerk/testing` uses).

use serde_json::Value;

use crate::clock::now_ms;
use crate::constants::{EMAIL_CODE_STRATEGY, PASSWORD_STRATEGY, TICKET_STRATEGY};
use crate::ids::new_id;
use crate::instance::Instance;
use crate::oauth::Flow;
use crate::reply::{ApiError, Reply};
use crate::store::{AttemptStatus, SignIn, State};

use super::{changed_client, current_client, view, with_client, FapiRequest};
use super::{password_check, second_factor, user_access};

/// `POST /v1/client/sign_ins`.
pub(super) fn create(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    refuse_second_session(instance, req)?;
    match req.form("strategy") {
        Some(TICKET_STRATEGY) => return create_with_ticket(instance, req),
        Some(social) if social.starts_with("oauth_") => {
            return super::oauth::start(instance, req, Flow::SignIn, social)
        }
        _ => {}
    }
    if req.form("transfer") == Some("true") {
        return super::oauth::transfer_to_sign_in(instance, req);
    }
    let Some(identifier) = req.form("identifier") else {
        // Clerk UI resets a failed social sign-in with an empty `create({})`.
        return create_empty(instance, req);
    };
    let (user_id, hash) = instance
        .store
        .read(|s| {
            s.user_by_email(identifier)
                .map(|u| (u.id.clone(), u.password_hash.clone()))
        })
        .ok_or_else(ApiError::identifier_not_found)?;
    user_access::refuse_barred(instance, &user_id)?;
    // Checked outside the store's lock: hashing is the slowest thing the instance does. A
    // password without a strategy is the password strategy, as Clerk takes it: what
    // `signIn.create({ identifier, password })` sends (Clerk's custom-flow guides).
    let password_checked = match (req.form("strategy"), req.form_raw("password")) {
        (Some(PASSWORD_STRATEGY) | None, Some(password)) => {
            password_check::verify(instance, &user_id, password, &hash)?;
            true
        }
        _ => false,
    };

    let now = now_ms();
    let reply = instance.update_announcing(|state, events| {
        let token = start(state, req, identifier, &user_id, now);
        if password_checked {
            second_factor::after_first_factor(state, &token, &user_id, PASSWORD_STRATEGY, now);
        }
        let reply = changed_client(instance, state, req, now, &token, render)?;
        events.completed_sign_in(&token, state);
        Ok::<_, ApiError>(reply)
    })?;
    // `strategy=email_code` with the identifier: the code goes out at once.
    if req.form("strategy") == Some(EMAIL_CODE_STRATEGY) {
        return prepare_code(instance, req, None);
    }
    Ok(reply)
}

/// A sign-in that knows nobody yet (`needs_identifier`).
fn create_empty(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.update(|state| {
        let token = start(state, req, "", "", now);
        if let Some(sign_in) = state.client_mut(&token).and_then(|c| c.sign_in.as_mut()) {
            sign_in.status = AttemptStatus::NeedsIdentifier;
        }
        changed_client(instance, state, req, now, &token, render)
    })
}

/// `strategy=ticket&ticket=`: a sign-in token from `POST /v1/sign_in_tokens`, used once.
fn create_with_ticket(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let ticket = req
        .form("ticket")
        .ok_or_else(|| ApiError::param_missing("ticket", "ticket is missing"))?;
    let now = now_ms();
    let ticket_user = instance.store.read(|state| {
        state
            .sign_in_tokens
            .iter()
            .find(|t| t.token == ticket)
            .map(|t| t.user_id.clone())
    });
    if let Some(user_id) = ticket_user {
        user_access::refuse_barred(instance, &user_id)?;
    }
    instance.update_announcing(|state, events| {
        let user_id = state
            .redeem_sign_in_token(ticket, now)
            .ok_or_else(ApiError::ticket_invalid)?;
        let identifier = state
            .user(&user_id)
            .map(|u| u.email.clone())
            .ok_or_else(ApiError::ticket_invalid)?;
        let token = start(state, req, &identifier, &user_id, now);
        complete(state, &token, &user_id, TICKET_STRATEGY, now);
        let reply = changed_client(instance, state, req, now, &token, render)?;
        events.completed_sign_in(&token, state);
        Ok(reply)
    })
}

/// Multi-session mode is off, as in a new Clerk instance: a signed-in browser signs out first.
pub(super) fn refuse_second_session(
    instance: &Instance,
    req: &FapiRequest,
) -> Result<(), ApiError> {
    let signed_in = instance
        .store
        .read(|state| current_client(state, req).is_some_and(|c| !c.sessions.is_empty()));
    if signed_in {
        Err(ApiError::session_exists())
    } else {
        Ok(())
    }
}

/// A new pending sign-in on the browser's client; returns the client's token.
fn start(
    state: &mut State,
    req: &FapiRequest,
    identifier: &str,
    user_id: &str,
    now: i64,
) -> String {
    let client = state.client_or_create(req.client_token(), now);
    client.sign_in = Some(new_attempt(new_id("sia"), identifier, user_id, now));
    client.updated_at = now;
    client.token.clone()
}

/// A sign-in attempt that waits for its first factor.
pub(super) fn new_attempt(id: String, identifier: &str, user_id: &str, now: i64) -> SignIn {
    SignIn {
        id,
        identifier: identifier.to_owned(),
        user_id: user_id.to_owned(),
        status: AttemptStatus::NeedsFirstFactor,
        created_session_id: None,
        created_at: now,
        strategy: None,
        code_expires_at: None,
        external: None,
        second_factor_strategy: None,
        second_factor_failures: 0,
    }
}

/// `GET /v1/client/sign_ins/{id}`.
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

/// `POST .../prepare_first_factor`: `email_code` sends a code (to the log) to the address its
/// `email_address_id` names, which must be the one the sign-in offered; a password needs no
/// preparing.
pub(super) fn prepare_first_factor(
    instance: &Instance,
    req: &FapiRequest,
    id: &str,
) -> Result<Reply, ApiError> {
    match req.form("strategy") {
        Some(EMAIL_CODE_STRATEGY) => {
            let address = req.form("email_address_id");
            prepare_code(instance, req, Some(Offered { id, address }))
        }
        Some(PASSWORD_STRATEGY) | None => get(instance, req, id),
        Some(_) => Err(ApiError::strategy_not_supported()),
    }
}

/// What a `prepare_first_factor` names: the sign-in (the path's id) and the email address the
/// code goes to (`email_address_id`, required).
struct Offered<'a> {
    id: &'a str,
    address: Option<&'a str>,
}

/// Issues a code for the browser's pending sign-in and records that it was sent. With
/// `offered`, that sign-in must be the one named (else 404, before the form is looked at, as
/// Clerk finds the resource first), and the address the one it offered: checked in the same
/// change as the code is issued, so that nothing can come between.
fn prepare_code(
    instance: &Instance,
    req: &FapiRequest,
    offered: Option<Offered>,
) -> Result<Reply, ApiError> {
    let token = req
        .client_token()
        .ok_or_else(|| ApiError::not_found("Sign in"))?;
    let now = now_ms();
    instance.store.update(|state| {
        let sign_in = state
            .client(token)
            .and_then(|c| c.sign_in.clone())
            .filter(|s| offered.as_ref().is_none_or(|o| s.id == o.id))
            .ok_or_else(|| ApiError::not_found("Sign in"))?;
        let user = state
            .user(&sign_in.user_id)
            .ok_or_else(|| ApiError::not_found("Sign in"))?;
        if let Some(Offered { address, .. }) = offered {
            let address = address.ok_or_else(|| {
                ApiError::param_missing("email_address_id", "Enter email_address_id.")
            })?;
            if address != user.email_address_id {
                return Err(ApiError::param_invalid(
                    "email_address_id",
                    "email_address_id is not one of this sign-in's email addresses",
                ));
            }
        }
        let email = user.email.clone();
        let expires_at = instance.codes.issue(&sign_in.id, &email);
        if let Some(sign_in) = state.client_mut(token).and_then(|c| c.sign_in.as_mut()) {
            sign_in.strategy = Some(EMAIL_CODE_STRATEGY.to_owned());
            sign_in.code_expires_at = Some(expires_at);
        }
        changed_client(instance, state, req, now, token, render)
    })
}

/// `POST .../attempt_first_factor` with `strategy=password&password=` or
/// `strategy=email_code&code=`.
pub(super) fn attempt_first_factor(
    instance: &Instance,
    req: &FapiRequest,
    id: &str,
) -> Result<Reply, ApiError> {
    let strategy = req.form("strategy");
    let (token, user_id, hash) = pending(instance, req, id)?;
    user_access::refuse_barred(instance, &user_id)?;
    match strategy {
        Some(PASSWORD_STRATEGY) => {
            let password = req
                .form_raw("password")
                .ok_or_else(|| ApiError::param_missing("password", "Enter password."))?;
            password_check::verify(instance, &user_id, password, &hash)?;
        }
        Some(EMAIL_CODE_STRATEGY) => {
            let code = req
                .form("code")
                .ok_or_else(|| ApiError::param_missing("code", "Enter code."))?;
            let email = instance
                .store
                .read(|s| s.user(&user_id).map(|u| u.email.clone()))
                .ok_or_else(|| ApiError::not_found("Sign in"))?;
            instance.codes.check(id, &email, code)?;
        }
        _ => return Err(ApiError::strategy_not_supported()),
    }
    let strategy = strategy.unwrap_or(PASSWORD_STRATEGY);

    let now = now_ms();
    instance.update_announcing(|state, events| {
        let still_pending = state
            .client(&token)
            .and_then(|c| c.sign_in.as_ref())
            .is_some_and(|s| s.id == id);
        if !still_pending {
            return Err(ApiError::not_found("Sign in"));
        }
        second_factor::after_first_factor(state, &token, &user_id, strategy, now);
        let reply = changed_client(instance, state, req, now, &token, render)?;
        events.completed_sign_in(&token, state);
        Ok(reply)
    })
}

/// The browser's pending sign-in `id`: (client token, user id, password hash).
fn pending(
    instance: &Instance,
    req: &FapiRequest,
    id: &str,
) -> Result<(String, String, String), ApiError> {
    let token = req
        .client_token()
        .ok_or_else(|| ApiError::not_found("Sign in"))?;
    instance
        .store
        .read(|state| {
            let sign_in = state
                .client(token)?
                .sign_in
                .as_ref()
                .filter(|s| s.id == id)?;
            let user = state.user(&sign_in.user_id)?;
            Some((
                token.to_owned(),
                user.id.clone(),
                user.password_hash.clone(),
            ))
        })
        .ok_or_else(|| ApiError::not_found("Sign in"))
}

/// Signs the client in as `user_id`: a new session (replacing any other, single-session mode),
/// the pending sign-in marked complete, the user's sign-in time recorded.
pub(super) fn complete(state: &mut State, token: &str, user_id: &str, strategy: &str, now: i64) {
    if let Some(client) = state.client_mut(token) {
        let session_id = client.start_session(user_id, now);
        if let Some(sign_in) = client.sign_in.as_mut() {
            sign_in.status = AttemptStatus::Complete;
            sign_in.created_session_id = Some(session_id);
            sign_in.strategy = Some(strategy.to_owned());
            sign_in.code_expires_at = None;
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

pub(super) fn render(view: &crate::json::View, client: &crate::store::Client) -> Value {
    client
        .sign_in
        .as_ref()
        .map_or(Value::Null, |s| view.sign_in(s))
}
