//! `/v1/client/sign_ups`: email address + password. Email verification is off, so an attempt
//! completes (user created, signed in) as soon as it has both, in one call or several.

use serde_json::Value;

use crate::clock::now_ms;
use crate::ids::new_id;
use crate::instance::Instance;
use crate::password;
use crate::reply::{ApiError, Reply};
use crate::store::{AttemptStatus, Client, SignUp, State, User};

use super::sign_in::record_sign_in;
use super::{changed_client, current_client, view, with_client, FapiRequest};

/// Also what the environment's `password_settings.min_length` announces.
pub(super) const MIN_PASSWORD_LENGTH: usize = 8;

/// The fields a create or update call brings, validated, the password already hashed.
struct Fields {
    email: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    password_hash: Option<String>,
}

/// `POST /v1/client/sign_ups`.
pub(super) fn create(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let fields = fields(instance, req)?;
    let now = now_ms();
    instance.store.update(|state| {
        let client = state.client_or_create(req.client_token(), now);
        let token = client.token.clone();
        let mut sign_up = SignUp {
            id: new_id("sua"),
            email: None,
            first_name: None,
            last_name: None,
            password_hash: None,
            status: AttemptStatus::MissingRequirements,
            created_user_id: None,
            created_session_id: None,
            created_at: now,
        };
        merge(&mut sign_up, fields);
        client.sign_up = Some(sign_up);
        client.updated_at = now;
        finish(state, &token, now)?;
        changed_client(instance, state, req, now, &token, render)
    })
}

/// `PATCH /v1/client/sign_ups/{id}`: adds fields to the attempt.
pub(super) fn update(instance: &Instance, req: &FapiRequest, id: &str) -> Result<Reply, ApiError> {
    let fields = fields(instance, req)?;
    let token = req
        .client_token()
        .ok_or_else(|| ApiError::not_found("Sign up"))?;
    let now = now_ms();
    instance.store.update(|state| {
        let sign_up = state
            .client_mut(token)
            .and_then(|c| c.sign_up.as_mut())
            .filter(|s| s.id == id && s.status != AttemptStatus::Complete)
            .ok_or_else(|| ApiError::not_found("Sign up"))?;
        merge(sign_up, fields);
        finish(state, token, now)?;
        changed_client(instance, state, req, now, token, render)
    })
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

fn fields(instance: &Instance, req: &FapiRequest) -> Result<Fields, ApiError> {
    let email = req.form("email_address").map(str::to_owned);
    if let Some(email) = &email {
        if !email.contains('@') {
            return Err(ApiError::param_invalid(
                "email_address",
                "Email address must be a valid email address.",
            ));
        }
        if instance.store.read(|s| s.user_by_email(email).is_some()) {
            return Err(ApiError::identifier_exists());
        }
    }
    let password_hash = match req.form_raw("password") {
        Some(p) if p.chars().count() < MIN_PASSWORD_LENGTH => {
            return Err(ApiError::password_too_short(MIN_PASSWORD_LENGTH))
        }
        Some(p) => Some(password::hash(p).map_err(|error| {
            tracing::error!(%error, "clerk_local: could not hash a password");
            ApiError::internal()
        })?),
        None => None,
    };
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
    sign_up.email = email.or(sign_up.email.take());
    sign_up.first_name = first_name.or(sign_up.first_name.take());
    sign_up.last_name = last_name.or(sign_up.last_name.take());
    sign_up.password_hash = password_hash.or(sign_up.password_hash.take());
}

/// Once the attempt has an email address and a password: creates the user and signs them in.
fn finish(state: &mut State, token: &str, now: i64) -> Result<(), ApiError> {
    let Some(sign_up) = state.client(token).and_then(|c| c.sign_up.clone()) else {
        return Ok(());
    };
    let (Some(email), Some(password_hash)) = (sign_up.email, sign_up.password_hash) else {
        return Ok(());
    };
    // Checked again under the lock: another browser may have signed up with it meanwhile.
    if state.user_by_email(&email).is_some() {
        return Err(ApiError::identifier_exists());
    }
    let user = User {
        id: new_id("user"),
        email_address_id: new_id("idn"),
        email,
        first_name: sign_up.first_name,
        last_name: sign_up.last_name,
        password_hash,
        created_at: now,
        updated_at: now,
        last_sign_in_at: None,
        last_active_at: None,
    };
    let user_id = user.id.clone();
    state.users.push(user);
    if let Some(client) = state.client_mut(token) {
        let session_id = client.start_session(&user_id, now);
        if let Some(sign_up) = client.sign_up.as_mut() {
            sign_up.status = AttemptStatus::Complete;
            sign_up.password_hash = None;
            sign_up.created_user_id = Some(user_id.clone());
            sign_up.created_session_id = Some(session_id);
        }
    }
    record_sign_in(state, &user_id, now);
    Ok(())
}

fn render(view: &crate::json::View, client: &Client) -> Value {
    client
        .sign_up
        .as_ref()
        .map_or(Value::Null, |s| view.sign_up(s))
}
