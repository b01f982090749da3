//! Requests no route answered. Each is logged and remembered, so a browser test can assert that
//! clerk-js asked for nothing the emulation does not know (`GET /__clerk_local/unhandled`).

use std::sync::{Mutex, PoisonError};

use http::Method;
use serde::Serialize;

use crate::reply::ApiError;

/// Enough for any test run; a runaway client must not grow memory without bound.
const MAX_RECORDED: usize = 1000;

#[derive(Default)]
pub(crate) struct Unhandled {
    requests: Mutex<Vec<UnhandledRequest>>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct UnhandledRequest {
    method: String,
    path: String,
}

impl Unhandled {
    /// Logs and records the request, and returns the 404 to answer it with.
    pub(crate) fn record(&self, method: &Method, path: &str) -> ApiError {
        tracing::warn!(%method, path, "clerk_local: no emulated route for this request");
        let mut requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        if requests.len() < MAX_RECORDED {
            requests.push(UnhandledRequest {
                method: method.to_string(),
                path: path.to_owned(),
            });
        }
        ApiError::no_route(method.as_str(), path)
    }

    pub(crate) fn list(&self) -> Vec<UnhandledRequest> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}
