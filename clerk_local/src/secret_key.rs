//! `Authorization: Bearer <secret key>`: what the Backend API and the test routes demand.

use http::header::AUTHORIZATION;
use http::HeaderMap;

/// Whether the request carries the instance's secret key, compared in constant time.
pub(crate) fn authorized(headers: &HeaderMap, secret_key: &str) -> bool {
    bearer(headers).is_some_and(|given| constant_time_eq(given.as_bytes(), secret_key.as_bytes()))
}

/// The key of `Authorization: Bearer <key>`.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
