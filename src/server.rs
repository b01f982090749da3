//! The server: which Clerk to use (real or local), the database, the router, and serving it.

pub mod api;
mod app_dir;
mod cache_headers;
mod clerk_setup;
pub mod context;
pub mod db;
mod http;
pub(crate) mod lazy_preloads;
mod listen;
pub mod notes;
mod router;
mod shutdown;
mod state;
#[cfg(test)]
mod test_databases;
pub mod users;
mod webhook;

use std::{env, io};

use leptos::config::get_configuration;
use tokio::net::TcpListener;

pub use app_dir::SettingsNotFound;
pub use clerk_setup::ClerkSetupError;
pub use http::HEALTH_PATH;
pub use router::{router, WEBHOOK_PATH};
pub use state::AppState;

/// Why the server did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Settings(#[from] SettingsNotFound),
    #[error("reading the Leptos configuration: {0}")]
    Leptos(String),
    #[error(
        "LEPTOS_SITE_ADDR={0:?} is not an address to listen on: set it to host:port \
         (0.0.0.0:3000 in a container), or leave it out for 127.0.0.1:3000"
    )]
    SiteAddr(String),
    #[error(transparent)]
    Clerk(#[from] ClerkSetupError),
    #[error(transparent)]
    Database(#[from] db::DbError),
    #[error("listening on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: io::Error,
    },
}

/// Reads `.env` from the working directory (not its parents: a bundle started inside a checkout
/// must not take the checkout's) into the environment; variables already set win. First of
/// all: its `RUST_LOG` is for [`init_tracing`], and every setting [`serve`] reads may come from
/// it.
pub fn load_env_file() {
    let _ = dotenvy::from_path(".env");
}

/// Logs to stdout; `RUST_LOG` filters (default: info, which includes one line per request).
pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    // A blank `RUST_LOG=` (a `.env` line left empty) is unset, as every setting: as a filter
    // it would have no directives, and log nothing at all.
    let filter = env::var("RUST_LOG")
        .ok()
        .filter(|directives| !directives.trim().is_empty())
        .and_then(|directives| EnvFilter::try_new(directives).ok())
        .unwrap_or_else(|| EnvFilter::new("info,hyper=warn,reqwest=warn"));
    // Colours for a terminal only: a log collector would store the escape codes.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .init();
}

/// Leptos reads `LEPTOS_SITE_ADDR` itself and, when it is blank or malformed, stops with only
/// "invalid socket address syntax": name the variable and what it takes.
fn check_site_addr() -> Result<(), StartupError> {
    match env::var("LEPTOS_SITE_ADDR") {
        Ok(addr) if addr.parse::<std::net::SocketAddr>().is_err() => {
            Err(StartupError::SiteAddr(addr))
        }
        _ => Ok(()),
    }
}

/// Loads the configuration (from the environment, after [`load_env_file`]), sets up Clerk (or
/// the local instance) and the database, and serves until SIGTERM or Ctrl-C (see `shutdown`).
pub async fn serve() -> Result<(), StartupError> {
    let dir = app_dir::AppDir::locate()?;
    check_site_addr()?;
    let conf = get_configuration(None).map_err(|e| StartupError::Leptos(e.to_string()))?;
    let mut options = conf.leptos_options;
    // A blank value is unset (as every setting): not "" resolved to the app's own folder, whose
    // .env and .clerk_local/ the file server would then serve.
    options.site_root = match env::var_os("LEPTOS_SITE_ROOT").filter(|v| !v.is_empty()) {
        Some(root) => dir.resolve(root),
        None => dir.default_site_root(),
    }
    .to_string_lossy()
    .into();
    options.hash_files = app_dir::hashed_file_names(&options.hash_file);
    let addr = options.site_addr;
    let clerk = clerk_setup::configure(addr, &dir)?;
    let database_url = env::var("DATABASE_URL").unwrap_or_else(|_| {
        // Fine on a laptop; in a container the file goes with the container, and each replica
        // would have its own.
        if cfg!(not(debug_assertions)) {
            tracing::warn!(
                "DATABASE_URL is not set: using {} under the working directory (set it to a \
                 postgres:// URL in production)",
                db::DEFAULT_DATABASE_URL
            );
        }
        db::DEFAULT_DATABASE_URL.to_owned()
    });
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
    tracing::info!("listening on http://{addr} ({})", clerk.description);
    let (signal, deadline) = shutdown::signals();
    tokio::select! {
        () = listen::serve(listener, app, signal) => Ok(()),
        () = deadline => Ok(()),
    }
}
