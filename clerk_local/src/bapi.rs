//! The Backend API subset servers use, under `/__clerk_local/api/v1/...`, guarded by the
//! secret key: the JWKS, users, and the handshake nonce exchange.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use http::header::AUTHORIZATION;
use http::{HeaderMap, Method, Uri};
use serde_json::json;

use crate::clock::now_ms;
use crate::constants::{API_PATH, NONCE_PARAM};
use crate::instance::Instance;
use crate::json::user;
use crate::reply::{ApiError, Reply};

type QueryMap = std::collections::HashMap<String, String>;

/// Every request under the API path.
pub(crate) async fn handle(
    State(instance): State<Arc<Instance>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Query(query): Query<QueryMap>,
) -> Response {
    if !authorized(&headers, &instance.secret_key) {
        return ApiError::secret_key_invalid().into_response();
    }
    let rest = uri.path().strip_prefix(API_PATH).unwrap_or_default();
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let result = match (&method, segments.as_slice()) {
        (&Method::GET, ["v1", "jwks"]) => Ok(Reply::json(instance.keys.jwks())),
        (&Method::GET, ["v1", "users", id]) => get_user(&instance, id),
        (&Method::GET, ["v1", "clients", "handshake_payload"]) => {
            handshake_payload(&instance, query.get(NONCE_PARAM).map(String::as_str))
        }
        _ => Err(instance.unhandled.record(&method, uri.path())),
    };
    match result {
        Ok(reply) => reply.into_response(),
        Err(error) => error.into_response(),
    }
}

/// `Authorization: Bearer <secret key>`, compared in constant time.
fn authorized(headers: &HeaderMap, secret_key: &str) -> bool {
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|given| constant_time_eq(given.trim().as_bytes(), secret_key.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `GET /v1/users/{id}`: the Backend API `User`, or 404 `resource_not_found`.
fn get_user(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    instance
        .store
        .read(|state| state.user(id).map(user::backend))
        .map(Reply::json)
        .ok_or_else(|| ApiError::not_found("User"))
}

/// `GET /v1/clients/handshake_payload?nonce=`: `{"directives": [...]}`.
fn handshake_payload(instance: &Instance, nonce: Option<&str>) -> Result<Reply, ApiError> {
    let nonce = nonce.ok_or_else(|| ApiError::param_missing("nonce", "nonce is missing"))?;
    instance
        .nonces
        .redeem(nonce, now_ms())
        .map(|directives| Reply::json(json!({ "directives": directives })))
        .ok_or_else(|| ApiError::not_found("Handshake nonce"))
}
