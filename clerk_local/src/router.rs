//! The routes: everything under the proxy path goes to the Frontend API (and the bundles),
//! everything under `/__clerk_local` to the Backend API or the test hooks.

use std::sync::Arc;

use axum::routing::{any, get};
use axum::Router;

use crate::constants::{API_PATH, LOCAL_PATH, PROXY_PATH, TEST_CODES_PATH, UNHANDLED_PATH};
use crate::instance::Instance;
use crate::{bapi, codes, fapi, unhandled};

pub(crate) fn router(instance: Arc<Instance>) -> Router {
    // FAPI routes by method *after* the `_method` override, so one catch-all per API dispatches.
    Router::new()
        .route(&format!("{PROXY_PATH}/{{*path}}"), any(fapi::handle))
        .route(&format!("{API_PATH}/{{*path}}"), any(bapi::handle))
        .route(UNHANDLED_PATH, get(unhandled::list))
        .route(TEST_CODES_PATH, get(codes::latest))
        .route(&format!("{LOCAL_PATH}/{{*path}}"), any(unhandled::fallback))
        .with_state(instance)
}
