//! The local Clerk instance, inside the app (builds with the `local-instance` feature only).

use std::{env, net::SocketAddr, path::PathBuf};

use clerk_local::{LocalConfig, LocalInstance};
use leptos_clerk::server::{Clerk, ClerkConfig};

use super::{ClerkSetup, ClerkSetupError};
use crate::server::app_dir::AppDir;
use crate::server::router::WEBHOOK_PATH;

/// Where `scripts/setup` unpacks the pinned `@clerk/clerk-js` and `@clerk/ui` packages.
const DEFAULT_BUNDLES_DIR: &str = "vendor/clerk";
/// Relative, so clerk-js resolves it against whichever host name the browser used.
const LOCAL_PROXY_URL: &str = "/__clerk";
/// Settings of a real instance (a `.env` kept for it, with `CLERK_LOCAL=1`) that would contradict
/// the local one: its key, its domain, its production origins (the local instance's tokens are
/// made for this loopback origin), and clerk-js from Clerk's CDN instead of the bundles served
/// offline.
const REAL_INSTANCE_ONLY: [&str; 6] = [
    "CLERK_JWT_KEY",
    "CLERK_DOMAIN",
    "CLERK_IS_SATELLITE",
    "CLERK_AUTHORIZED_PARTIES",
    "CLERK_JS_URL",
    "CLERK_UI_URL",
];

/// Opens (or creates) the instance and configures the SDK to use it as it would real Clerk.
pub(super) fn start(site_addr: SocketAddr, dir: &AppDir) -> Result<ClerkSetup, ClerkSetupError> {
    // Before anything else: the instance signs anyone in, so not beyond this machine by accident.
    LocalInstance::check_listen_address(site_addr)?;
    let origin = format!("http://{}", loopback(site_addr));
    let bundles_dir = env::var_os("CLERK_LOCAL_BUNDLES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.resolve(DEFAULT_BUNDLES_DIR));
    let settings_file = dir.settings_file();
    let mut local_config = LocalConfig::from_toml_file(&settings_file, origin, bundles_dir)?;
    if let Some(data_dir) = env::var_os("CLERK_LOCAL_DATA_DIR") {
        local_config.data_dir = data_dir.into();
    }
    // Webhooks to the app's own route, unless Leptos.toml names another: with real Clerk a
    // developer needs a public tunnel for this; here it just works.
    local_config
        .webhook_url
        .get_or_insert_with(|| format!("{}{WEBHOOK_PATH}", local_config.origin));
    let local = LocalInstance::open(local_config)?;

    // The settings a user would put in `.env` for real Clerk, pointing at the local instance.
    let settings = std::fs::read_to_string(&settings_file).ok();
    let config = ClerkConfig::from_sources(settings.as_deref(), |name| match name {
        "CLERK_PUBLISHABLE_KEY" => Some(local.publishable_key()),
        "CLERK_SECRET_KEY" => Some(local.secret_key()),
        "CLERK_API_URL" => Some(local.api_url()),
        "CLERK_PROXY_URL" => Some(LOCAL_PROXY_URL.to_owned()),
        "CLERK_TELEMETRY_DISABLED" => Some("true".to_owned()),
        name if REAL_INSTANCE_ONLY.contains(&name) => None,
        other => env::var(other).ok(),
    })?;
    let ignored: Vec<&str> = REAL_INSTANCE_ONLY
        .iter()
        .copied()
        .filter(|name| env::var(name).is_ok_and(|value| !value.trim().is_empty()))
        .collect();
    if !ignored.is_empty() {
        tracing::info!(
            "the local Clerk instance ignores {}: they are the real instance's settings",
            ignored.join(", ")
        );
    }
    Ok(ClerkSetup {
        clerk: Clerk::new(config)?,
        local_routes: Some(local.router()),
        webhook_secret: Some(local.webhook_secret()),
        description: format!(
            "local Clerk instance ({:?}), data in {}",
            local.instance_type(),
            local.data_dir().display()
        ),
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
