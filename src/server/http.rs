//! What the server does for every request, whatever the route: the request log, the health
//! route and compression (cache headers: `cache_headers.rs`).

use axum::extract::Request;
use axum::routing::get;
use axum::Router;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultOnResponse, MakeSpan, TraceLayer};
use tracing::{Level, Span};

/// Answers 200 while the server serves. It touches neither Clerk nor the database, so a load
/// balancer probing it every second costs nothing.
pub const HEALTH_PATH: &str = "/healthz";

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
