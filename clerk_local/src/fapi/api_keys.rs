//! `/api_keys` on the Frontend API (no `/v1`, as clerk-js calls it): the keys Clerk's
//! `<APIKeys/>` and the "API keys" pages of `<UserProfile/>` and `<OrganizationProfile/>` list,
//! make and revoke. clerk-js sends the session token as a Bearer token. A key belongs to the
//! session's user, or to an organization of theirs whose role allows `org:sys_api_keys:read`
//! (to list) or `org:sys_api_keys:manage` (to make and revoke); each only where the instance
//! enables API keys for it (`[clerk_local.api_keys]`).

use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use http::Method;

use crate::bapi::request::BapiRequest;
use crate::clock::now_ms;
use crate::constants::SESSION_TOKEN_CATEGORY;
use crate::instance::Instance;
use crate::json::api_key::api_key;
use crate::json::page_of;
use crate::reply::{ApiError, Reply};
use crate::store::{NewApiKey, State};

use super::organizations::require;

/// How far past its `exp` a session token is still taken, as Clerk's SDKs allow for clock skew.
const CLOCK_SKEW_MS: i64 = 5_000;

/// Every request to `/api_keys/...`; `rest` is the path after it.
pub(super) fn handle(
    instance: &Instance,
    method: &Method,
    parts: &Parts,
    body: &[u8],
    rest: &[&str],
) -> Result<Reply, ApiError> {
    let user_id = session_user(instance, parts)?;
    let req = BapiRequest::new(&parts.uri, &parts.headers, body)?;
    match (method, rest) {
        (&Method::GET, []) => list(instance, &req, &user_id),
        (&Method::POST, []) => create(instance, &req, &user_id),
        (&Method::POST, [id, "revoke"]) => revoke(instance, &req, &user_id, id),
        _ => Err(instance.unhandled.record(method, parts.uri.path())),
    }
}

/// The user of the live session whose token is the Bearer token.
fn session_user(instance: &Instance, parts: &Parts) -> Result<String, ApiError> {
    let token = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(ApiError::signed_out)?;
    let claims = instance
        .keys
        .verify(token.trim(), SESSION_TOKEN_CATEGORY)
        .ok_or_else(ApiError::signed_out)?;
    let expires_ms = claims["exp"].as_i64().unwrap_or(0).saturating_mul(1000);
    if expires_ms.saturating_add(CLOCK_SKEW_MS) <= now_ms() {
        return Err(ApiError::signed_out());
    }
    let (Some(sid), Some(user_id)) = (claims["sid"].as_str(), claims["sub"].as_str()) else {
        return Err(ApiError::signed_out());
    };
    instance.store.read(|state| {
        state
            .sessions()
            .any(|(_, s)| s.id == sid && s.user_id == user_id)
            .then(|| user_id.to_owned())
            .ok_or_else(ApiError::signed_out)
    })
}

/// What a user may do with an owner's keys.
#[derive(Clone, Copy)]
enum Access {
    Read,
    Manage,
}

/// Whether `user_id` may `access` the keys of `subject`: their own, or an organization's where
/// their role allows it; each only where API keys are enabled for it.
fn check(
    instance: &Instance,
    state: &State,
    user_id: &str,
    subject: &str,
    access: Access,
) -> Result<(), ApiError> {
    let disabled = |whose| {
        ApiError::forbidden(&format!(
            "API keys are not enabled for {whose} on this instance"
        ))
    };
    if subject.starts_with("org_") {
        if !(instance.api_keys.organizations && instance.organizations.enabled) {
            return Err(disabled("organizations"));
        }
        let permission = match access {
            Access::Read => "org:sys_api_keys:read",
            Access::Manage => "org:sys_api_keys:manage",
        };
        return require(instance, state, subject, user_id, permission);
    }
    if !instance.api_keys.users {
        return Err(disabled("users"));
    }
    if subject == user_id {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "You are not authorized to perform this request",
        ))
    }
}

/// `GET /api_keys?subject=…&query=…&limit=…&offset=…`: the owner's live keys, newest first.
fn list(instance: &Instance, req: &BapiRequest, user_id: &str) -> Result<Reply, ApiError> {
    let subject = req.query("subject").unwrap_or(user_id);
    let query = req.query("query").map(str::trim).filter(|q| !q.is_empty());
    let (limit, offset) = req.paging();
    let now = now_ms();
    instance.store.read(|state| {
        check(instance, state, user_id, subject, Access::Read)?;
        let keys = state.api_keys_of(subject, false, query, now);
        Ok(Reply::json(page_of(&keys, limit, offset, |k| {
            api_key(k, now, false)
        })))
    })
}

/// `POST /api_keys` with `name`, `subject`, and optionally `description` and
/// `seconds_until_expiration`: the new key, with its secret (the only time it is shown).
/// Scopes and claims are the Backend API's to set, never the browser's.
fn create(instance: &Instance, req: &BapiRequest, user_id: &str) -> Result<Reply, ApiError> {
    let name = req
        .string("name")
        .ok_or_else(|| ApiError::param_missing("name", "name is missing"))?;
    let subject = req.string("subject").unwrap_or(user_id).to_owned();
    let lifetime = req.lifetime_secs("seconds_until_expiration")?;
    let now = now_ms();
    let new = NewApiKey {
        name: name.to_owned(),
        subject,
        description: req.string("description").map(str::to_owned),
        scopes: Vec::new(),
        claims: None,
        created_by: Some(user_id.to_owned()),
        expiration: lifetime.map(|secs| now + secs * 1000),
    };
    instance.store.update(|state| {
        check(instance, state, user_id, &new.subject, Access::Manage)?;
        let key = state.add_api_key(new, now).map_err(ApiError::from)?;
        Ok(Reply::json(api_key(key, now, true)))
    })
}

/// `POST /api_keys/{id}/revoke` with `revocation_reason`. Another owner's key is "not found".
fn revoke(
    instance: &Instance,
    req: &BapiRequest,
    user_id: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let reason = req.string("revocation_reason").map(str::to_owned);
    let now = now_ms();
    instance.store.update(|state| {
        let subject = state
            .api_key(id)
            .map(|k| k.subject.clone())
            .ok_or_else(not_found)?;
        check(instance, state, user_id, &subject, Access::Manage).map_err(|_| not_found())?;
        let key = state
            .revoke_api_key(id, reason, now)
            .ok_or_else(not_found)?;
        Ok(Reply::json(api_key(key, now, false)))
    })
}

fn not_found() -> ApiError {
    ApiError::not_found("API key")
}
