//! `/v1/client/sign_ups`: email address + password, optional first and last name. An attempt
//! completes (user created, signed in) as soon as it has both, and, with `email_verification`
//! on, once the code sent by `prepare_verification` is entered in `attempt_verification`.

use serde_json::Value;

use crate::clock::now_ms;
use crate::ids::new_id;
use crate::instance::Instance;
use crate::oauth::Flow;
use crate::reply::{ApiError, Reply};
use crate::store::{AttemptStatus, Client, ExternalStatus, SignUp, State, User};

use super::invited_sign_up;
use super::sign_in::record_sign_in;
use super::{changed_client, current_client, view, with_client, FapiRequest};

/// The fields a create or update call brings, validated, the password already hashed.
struct Fields {
    email: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    password_hash: Option<String>,
}

/// `POST /v1/client/sign_ups`.
pub(super) fn create(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    super::sign_in::refuse_second_session(instance, req)?;
    match req.form("strategy") {
        Some(social) if social.starts_with("oauth_") => {
            return super::oauth::start(instance, req, Flow::SignUp, social)
        }
        _ if req.form("transfer") == Some("true") => {
            return super::oauth::transfer_to_sign_up(instance, req)
        }
        _ => {}
    }
    let invited_email = invited_sign_up::ticket_email(instance, req)?;
    let fields = fields(instance, req)?;
    let now = now_ms();
    instance.update_announcing(|state, events| {
        let email = invited_email.as_deref().or(fields.email.as_deref());
        invited_sign_up::admit(instance, state, email)?;
        let client = state.client_or_create(req.client_token(), now);
        let token = client.token.clone();
        let mut sign_up = new_attempt(new_id("sua"), now);
        merge(&mut sign_up, fields);
        if let Some(email) = invited_email.clone() {
            // The invitation proves the address, as a verification code would.
            sign_up.email = Some(email);
            sign_up.email_verified = true;
        }
        client.sign_up = Some(sign_up);
        client.updated_at = now;
        let created = finish(instance, state, &token, now)?;
        let reply = changed_client(instance, state, req, now, &token, render)?;
        events.signed_up(created.as_ref(), state);
        Ok(reply)
    })
}

/// An attempt with nothing in it yet.
pub(super) fn new_attempt(id: String, now: i64) -> SignUp {
    SignUp {
        id,
        email: None,
        first_name: None,
        last_name: None,
        password_hash: None,
        status: AttemptStatus::MissingRequirements,
        created_user_id: None,
        created_session_id: None,
        created_at: now,
        email_verified: false,
        code_expires_at: None,
        external: None,
    }
}

/// `PATCH /v1/client/sign_ups/{id}`: adds fields to the attempt.
pub(super) fn update(instance: &Instance, req: &FapiRequest, id: &str) -> Result<Reply, ApiError> {
    let fields = fields(instance, req)?;
    let token = req
        .client_token()
        .ok_or_else(|| ApiError::not_found("Sign up"))?;
    let now = now_ms();
    instance.update_announcing(|state, events| {
        let sign_up = state
            .client_mut(token)
            .and_then(|c| c.sign_up.as_mut())
            .filter(|s| s.id == id && s.status != AttemptStatus::Complete)
            .ok_or_else(|| ApiError::not_found("Sign up"))?;
        merge(sign_up, fields);
        let created = finish(instance, state, token, now)?;
        let reply = changed_client(instance, state, req, now, token, render)?;
        events.signed_up(created.as_ref(), state);
        Ok(reply)
    })
}

/// `POST .../prepare_verification` with `strategy=email_code`: sends a code (to the log).
pub(super) fn prepare_verification(
    instance: &Instance,
    req: &FapiRequest,
    id: &str,
) -> Result<Reply, ApiError> {
    let token = req
        .client_token()
        .ok_or_else(|| ApiError::not_found("Sign up"))?;
    let now = now_ms();
    instance.store.update(|state| {
        let sign_up = pending_mut(state, token, id)?;
        let email = sign_up
            .email
            .clone()
            .ok_or_else(|| ApiError::param_missing("email_address", "Enter email address."))?;
        sign_up.code_expires_at = Some(instance.codes.issue(id, &email));
        changed_client(instance, state, req, now, token, render)
    })
}

/// `POST .../attempt_verification` with `strategy=email_code&code=`.
pub(super) fn attempt_verification(
    instance: &Instance,
    req: &FapiRequest,
    id: &str,
) -> Result<Reply, ApiError> {
    let token = req
        .client_token()
        .ok_or_else(|| ApiError::not_found("Sign up"))?;
    let code = req
        .form("code")
        .ok_or_else(|| ApiError::param_missing("code", "Enter code."))?;
    let now = now_ms();
    instance.update_announcing(|state, events| {
        // The code must have been sent to the address the attempt has *now*: one sent to
        // another address verifies nothing here.
        let email = pending_mut(state, token, id)?
            .email
            .clone()
            .unwrap_or_default();
        instance.codes.check(id, &email, code)?;
        let sign_up = pending_mut(state, token, id)?;
        sign_up.email_verified = true;
        sign_up.code_expires_at = None;
        let created = finish(instance, state, token, now)?;
        let reply = changed_client(instance, state, req, now, token, render)?;
        events.signed_up(created.as_ref(), state);
        Ok(reply)
    })
}

fn pending_mut<'a>(
    state: &'a mut State,
    token: &str,
    id: &str,
) -> Result<&'a mut SignUp, ApiError> {
    state
        .client_mut(token)
        .and_then(|c| c.sign_up.as_mut())
        .filter(|s| s.id == id && s.status != AttemptStatus::Complete)
        .ok_or_else(|| ApiError::not_found("Sign up"))
}

/// `GET /v1/client/sign_ups/{id}` (and the verification steps: nothing to verify here).
pub(super) fn get(instance: &Instance, req: &FapiRequest, id: &str) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.read(|state| {
        let client = current_client(state, req)
            .filter(|c| c.sign_up.as_ref().is_some_and(|s| s.id == id))
            .ok_or_else(|| ApiError::not_found("Sign up"))?;
        let view = view(instance, state, req, now);
        Ok(with_client(&view, instance, client, render(&view, client)))
    })
}

/// The form's fields, or every field that is wrong, all in one refusal (as Clerk answers).
fn fields(instance: &Instance, req: &FapiRequest) -> Result<Fields, ApiError> {
    let email = req.form("email_address").map(str::to_owned);
    let password = req.form_raw("password");
    let email_refused = email.as_deref().and_then(|email| {
        if !email.contains('@') {
            return Some(ApiError::param_invalid(
                "email_address",
                "Email address must be a valid email address.",
            ));
        }
        let taken = instance.store.read(|s| s.user_by_email(email).is_some());
        taken.then(ApiError::identifier_exists)
    });
    let password_refused = password
        .and_then(|p| instance.passwords.check(p).err())
        .map(ApiError::from);
    if let Some(refusal) = ApiError::all(email_refused.into_iter().chain(password_refused)) {
        return Err(refusal);
    }
    let password_hash = password
        .map(|p| instance.passwords.hash_new(p))
        .transpose()?;
    Ok(Fields {
        email,
        first_name: req.form("first_name").map(str::to_owned),
        last_name: req.form("last_name").map(str::to_owned),
        password_hash,
    })
}

fn merge(sign_up: &mut SignUp, fields: Fields) {
    let Fields {
        email,
        first_name,
        last_name,
        password_hash,
    } = fields;
    if email.is_some() && email != sign_up.email {
        sign_up.email_verified = false;
    }
    sign_up.email = email.or(sign_up.email.take());
    sign_up.first_name = first_name.or(sign_up.first_name.take());
    sign_up.last_name = last_name.or(sign_up.last_name.take());
    sign_up.password_hash = password_hash.or(sign_up.password_hash.take());
}

/// Once the attempt has an email address (verified, when that is required) and a password:
/// creates the user and signs them in. Returns the new user and session ids.
pub(super) fn finish(
    instance: &Instance,
    state: &mut State,
    token: &str,
    now: i64,
) -> Result<Option<(String, String)>, ApiError> {
    let Some(sign_up) = state.client(token).and_then(|c| c.sign_up.clone()) else {
        return Ok(None);
    };
    if instance.email_verification && !sign_up.email_verified {
        return Ok(None);
    }
    if instance.require_name && (sign_up.first_name.is_none() || sign_up.last_name.is_none()) {
        return Ok(None);
    }
    // A social sign-up needs no password: the provider vouched for the address.
    let identity = sign_up
        .external
        .as_ref()
        .filter(|e| e.status == ExternalStatus::Verified)
        .and_then(|e| e.identity.clone());
    let Some(email) = sign_up.email else {
        return Ok(None);
    };
    let password_hash = match (sign_up.password_hash, &identity) {
        (Some(hash), _) => hash,
        (None, Some(_)) => String::new(),
        (None, None) => return Ok(None),
    };
    // Checked again under the lock: another browser may have signed up with it meanwhile.
    if state.user_by_email(&email).is_some() {
        return Err(ApiError::identifier_exists());
    }
    invited_sign_up::admit(instance, state, Some(&email))?;
    let mut user = User::new(&email, password_hash, now);
    user.first_name = sign_up.first_name;
    user.last_name = sign_up.last_name;
    if user.password_hash.is_empty() {
        user.password_updated_at = None;
    }
    if let Some(metadata) = state.accept_instance_invitation(&email, now) {
        user.public_metadata = metadata;
    }
    let user_id = user.id.clone();
    state.users.push(user);
    if let Some(identity) = &identity {
        state.link_external_account(&user_id, identity, now);
    }
    let mut created = None;
    if let Some(client) = state.client_mut(token) {
        let session_id = client.start_session(&user_id, now);
        if let Some(sign_up) = client.sign_up.as_mut() {
            sign_up.status = AttemptStatus::Complete;
            sign_up.password_hash = None;
            sign_up.created_user_id = Some(user_id.clone());
            sign_up.created_session_id = Some(session_id.clone());
        }
        created = Some((user_id.clone(), session_id));
    }
    record_sign_in(state, &user_id, now);
    Ok(created)
}

pub(super) fn render(view: &crate::json::View, client: &Client) -> Value {
    client
        .sign_up
        .as_ref()
        .map_or(Value::Null, |s| view.sign_up(s))
}
