//! The playground: a page at `/` that loads the real bundles through the local instance and
//! mounts Clerk's components chosen by `?c=` (`sign-in`, `sign-up`, `user-profile`,
//! `organization-switcher`, `user-button`). A manual test bench, and what the contract tests in
//! `end2end/local-instance/` drive. Served by the standalone binary only: an app that merges
//! the instance's router keeps its own `/`.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http::header::CACHE_CONTROL;
use http::HeaderValue;

use crate::bundles;
use crate::instance::Instance;

const PAGE: &str = include_str!("playground/index.html");
const UI_SCRIPT: &str = "<script src=\"/__clerk/npm/@clerk/ui@local/dist/ui.browser.js\" \
                         crossorigin=\"anonymous\"></script>";

pub(crate) fn router(instance: Arc<Instance>) -> Router {
    Router::new()
        .route("/", get(page))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&instance),
            crate::host_check::own_hosts_only,
        ))
        .with_state(instance)
}

async fn page(State(instance): State<Arc<Instance>>) -> Response {
    // clerk-js 5 has its UI built in; 6 needs `@clerk/ui` beside it.
    let ui = if bundles::has_ui(&instance.bundles_dir) {
        UI_SCRIPT
    } else {
        ""
    };
    let html = PAGE
        .replace("<!--UI_SCRIPT-->", ui)
        .replace("<!--PUBLISHABLE_KEY-->", &instance.publishable_key);
    let mut response = Html(html).into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
