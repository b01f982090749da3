//! DNS rebinding: a page on `evil.example`, whose name an attacker re-points at 127.0.0.1, talks
//! to the instance as same-origin, and its requests carry `Host: evil.example`. Only the
//! instance's own host names are answered.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::instance::Instance;
use crate::origins::{host_name, request_authority};
use crate::reply::ApiError;

/// Refuses a request whose `Host` is missing or not one of the instance's names.
pub(crate) async fn own_hosts_only(
    State(instance): State<Arc<Instance>>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let own = request_authority(&parts)
        .and_then(host_name)
        .is_some_and(|host| instance.origins.is_own_host(&host));
    if !own {
        return ApiError::host_invalid().into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}
