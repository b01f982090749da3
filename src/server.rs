//! The server: which Clerk to use (real or local), the database, the router, and serving it.

pub mod api;
mod clerk_setup;
pub mod context;
pub mod db;
pub mod notes;
mod router;
mod state;
pub mod users;
mod webhook;

use std::{env, io};

use leptos::config::get_configuration;
use tokio::net::TcpListener;

pub use clerk_setup::ClerkSetupError;
pub use router::{router, WEBHOOK_PATH};
pub use state::AppState;

/// Why the server did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("reading the Leptos configuration: {0}")]
    Leptos(String),
    #[error(transparent)]
    Clerk(#[from] ClerkSetupError),
    #[error(transparent)]
    Database(#[from] db::DbError),
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

/// Loads the configuration, sets up Clerk (or the local instance) and the database, and serves
/// until Ctrl-C.
pub async fn serve() -> Result<(), StartupError> {
    // `.env` first: every setting below may come from it.
    let _ = dotenvy::dotenv();
    let conf = get_configuration(None).map_err(|e| StartupError::Leptos(e.to_string()))?;
    let options = conf.leptos_options;
    let addr = options.site_addr;
    let clerk = clerk_setup::configure(addr)?;
    let database_url =
        env::var("DATABASE_URL").unwrap_or_else(|_| db::DEFAULT_DATABASE_URL.to_owned());
    let db = db::connect(&database_url).await?;
    let app = router(
        AppState {
            leptos_options: options,
            db,
        },
        &clerk,
    );
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
