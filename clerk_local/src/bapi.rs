//! The Backend API under `/__clerk_local/api/v1/...`, guarded by the secret key, with Clerk's
//! shapes and error bodies: users (metadata, ban, lock, password check), sessions (ended ones
//! kept), sign-in tokens, instance invitations, organizations and memberships, machines and
//! their M2M tokens (`/m2m_tokens` also takes a machine's secret key), API keys of users and
//! organizations, the JWKS, and the handshake nonce exchange.

mod api_keys;
mod invitations;
mod m2m_tokens;
mod machines;
mod metadata;
mod mfa;
mod organizations;
pub(crate) mod request;
mod sessions;
mod sign_in_tokens;
mod user_access;
mod users;
pub(crate) mod waitlist_entries;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, Method, Uri};
use serde_json::json;

use crate::clock::now_ms;
use crate::constants::{API_PATH, NONCE_PARAM};
use crate::instance::Instance;
use crate::reply::{ApiError, Reply};
use crate::secret_key;

use request::BapiRequest;

/// Every request under the API path.
pub(crate) async fn handle(
    State(instance): State<Arc<Instance>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let rest = uri.path().strip_prefix(API_PATH).unwrap_or_default();
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let Some(caller) = Caller::of(&instance, &headers) else {
        return ApiError::secret_key_invalid().into_response();
    };
    let result = match BapiRequest::new(&uri, &headers, &body) {
        // `@clerk/backend` calls the M2M and API key endpoints without the version:
        // `/m2m_tokens/verify`, `/api_keys/verify`.
        Ok(req) => match (&caller, segments.as_slice()) {
            (_, ["m2m_tokens", rest @ ..] | ["v1", "m2m_tokens", rest @ ..]) => {
                m2m_route(&instance, &method, rest, &req, &caller)
            }
            (Caller::Machine(_), _) => return ApiError::secret_key_invalid().into_response(),
            (Caller::Instance, ["api_keys", rest @ ..] | ["v1", "api_keys", rest @ ..]) => {
                api_keys_route(&instance, &method, rest, &req)
            }
            (Caller::Instance, _) => route(&instance, &method, &segments, &req),
        }
        .unwrap_or_else(|| Err(instance.unhandled.record(&method, uri.path()))),
        Err(error) => Err(error),
    };
    match result {
        Ok(reply) => reply.into_response(),
        Err(error) => error.into_response(),
    }
}

/// Who is calling: the instance's secret key may call everything; a machine's secret key only
/// `/m2m_tokens`.
pub(crate) enum Caller {
    Instance,
    /// The machine's id.
    Machine(String),
}

impl Caller {
    fn of(instance: &Instance, headers: &HeaderMap) -> Option<Self> {
        if secret_key::authorized(headers, &instance.secret_key) {
            return Some(Self::Instance);
        }
        let key = secret_key::bearer(headers)?;
        instance
            .store
            .read(|state| state.machine_by_secret_key(key).map(|m| m.id.clone()))
            .map(Self::Machine)
    }
}

/// `/m2m_tokens/{rest}`, for the instance or a machine; `None` when no route matches.
fn m2m_route(
    instance: &Instance,
    method: &Method,
    rest: &[&str],
    req: &BapiRequest,
    caller: &Caller,
) -> Option<Result<Reply, ApiError>> {
    use Method as M;
    Some(match (method, rest) {
        (&M::GET, []) => m2m_tokens::list(instance, req, caller),
        (&M::POST, []) => m2m_tokens::create(instance, req, caller),
        (&M::POST, ["verify"]) => m2m_tokens::verify(instance, req, caller),
        (&M::POST, [id, "revoke"]) => m2m_tokens::revoke(instance, req, caller, id),
        _ => return None,
    })
}

/// `/api_keys/{rest}`; `None` when no route matches.
fn api_keys_route(
    instance: &Instance,
    method: &Method,
    rest: &[&str],
    req: &BapiRequest,
) -> Option<Result<Reply, ApiError>> {
    use Method as M;
    Some(match (method, rest) {
        (&M::GET, []) => api_keys::list(instance, req),
        (&M::POST, []) => api_keys::create(instance, req),
        (&M::POST, ["verify"]) => api_keys::verify(instance, req),
        (&M::GET, [id]) => api_keys::get(instance, id),
        (&M::DELETE, [id]) => api_keys::delete(instance, id),
        (&M::GET, [id, "secret"]) => api_keys::secret(instance, id),
        (&M::POST, [id, "revoke"]) => api_keys::revoke(instance, req, id),
        _ => return None,
    })
}

/// `None` when no route matches.
fn route(
    instance: &Instance,
    method: &Method,
    segments: &[&str],
    req: &BapiRequest,
) -> Option<Result<Reply, ApiError>> {
    use Method as M;
    Some(match (method, segments) {
        (&M::GET, ["v1", "jwks"]) => Ok(Reply::json(instance.keys.jwks())),
        (&M::GET, ["v1", "clients", "handshake_payload"]) => handshake_payload(instance, req),

        (&M::GET, ["v1", "users"]) => users::list(instance, req),
        (&M::GET, ["v1", "users", "count"]) => users::count(instance, req),
        (&M::POST, ["v1", "users"]) => users::create(instance, req),
        (&M::GET, ["v1", "users", id]) => users::get(instance, id),
        (&M::PATCH, ["v1", "users", id]) => users::update(instance, req, id),
        (&M::PATCH, ["v1", "users", id, "metadata"]) => {
            metadata::user(instance, req, id, metadata::Write::Merge)
        }
        (&M::PUT, ["v1", "users", id, "metadata"]) => {
            metadata::user(instance, req, id, metadata::Write::Replace)
        }
        (&M::POST, ["v1", "users", id, "verify_password"]) => {
            user_access::verify_password(instance, req, id)
        }
        (&M::POST, ["v1", "users", id, "ban"]) => user_access::ban(instance, id),
        (&M::POST, ["v1", "users", id, "unban"]) => user_access::unban(instance, id),
        (&M::POST, ["v1", "users", id, "lock"]) => user_access::lock(instance, id),
        (&M::POST, ["v1", "users", id, "unlock"]) => user_access::unlock(instance, id),
        (&M::DELETE, ["v1", "users", id]) => users::delete(instance, id),
        (&M::DELETE, ["v1", "users", id, "totp"]) => mfa::remove(instance, id, mfa::Removal::Totp),
        (&M::DELETE, ["v1", "users", id, "backup_code"]) => {
            mfa::remove(instance, id, mfa::Removal::BackupCodes)
        }
        (&M::DELETE, ["v1", "users", id, "mfa"]) => mfa::remove(instance, id, mfa::Removal::All),
        (&M::POST, ["v1", "users", id, "verify_totp"]) => mfa::verify(instance, req, id),
        (&M::GET, ["v1", "users", id, "organization_memberships"]) => {
            organizations::user_memberships(instance, req, id)
        }

        (&M::GET, ["v1", "sessions"]) => sessions::list(instance, req),
        (&M::POST, ["v1", "sessions"]) => sessions::create(instance, req),
        (&M::GET, ["v1", "sessions", id]) => sessions::get(instance, id),
        (&M::POST, ["v1", "sessions", id, "revoke"]) => sessions::revoke(instance, id),
        (&M::POST, ["v1", "sessions", id, "tokens"]) => sessions::token(instance, req, id, None),
        (&M::POST, ["v1", "sessions", id, "tokens", template]) => {
            sessions::token(instance, req, id, Some(template))
        }

        (&M::GET, ["v1", "machines"]) => machines::list(instance, req),
        (&M::POST, ["v1", "machines"]) => machines::create(instance, req),
        (&M::GET, ["v1", "machines", id]) => machines::get(instance, id),
        (&M::DELETE, ["v1", "machines", id]) => machines::delete(instance, id),
        (&M::GET, ["v1", "machines", id, "secret_key"]) => machines::secret_key(instance, id),
        (&M::POST, ["v1", "machines", id, "scopes"]) => machines::add_scope(instance, req, id),

        (&M::POST, ["v1", "sign_in_tokens"]) => sign_in_tokens::create(instance, req),
        (&M::POST, ["v1", "sign_in_tokens", id, "revoke"]) => sign_in_tokens::revoke(instance, id),

        (&M::GET, ["v1", "waitlist_entries"]) => waitlist_entries::list(instance, req),
        (&M::POST, ["v1", "waitlist_entries"]) => waitlist_entries::create(instance, req),
        (&M::POST, ["v1", "waitlist_entries", "bulk"]) => {
            waitlist_entries::create_bulk(instance, req)
        }
        (&M::POST, ["v1", "waitlist_entries", id, "invite"]) => {
            waitlist_entries::invite(instance, req, id)
        }
        (&M::POST, ["v1", "waitlist_entries", id, "reject"]) => {
            waitlist_entries::reject(instance, id)
        }
        (&M::DELETE, ["v1", "waitlist_entries", id]) => waitlist_entries::delete(instance, id),
        (&M::GET, ["v1", "invitations"]) => invitations::list(instance, req),
        (&M::POST, ["v1", "invitations"]) => invitations::create(instance, req),
        (&M::POST, ["v1", "invitations", "bulk"]) => invitations::create_bulk(instance, req),
        (&M::POST, ["v1", "invitations", id, "revoke"]) => invitations::revoke(instance, id),
        (&M::DELETE, ["v1", "invitations", id]) => invitations::delete(instance, id),

        (&M::GET, ["v1", "organizations"]) => organizations::list(instance, req),
        (&M::POST, ["v1", "organizations"]) => organizations::create(instance, req),
        (&M::GET, ["v1", "organizations", id]) => organizations::get(instance, id),
        (&M::PATCH, ["v1", "organizations", id]) => organizations::update(instance, req, id),
        (&M::DELETE, ["v1", "organizations", id]) => organizations::delete(instance, id),
        (&M::PATCH, ["v1", "organizations", id, "metadata"]) => {
            metadata::organization(instance, req, id, metadata::Write::Merge)
        }
        (&M::PUT, ["v1", "organizations", id, "metadata"]) => {
            metadata::organization(instance, req, id, metadata::Write::Replace)
        }
        (&M::GET, ["v1", "organizations", id, "memberships"]) => {
            organizations::memberships(instance, req, id)
        }
        (&M::POST, ["v1", "organizations", id, "memberships"]) => {
            organizations::add_membership(instance, req, id)
        }
        (&M::PATCH, ["v1", "organizations", id, "memberships", user_id]) => {
            organizations::update_membership(instance, req, id, user_id)
        }
        (&M::GET, ["v1", "organizations", id, "invitations"]) => {
            organizations::invitations(instance, req, id)
        }
        (&M::POST, ["v1", "organizations", id, "invitations"]) => {
            organizations::invite(instance, req, id)
        }
        (&M::POST, ["v1", "organizations", id, "invitations", invitation, "revoke"]) => {
            organizations::revoke_invitation(instance, id, invitation)
        }
        (&M::DELETE, ["v1", "organizations", id, "memberships", user_id]) => {
            organizations::remove_membership(instance, id, user_id)
        }
        _ => return None,
    })
}

/// `GET /v1/clients/handshake_payload?nonce=`: `{"directives": [...]}`.
fn handshake_payload(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let nonce = req
        .query(NONCE_PARAM)
        .ok_or_else(|| ApiError::param_missing("nonce", "nonce is missing"))?;
    instance
        .nonces
        .redeem(nonce, now_ms())
        .map(|directives| Reply::json(json!({ "directives": directives })))
        .ok_or_else(|| ApiError::not_found("Handshake nonce"))
}
