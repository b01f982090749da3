//! The Frontend API under the proxy path: what clerk-js and Clerk UI call from the browser, and
//! the handshake that servers redirect documents to.

mod api_keys;
mod client;
mod dev_browser;
mod dev_handshake;
mod environment;
mod external_accounts;
mod handshake;
mod invitations;
mod invited_sign_up;
mod me;
mod mfa;
mod oauth;
mod organizations;
mod password_check;
mod request;
mod reverification;
mod same_origin;
mod second_factor;
mod sessions;
mod sign_in;
pub(crate) mod sign_up;
mod user_access;
mod waitlist;

use std::sync::Arc;

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::Method;
use serde_json::{json, Value};

use crate::bundles;
use crate::constants::PROXY_PATH;
use crate::instance::Instance;
use crate::json::View;
use crate::reply::{ApiError, Reply};
use crate::store::{Client, State as StoreState};

pub(crate) use invitations::invite;
pub(crate) use organizations::slugify;
pub(crate) use request::FapiRequest;

/// Form bodies are a handful of fields; anything bigger is not clerk-js.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// Every request under the proxy path.
pub(crate) async fn handle(State(instance): State<Arc<Instance>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let rest = path.strip_prefix(PROXY_PATH).unwrap_or(&path);
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();

    if let ["npm", "@clerk", package, "dist", ..] = segments.as_slice() {
        return bundles::serve(&instance.bundles_dir, package, parts).await;
    }
    if let Err(error) = same_origin::check(&instance.origins, &parts) {
        return error.into_response();
    }
    let body = match to_bytes(body, MAX_BODY_BYTES).await {
        Ok(body) => body,
        Err(_) => {
            return ApiError::param_invalid("body", "The request body is too large.")
                .into_response()
        }
    };
    let request = FapiRequest::new(&parts, &body, &instance.origin, instance.instance_type);
    tracing::debug!(method = %request.method, path = %request.path, "clerk_local: FAPI");
    // The stand-in provider's pages (not Frontend API routes) live under the proxy path too.
    match (&request.method, segments.as_slice()) {
        (&Method::GET | &Method::POST, ["local", "oauth", "authorize"]) => {
            return crate::oauth::consent(&instance, &request);
        }
        (&Method::GET, ["local", "img", file]) => return crate::oauth::logo(file),
        _ => {}
    }
    if let Err(error) = dev_browser::authenticate(&instance, &request, &segments) {
        return error.into_response();
    }
    // Authenticated by the session token rather than the client, and with JSON bodies.
    let result = match segments.as_slice() {
        ["api_keys", rest @ ..] => {
            api_keys::handle(&instance, &request.method, &parts, &body, rest)
        }
        _ => route(&instance, &request, &segments),
    };
    match result {
        Ok(reply) => reply.into_response(),
        Err(error) => error.into_response(),
    }
}

fn route(instance: &Instance, req: &FapiRequest, segments: &[&str]) -> Result<Reply, ApiError> {
    use Method as M;
    let method = &req.method;
    match (method, segments) {
        (&M::GET | &M::PATCH, ["v1", "environment"]) => Ok(environment::get(instance)),
        (&M::GET, ["v1", "jwks"] | [".well-known", "jwks.json"]) => {
            Ok(Reply::json(instance.keys.jwks()))
        }

        (&M::POST, ["v1", "dev_browser"]) => dev_browser::create(instance),

        (&M::GET, ["v1", "client"]) => Ok(client::get(instance, req)),
        (&M::POST | &M::PUT, ["v1", "client"]) => client::create(instance, req),
        (&M::DELETE, ["v1", "client"]) => client::delete(instance, req),
        (&M::GET, ["v1", "client", "handshake"]) => handshake::handle(instance, req),

        (&M::DELETE, ["v1", "client", "sessions"]) => sessions::remove_all(instance, req),
        (&M::GET, ["v1", "client", "sessions", sid]) => sessions::get(instance, req, sid),
        (&M::POST, ["v1", "client", "sessions", sid, "tokens"]) => {
            sessions::token(instance, req, sid, None)
        }
        (&M::POST, ["v1", "client", "sessions", sid, "tokens", template]) => {
            sessions::token(instance, req, sid, Some(template))
        }
        (&M::POST, ["v1", "client", "sessions", sid, "touch"]) => {
            sessions::touch(instance, req, sid)
        }
        (&M::POST, ["v1", "client", "sessions", sid, action @ ("end" | "remove")]) => {
            sessions::end(instance, req, sid, action)
        }

        (&M::POST, ["v1", "client", "sessions", sid, "verify"]) => {
            reverification::start(instance, req, sid)
        }
        (&M::POST, ["v1", "client", "sessions", sid, "verify", "prepare_first_factor"]) => {
            reverification::prepare(instance, req, sid)
        }
        (&M::POST, ["v1", "client", "sessions", sid, "verify", "attempt_first_factor"]) => {
            reverification::attempt(instance, req, sid)
        }
        (&M::POST, ["v1", "client", "sessions", sid, "verify", "prepare_second_factor"]) => {
            reverification::prepare_second_factor(instance, req, sid)
        }
        (&M::POST, ["v1", "client", "sessions", sid, "verify", "attempt_second_factor"]) => {
            reverification::attempt_second_factor(instance, req, sid)
        }

        (&M::POST, ["v1", "waitlist"]) => waitlist::join(instance, req),

        (&M::GET, ["v1", "oauth_callback"]) => oauth::callback(instance, req),
        (&M::POST, ["v1", "client", "sign_ins"]) => sign_in::create(instance, req),
        (&M::GET, ["v1", "client", "sign_ins", id]) => sign_in::get(instance, req, id),
        (&M::POST, ["v1", "client", "sign_ins", id, "attempt_first_factor"]) => {
            sign_in::attempt_first_factor(instance, req, id)
        }
        (&M::POST, ["v1", "client", "sign_ins", id, "prepare_first_factor"]) => {
            sign_in::prepare_first_factor(instance, req, id)
        }
        (&M::POST, ["v1", "client", "sign_ins", id, "attempt_second_factor"]) => {
            second_factor::attempt(instance, req, id)
        }

        (&M::POST, ["v1", "client", "sign_ups"]) => sign_up::create(instance, req),
        (&M::GET, ["v1", "client", "sign_ups", id]) => sign_up::get(instance, req, id),
        (&M::PATCH, ["v1", "client", "sign_ups", id]) => sign_up::update(instance, req, id),
        (&M::POST, ["v1", "client", "sign_ups", id, "prepare_verification"]) => {
            sign_up::prepare_verification(instance, req, id)
        }
        (&M::POST, ["v1", "client", "sign_ups", id, "attempt_verification"]) => {
            sign_up::attempt_verification(instance, req, id)
        }

        (&M::GET, ["v1", "me"]) => me::get(instance, req),
        (&M::PATCH, ["v1", "me"]) => me::update(instance, req),
        (&M::PATCH, ["v1", "me", "metadata"]) => me::update_metadata(instance, req),
        (&M::DELETE, ["v1", "me"]) => me::delete(instance, req),
        (&M::POST, ["v1", "me", "change_password"]) => me::change_password(instance, req),
        (&M::POST, ["v1", "me", "email_addresses"]) => me::add_email(instance, req),
        (&M::GET, ["v1", "me", "email_addresses", id]) => me::get_email(instance, req, id),
        (&M::DELETE, ["v1", "me", "email_addresses", id]) => me::remove_email(instance, req, id),
        (&M::POST, ["v1", "me", "email_addresses", id, "prepare_verification"]) => {
            me::prepare_email(instance, req, id)
        }
        (&M::POST, ["v1", "me", "email_addresses", id, "attempt_verification"]) => {
            me::attempt_email(instance, req, id)
        }
        (&M::GET, ["v1", "me", "sessions", "active"]) => me::active_sessions(instance, req),
        (&M::POST, ["v1", "me", "external_accounts"]) => external_accounts::connect(instance, req),
        (&M::DELETE, ["v1", "me", "external_accounts", id]) => {
            external_accounts::remove(instance, req, id)
        }
        (&M::POST, ["v1", "me", "totp"]) => mfa::create(instance, req),
        (&M::DELETE, ["v1", "me", "totp"]) => mfa::remove(instance, req),
        (&M::POST, ["v1", "me", "totp", "attempt_verification"]) => mfa::verify(instance, req),
        (&M::POST, ["v1", "me", "backup_codes"]) => mfa::regenerate_backup_codes(instance, req),
        (&M::POST, ["v1", "me", "sessions", id, "revoke"]) => me::revoke_session(instance, req, id),

        (&M::GET, ["v1", "me", "organization_memberships"]) => {
            organizations::my_memberships(instance, req)
        }
        (&M::GET, ["v1", "me", "organization_invitations"]) => {
            invitations::list_for_user(instance, req)
        }
        (&M::POST, ["v1", "me", "organization_invitations", id, "accept"]) => {
            invitations::accept(instance, req, id)
        }
        (&M::GET, ["v1", "organizations", id, "invitations"]) => {
            invitations::list_for_organization(instance, req, id)
        }
        (&M::POST, ["v1", "organizations", id, "invitations"]) => {
            invitations::create(instance, req, id, false)
        }
        (&M::POST, ["v1", "organizations", id, "invitations", "bulk"]) => {
            invitations::create(instance, req, id, true)
        }
        (&M::POST, ["v1", "organizations", org_id, "invitations", id, "revoke"]) => {
            invitations::revoke(instance, req, org_id, id)
        }
        (
            &M::GET,
            ["v1", "me", "organization_suggestions"]
            | ["v1", "organizations", _, "membership_requests" | "domains"],
        ) => organizations::empty_page(instance, req),
        (&M::POST, ["v1", "organizations"]) => organizations::create(instance, req),
        (&M::GET, ["v1", "organizations", id]) => organizations::get(instance, req, id),
        (&M::PATCH, ["v1", "organizations", id]) => organizations::update(instance, req, id),
        (&M::DELETE, ["v1", "organizations", id]) => organizations::delete(instance, req, id),
        (&M::PATCH, ["v1", "organizations", id, "memberships", user_id]) => {
            organizations::update_member(instance, req, id, user_id)
        }
        (&M::DELETE, ["v1", "organizations", id, "memberships", user_id]) => {
            organizations::remove_member(instance, req, id, user_id)
        }
        (&M::GET, ["v1", "organizations", id, "memberships"]) => {
            organizations::memberships(instance, req, id)
        }
        (&M::GET, ["v1", "organizations", id, "roles"]) => organizations::roles(instance, req, id),

        _ => Err(instance.unhandled.record(method, &req.path)),
    }
}

/// `{"response": <response>, "client": <client>}` with the client's cookies: how FAPI answers
/// every change, so clerk-js can replace its client.
fn with_client(view: &View, instance: &Instance, client: &Client, response: Value) -> Reply {
    Reply::json(json!({ "response": response, "client": view.client(client) }))
        .with_cookies(client_cookies(instance, client))
}

/// Answers a change to the client known by `token`: `response` renders the changed resource.
fn changed_client(
    instance: &Instance,
    state: &StoreState,
    req: &FapiRequest,
    now: i64,
    token: &str,
    response: impl FnOnce(&View, &Client) -> Value,
) -> Result<Reply, ApiError> {
    let client = state.client(token).ok_or_else(ApiError::internal)?;
    let view = view(instance, state, req, now);
    let response = response(&view, client);
    Ok(with_client(&view, instance, client, response))
}

/// `__client` and `__client_uat`, as production FAPI sets them. A development instance sets
/// none: the dev browser stands for `__client`, and clerk-js writes `__client_uat` itself.
fn client_cookies(instance: &Instance, client: &Client) -> Vec<String> {
    if instance.instance_type.is_development() {
        return Vec::new();
    }
    instance.cookies.client(&client.token, client.uat_secs())
}

fn view<'a>(
    instance: &'a Instance,
    state: &'a StoreState,
    req: &'a FapiRequest,
    now: i64,
) -> View<'a> {
    View {
        instance,
        state,
        azp: &req.azp,
        now,
    }
}

/// The browser's client, read-only.
fn current_client<'a>(state: &'a StoreState, req: &FapiRequest) -> Option<&'a Client> {
    req.client_token().and_then(|token| state.client(token))
}
