//! Real Clerk when keys are set, the local instance otherwise.
//!
//! With `CLERK_PUBLISHABLE_KEY` and `CLERK_SECRET_KEY` (environment or `.env`), the app talks to
//! Clerk. With neither, a build with the `local-instance` feature (development, tests) starts
//! `clerk_local` in the same server and points the SDK at it with exactly the settings a user
//! would give for real Clerk, so the SDK cannot tell the difference; a production build (without
//! the feature) stops, naming the two variables. `CLERK_LOCAL=1` forces the local instance even
//! when keys are set (the tests use it).

#[cfg(feature = "local-instance")]
mod local;

use std::{env, net::SocketAddr};

use axum::Router;
use leptos_clerk::server::{Clerk, ClerkConfig, ConfigError};

use super::app_dir::AppDir;
use super::router::WEBHOOK_PATH;

const WEBHOOK_SECRET_VAR: &str = "CLERK_WEBHOOK_SIGNING_SECRET";

/// Why Clerk could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum ClerkSetupError {
    #[error(
        "{present} is set but {missing} is not: set both for real Clerk, or neither to use the \
         local instance"
    )]
    HalfConfigured {
        present: &'static str,
        missing: &'static str,
    },
    #[error(
        "CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY are not set. A production build has no local \
         Clerk instance to fall back to: set both (Clerk Dashboard, page \"API keys\"), or build \
         with the local-instance feature for development (scripts/dev does)"
    )]
    NoKeys,
    #[error(
        "CLERK_LOCAL=1 asks for the local Clerk instance, but this build has none (it was built \
         without the local-instance feature)"
    )]
    NoLocalInstance,
    #[error("Clerk configuration: {0}")]
    Config(#[from] ConfigError),
    #[cfg(feature = "local-instance")]
    #[error("local Clerk instance: {0}")]
    Local(#[from] clerk_local::LocalError),
}

/// The Clerk the app uses, and the local instance's routes when that is what it is.
pub struct ClerkSetup {
    pub clerk: Clerk,
    /// The local instance's own Frontend and Backend API routes, when it runs.
    pub local_routes: Option<Router>,
    /// The webhook signing secret to verify deliveries with, when the app knows it itself (the
    /// local instance's). `None`: `CLERK_WEBHOOK_SIGNING_SECRET`, read by `VerifiedWebhook`.
    pub webhook_secret: Option<String>,
    /// For the start-up log line: which Clerk this is.
    pub description: String,
}

/// Decides between real Clerk and the local instance, from the environment (which `serve` has
/// already filled from `.env`).
pub fn configure(site_addr: SocketAddr, dir: &AppDir) -> Result<ClerkSetup, ClerkSetupError> {
    if env::var("CLERK_LOCAL").is_ok_and(|v| v == "1" || v == "true") {
        return local_instance(site_addr, dir, ClerkSetupError::NoLocalInstance);
    }
    match (is_set("CLERK_PUBLISHABLE_KEY"), is_set("CLERK_SECRET_KEY")) {
        (true, true) => real_clerk(dir),
        (false, false) => local_instance(site_addr, dir, ClerkSetupError::NoKeys),
        (true, false) => Err(ClerkSetupError::HalfConfigured {
            present: "CLERK_PUBLISHABLE_KEY",
            missing: "CLERK_SECRET_KEY",
        }),
        // The SDK also takes the publishable key (not the secret one) from `[clerk]` in
        // Leptos.toml: with it there, this is real Clerk, not half of it.
        (false, true) => match ClerkConfig::from_env_and_file(dir.settings_file()) {
            Err(ConfigError::MissingPublishableKey) => Err(ClerkSetupError::HalfConfigured {
                present: "CLERK_SECRET_KEY",
                missing: "CLERK_PUBLISHABLE_KEY",
            }),
            _ => real_clerk(dir),
        },
    }
}

/// Whether a setting has a value. A blank one (`CLERK_SECRET_KEY=` left empty in `.env`, a
/// compose file's `${CLERK_SECRET_KEY:-}`) counts as unset, as the SDK reads it.
fn is_set(name: &str) -> bool {
    env::var(name).is_ok_and(|value| !value.trim().is_empty())
}

fn real_clerk(dir: &AppDir) -> Result<ClerkSetup, ClerkSetupError> {
    if !is_set(WEBHOOK_SECRET_VAR) {
        tracing::warn!(
            "{WEBHOOK_SECRET_VAR} is not set: {WEBHOOK_PATH} will refuse Clerk's webhooks (create \
             an endpoint in the Clerk Dashboard, page \"Webhooks\", and copy its signing secret)"
        );
    }
    let config = ClerkConfig::from_env_and_file(dir.settings_file())?;
    if config.authorized_parties.is_empty() && cfg!(not(debug_assertions)) {
        tracing::warn!(
            "CLERK_AUTHORIZED_PARTIES is empty: session tokens minted for any origin are accepted. \
             Set it to this app's origin(s), e.g. https://example.com"
        );
    }
    let description = format!("Clerk at {}", config.publishable_key.frontend_api());
    Ok(ClerkSetup {
        clerk: Clerk::new(config)?,
        local_routes: None,
        webhook_secret: None,
        description,
    })
}

#[cfg(feature = "local-instance")]
fn local_instance(
    site_addr: SocketAddr,
    dir: &AppDir,
    _unavailable: ClerkSetupError,
) -> Result<ClerkSetup, ClerkSetupError> {
    local::start(site_addr, dir)
}

#[cfg(not(feature = "local-instance"))]
fn local_instance(
    _site_addr: SocketAddr,
    _dir: &AppDir,
    unavailable: ClerkSetupError,
) -> Result<ClerkSetup, ClerkSetupError> {
    Err(unavailable)
}
