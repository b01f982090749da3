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
/// Settings of a real instance (in a `.env` or `[clerk]` kept for it while `CLERK_LOCAL=1` runs
/// the local one) that would contradict the local one: its key, its domain and satellite role,
/// its production origins (the local instance's tokens are made for this loopback origin), and
/// clerk-js from Clerk's CDN instead of the bundles served offline.
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
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.resolve(DEFAULT_BUNDLES_DIR));
    let settings_file = dir.settings_file();
    let mut local_config = LocalConfig::from_toml_file(&settings_file, origin, bundles_dir)?;
    if let Some(data_dir) = env::var_os("CLERK_LOCAL_DATA_DIR").filter(|v| !v.is_empty()) {
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
    let mut config = ClerkConfig::from_sources(settings.as_deref(), |name| match name {
        "CLERK_PUBLISHABLE_KEY" => Some(local.publishable_key()),
        "CLERK_SECRET_KEY" => Some(local.secret_key()),
        "CLERK_API_URL" => Some(local.api_url()),
        "CLERK_PROXY_URL" => Some(LOCAL_PROXY_URL.to_owned()),
        "CLERK_TELEMETRY_DISABLED" => Some("true".to_owned()),
        name if REAL_INSTANCE_ONLY.contains(&name) => None,
        other => env::var(other).ok(),
    })?;
    // The environment's are not read above; `[clerk]` in Leptos.toml may hold them too.
    let from_file = drop_real_instance_settings(&mut config);
    let ignored: Vec<&str> = REAL_INSTANCE_ONLY
        .into_iter()
        .filter(|name| {
            from_file.contains(name) || env::var(name).is_ok_and(|value| !value.trim().is_empty())
        })
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

/// Clears [`REAL_INSTANCE_ONLY`]'s settings, wherever they came from; the names of those that
/// were set.
fn drop_real_instance_settings(config: &mut ClerkConfig) -> Vec<&'static str> {
    let was_set = [
        config.jwt_key.take().is_some(),
        config.domain.take().is_some(),
        std::mem::take(&mut config.is_satellite),
        !std::mem::take(&mut config.authorized_parties).is_empty(),
        config.clerk_js_url.take().is_some(),
        config.clerk_ui_url.take().is_some(),
    ];
    REAL_INSTANCE_ONLY
        .into_iter()
        .zip(was_set)
        .filter_map(|(name, set)| set.then_some(name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real instance's settings kept in `[clerk]` (not only in the environment) are dropped
    /// too: its `authorized_parties` would refuse every token the local instance makes.
    #[test]
    fn a_real_instances_settings_from_the_file_are_dropped_and_named() {
        let file = r#"
            [clerk]
            authorized_parties = ["https://example.com"]
            clerk_js_url = "https://cdn.example.com/clerk.browser.js"
        "#;
        let mut config = ClerkConfig::from_sources(Some(file), |name| match name {
            "CLERK_PUBLISHABLE_KEY" => Some("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k".to_owned()),
            "CLERK_SECRET_KEY" => Some("sk_live_test".to_owned()),
            _ => None,
        })
        .unwrap();
        assert_eq!(config.authorized_parties, ["https://example.com"]);
        assert_eq!(
            drop_real_instance_settings(&mut config),
            ["CLERK_AUTHORIZED_PARTIES", "CLERK_JS_URL"]
        );
        assert!(config.authorized_parties.is_empty());
        assert_eq!(config.clerk_js_url, None);
        assert!(drop_real_instance_settings(&mut config).is_empty());
    }
}
