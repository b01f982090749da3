//! Stopping well: on SIGTERM (`docker stop`, Kubernetes) or Ctrl-C the server stops accepting,
//! lets in-flight requests finish for up to [`GRACE`], then returns so the process exits 0.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

/// How long in-flight requests may run on after the signal.
pub const GRACE: Duration = Duration::from_secs(10);

/// A pair: `signal` resolves on SIGTERM or Ctrl-C (hand it to `with_graceful_shutdown`);
/// `deadline` resolves [`GRACE`] after that (race the server against it).
pub fn signals() -> (
    impl Future<Output = ()> + Send + 'static,
    impl Future<Output = ()> + Send + 'static,
) {
    let received = Arc::new(Notify::new());
    let notify = Arc::clone(&received);
    let signal = async move {
        wait_for_signal().await;
        tracing::info!(
            "shutting down: no new connections; in-flight requests have {} s to finish",
            GRACE.as_secs()
        );
        notify.notify_one();
    };
    let deadline = async move {
        received.notified().await;
        tokio::time::sleep(GRACE).await;
        tracing::warn!(
            "requests still running {} s after the shutdown signal: exiting anyway",
            GRACE.as_secs()
        );
    };
    (signal, deadline)
}

async fn wait_for_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut sigterm) => {
                sigterm.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
