//! The routes: everything under the proxy path goes to the Frontend API (and the bundles),
//! everything under `/__clerk_local` to the Backend API or the test hooks. Every route answers
//! only to the instance's own host names.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use serde_json::json;

use crate::constants::{API_PATH, LOCAL_PATH, PROXY_PATH, TEST_CODES_PATH, UNHANDLED_PATH};
use crate::instance::Instance;
use crate::reply::ApiError;
use crate::{bapi, fapi, host_check, secret_key};

pub(crate) fn router(instance: Arc<Instance>) -> Router {
    // FAPI routes by method *after* the `_method` override, so one catch-all per API dispatches.
    Router::new()
        .route(&format!("{PROXY_PATH}/{{*path}}"), any(fapi::handle))
        .route(&format!("{API_PATH}/{{*path}}"), any(bapi::handle))
        .route(UNHANDLED_PATH, get(unhandled_requests))
        .route(TEST_CODES_PATH, get(latest_code))
        .route(&format!("{LOCAL_PATH}/{{*path}}"), any(unhandled))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&instance),
            host_check::own_hosts_only,
        ))
        .with_state(instance)
}

/// `GET /__clerk_local/unhandled`: `[{"method","path"}, ...]`.
async fn unhandled_requests(State(instance): State<Arc<Instance>>) -> Response {
    Json(instance.unhandled.list()).into_response()
}

/// Any other path under `/__clerk_local/`.
async fn unhandled(State(instance): State<Arc<Instance>>, method: Method, uri: Uri) -> Response {
    instance
        .unhandled
        .record(&method, uri.path())
        .into_response()
}

#[derive(serde::Deserialize)]
struct CodesQuery {
    email: String,
}

/// `GET /__clerk_local/test/codes?email=` with `Authorization: Bearer <secret key>`:
/// `{"email", "code"}`, `code` null when none is pending. The code signs anyone in as that
/// address, so only a caller that already holds the secret key (a test) may read it.
async fn latest_code(
    State(instance): State<Arc<Instance>>,
    headers: HeaderMap,
    Query(query): Query<CodesQuery>,
) -> Response {
    if !secret_key::authorized(&headers, &instance.secret_key) {
        return ApiError::secret_key_invalid().into_response();
    }
    let code = instance.codes.latest(&query.email);
    Json(json!({ "email": query.email, "code": code })).into_response()
}
