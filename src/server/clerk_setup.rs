//! Real Clerk when keys are set, the local instance otherwise.
//!
//! With `CLERK_PUBLISHABLE_KEY` and `CLERK_SECRET_KEY` (environment or `.env`), the app talks to
//! Clerk. With neither, it starts `clerk_local` in the same server and points the SDK at it with
//! exactly the settings a user would give for real Clerk, so the SDK cannot tell the difference.
//! `CLERK_LOCAL=1` forces the local instance even when keys are set (the tests use it).

use std::{env, net::SocketAddr, path::PathBuf};

use clerk_local::{LocalConfig, LocalError, LocalInstance};
use leptos_clerk::server::{Clerk, ClerkConfig, ConfigError};

use super::router::WEBHOOK_PATH;

const SETTINGS_FILE: &str = "Leptos.toml";
/// Where `scripts/setup` unpacks the pinned `@clerk/clerk-js` and `@clerk/ui` packages.
const DEFAULT_BUNDLES_DIR: &str = "vendor/clerk";
/// Relative, so clerk-js resolves it against whichever host name the browser used.
const LOCAL_PROXY_URL: &str = "/__clerk";
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
    #[error("Clerk configuration: {0}")]
    Config(#[from] ConfigError),
    #[error("local Clerk instance: {0}")]
    Local(#[from] LocalError),
}

/// The Clerk the app uses, and the local instance when that is what it is.
pub struct ClerkSetup {
    pub clerk: Clerk,
    pub local: Option<LocalInstance>,
    /// The webhook signing secret to verify deliveries with, when the app knows it itself (the
    /// local instance's). `None`: `CLERK_WEBHOOK_SIGNING_SECRET`, read by `VerifiedWebhook`.
    pub webhook_secret: Option<String>,
}

impl ClerkSetup {
    /// For the start-up log line: which Clerk this is.
    pub fn describe(&self) -> String {
        match &self.local {
            Some(local) => format!(
                "local Clerk instance, data in {}",
                local.data_dir().display()
            ),
            None => format!(
                "Clerk at {}",
                self.clerk.config().publishable_key.frontend_api()
            ),
        }
    }
}

/// Decides between real Clerk and the local instance, from the environment and `.env`.
pub fn configure(site_addr: SocketAddr) -> Result<ClerkSetup, ClerkSetupError> {
    let _ = dotenvy::dotenv();
    if env::var("CLERK_LOCAL").is_ok_and(|v| v == "1" || v == "true") {
        return local(site_addr);
    }
    let publishable = env::var_os("CLERK_PUBLISHABLE_KEY").is_some();
    let secret = env::var_os("CLERK_SECRET_KEY").is_some();
    match (publishable, secret) {
        (true, true) => {
            if env::var_os(WEBHOOK_SECRET_VAR).is_none() {
                tracing::warn!(
                    "{WEBHOOK_SECRET_VAR} is not set: {WEBHOOK_PATH} will refuse Clerk's webhooks \
                     (create an endpoint in the Clerk Dashboard, page \"Webhooks\", and copy its \
                     signing secret)"
                );
            }
            Ok(ClerkSetup {
                clerk: Clerk::new(ClerkConfig::from_env()?)?,
                local: None,
                webhook_secret: None,
            })
        }
        (false, false) => local(site_addr),
        (true, false) => Err(ClerkSetupError::HalfConfigured {
            present: "CLERK_PUBLISHABLE_KEY",
            missing: "CLERK_SECRET_KEY",
        }),
        (false, true) => Err(ClerkSetupError::HalfConfigured {
            present: "CLERK_SECRET_KEY",
            missing: "CLERK_PUBLISHABLE_KEY",
        }),
    }
}

fn local(site_addr: SocketAddr) -> Result<ClerkSetup, ClerkSetupError> {
    let origin = format!("http://{}", loopback(site_addr));
    let bundles_dir = env::var_os("CLERK_LOCAL_BUNDLES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| DEFAULT_BUNDLES_DIR.into());
    let mut local_config =
        LocalConfig::from_toml_file(SETTINGS_FILE.as_ref(), origin, bundles_dir)?;
    if let Some(dir) = env::var_os("CLERK_LOCAL_DATA_DIR") {
        local_config.data_dir = dir.into();
    }
    // Webhooks to the app's own route, unless Leptos.toml names another: with real Clerk a
    // developer needs a public tunnel for this; here it just works.
    local_config
        .webhook_url
        .get_or_insert_with(|| format!("{}{WEBHOOK_PATH}", local_config.origin));
    let local = LocalInstance::open(local_config)?;

    // The settings a user would put in `.env` for real Clerk, pointing at the local instance.
    let settings = std::fs::read_to_string(SETTINGS_FILE).ok();
    let config = ClerkConfig::from_sources(settings.as_deref(), |name| match name {
        "CLERK_PUBLISHABLE_KEY" => Some(local.publishable_key()),
        "CLERK_SECRET_KEY" => Some(local.secret_key()),
        "CLERK_API_URL" => Some(local.api_url()),
        "CLERK_PROXY_URL" => Some(LOCAL_PROXY_URL.to_owned()),
        "CLERK_TELEMETRY_DISABLED" => Some("true".to_owned()),
        // Settings of a real instance (from .env) that would contradict the local one.
        "CLERK_JWT_KEY" | "CLERK_DOMAIN" | "CLERK_IS_SATELLITE" => None,
        other => env::var(other).ok(),
    })?;
    Ok(ClerkSetup {
        clerk: Clerk::new(config)?,
        webhook_secret: Some(local.webhook_secret()),
        local: Some(local),
    })
}

/// The address the server itself can reach: a wildcard bind is reached on loopback.
fn loopback(addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() {
        SocketAddr::from(([127, 0, 0, 1], addr.port()))
    } else {
        addr
    }
}
