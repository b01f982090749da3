//! The accept loop: HTTP/1.1 (as `axum::serve` speaks it) with explicit limits on what one
//! request head may cost, and a graceful stop. (`axum::serve` accepts heads of up to ~400 KB
//! and cannot be configured.)

use std::future::Future;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// The most a request head (request line and headers) may take: larger ones are answered
/// `431 Request Header Fields Too Large` before any of the app runs. Browsers keep all of a
/// site's cookies well under this; Node's default is 16 KB, nginx's 32 KB.
pub const MAX_REQUEST_HEAD_BYTES: usize = 64 * 1024;
/// At most this many headers in one request (hyper's HTTP/1 default is 100).
const MAX_HEADERS: usize = 100;

/// Serves `app` on `listener` until `stop` resolves, then stops accepting and lets open
/// connections finish what they are doing (idle keep-alive connections are closed).
pub async fn serve(listener: TcpListener, app: Router, stop: impl Future<Output = ()>) {
    let mut builder = http1::Builder::new();
    builder
        .max_buf_size(MAX_REQUEST_HEAD_BYTES)
        .max_headers(MAX_HEADERS)
        .timer(TokioTimer::new())
        // A client that opens a connection and sends its head byte by byte holds a task.
        .header_read_timeout(Duration::from_secs(30));
    let graceful = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!("accepting a connection failed: {error}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!("connection ended with an error: {error}");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}
