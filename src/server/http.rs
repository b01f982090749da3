//! What the server does for every request, whatever the route: the request log, the health
//! route, compression, caching static files for good, and keeping per-user answers out of
//! shared caches.

use axum::extract::Request;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, VARY};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use leptos_clerk::server::Auth;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultOnResponse, MakeSpan, TraceLayer};
use tracing::{Level, Span};

/// Answers 200 while the server serves. It touches neither Clerk nor the database, so a load
/// balancer probing it every second costs nothing.
pub const HEALTH_PATH: &str = "/healthz";

/// Where server functions and the JSON API live: every response there depends on who asks.
const API_PREFIX: &str = "/api/";

pub fn health_routes() -> Router {
    Router::new().route(HEALTH_PATH, get(|| async { "ok" }))
}

/// One `info` line per request: method, path, status, latency. Only the path is logged, never
/// the query (a handshake or dev-browser token can travel there) nor any header.
pub fn request_log() -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, PathOnlySpan, ()> {
    TraceLayer::new_for_http()
        .make_span_with(PathOnlySpan)
        .on_request(())
        .on_response(
            DefaultOnResponse::new()
                .level(Level::INFO)
                .latency_unit(tower_http::LatencyUnit::Micros),
        )
}

/// The span each request's log lines are recorded in.
#[derive(Clone, Copy, Debug)]
pub struct PathOnlySpan;

impl<B> MakeSpan<B> for PathOnlySpan {
    fn make_span(&mut self, request: &Request<B>) -> Span {
        tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
    }
}

/// Pages and API answers rendered for a signed-in request carry that user's data (the
/// server-rendered `use_user()` holds their email addresses): no cache may keep them. Answers to
/// signed-out requests may be cached, but only apart from signed-in ones. Static files (their
/// content is the same for everyone) are left alone. Runs inside `ClerkLayer`, which has put
/// `Auth` into the request.
pub async fn private_when_signed_in(request: Request, next: Next) -> Response {
    let signed_in = request
        .extensions()
        .get::<Auth>()
        .is_some_and(Auth::is_signed_in);
    let per_user_route = request.uri().path().starts_with(API_PREFIX);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let html = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if !(html || per_user_route) {
        return response;
    }
    if signed_in {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    } else {
        headers.append(VARY, HeaderValue::from_static("Cookie, Authorization"));
    }
    response
}

/// Answers are compressed (brotli at level 4, else gzip) when the client accepts it and the
/// body is over 1 KB: pages, server-function and API answers, the local instance's JSON.
/// Static files precompressed at build time (`scripts/precompress.mjs`) are sent as built
/// (`.br`, `.gz`) and left alone.
pub fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .no_deflate()
        .no_zstd()
        .compress_when(DefaultPredicate::new().and(SizeAbove::new(1024)))
}

/// `/pkg` files named with a hash of their content (`hash-files`) never change under that name:
/// every cache may keep them for a year. `pkg_route` is the folder's route, e.g. `/pkg/`. A name
/// without a hash (a build without `hash-files`, e.g. `chunk_12.wasm`) keeps the file server's
/// headers (revalidated by `Last-Modified`).
pub async fn immutable_hashed_files(
    State(pkg_route): State<Arc<str>>,
    request: Request,
    next: Next,
) -> Response {
    let hashed = request
        .uri()
        .path()
        .strip_prefix(&*pkg_route)
        .is_some_and(has_content_hash);
    let mut response = next.run(request).await;
    if hashed && response.status().is_success() {
        let headers = response.headers_mut();
        headers.insert(
            CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
        // The file server picks a precompressed twin by Accept-Encoding but does not say so.
        if !headers.contains_key(VARY) {
            headers.append(VARY, HeaderValue::from_static("accept-encoding"));
        }
    }
    response
}

/// `name.<hash>.ext` as cargo-leptos writes it: a 22-character URL-safe base64 segment between
/// the name and the extension (not the `____…` placeholder of an unhashed build).
fn has_content_hash(file_name: &str) -> bool {
    let segments: Vec<&str> = file_name.split('.').collect();
    segments.len() >= 3
        && segments[1..segments.len() - 1].iter().any(|segment| {
            segment.len() == 22
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                && segment.bytes().any(|b| b != b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::has_content_hash;

    #[test]
    fn only_hashed_names_count_as_immutable() {
        assert!(has_content_hash(
            "clerk-leptos-starter.it1aGhMYovJC5t9yhQ28Hw.wasm"
        ));
        assert!(has_content_hash(
            "__wasm_split_manifest.7wSUxaGltzL3ZSoSDjSejQ.json"
        ));
        assert!(!has_content_hash("chunk_12.wasm"));
        assert!(!has_content_hash("clerk-leptos-starter.wasm"));
        assert!(!has_content_hash("__wasm_split.______________________.js"));
        assert!(!has_content_hash("a/b.it1aGhMYovJC5t9yhQ28Hw"));
    }
}
