//! The server: which Clerk to use (real or local), the router, and serving it.

mod clerk_setup;
mod router;

use std::io;

use leptos::config::get_configuration;
use tokio::net::TcpListener;

pub use clerk_setup::ClerkSetupError;
pub use router::router;

/// Why the server did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("reading the Leptos configuration: {0}")]
    Leptos(String),
    #[error(transparent)]
    Clerk(#[from] ClerkSetupError),
    #[error("listening on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: io::Error,
    },
    #[error("serving: {0}")]
    Serve(io::Error),
}

/// Logs to stderr; `RUST_LOG` filters (default: info for this app and the Clerk crates).
pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,hyper=warn,reqwest=warn"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
}

/// Loads the configuration, sets up Clerk (or the local instance) and serves until Ctrl-C.
pub async fn serve() -> Result<(), StartupError> {
    let conf = get_configuration(None).map_err(|e| StartupError::Leptos(e.to_string()))?;
    let options = conf.leptos_options;
    let addr = options.site_addr;
    let clerk = clerk_setup::configure(addr)?;
    let app = router(options, &clerk);
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| StartupError::Bind { addr, source })?;
    tracing::info!("listening on http://{addr} ({})", clerk.describe());
    axum::serve(listener, app.into_make_service())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(StartupError::Serve)
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
}
