//! The `[clerk]` table of `Leptos.toml`: the non-secret settings, committed with the app.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::ConfigError;
use crate::constants::{CONFIG_TABLE, ENV_JWT_KEY, ENV_SECRET_KEY};

/// Every key the `[clerk]` table may hold; all optional.
#[derive(Debug, Default, Deserialize)]
pub(super) struct FileSettings {
    pub(super) publishable_key: Option<String>,
    pub(super) api_url: Option<String>,
    pub(super) api_version: Option<String>,
    pub(super) proxy_url: Option<String>,
    pub(super) sign_in_url: Option<String>,
    pub(super) sign_up_url: Option<String>,
    pub(super) sign_in_fallback_redirect_url: Option<String>,
    pub(super) sign_up_fallback_redirect_url: Option<String>,
    pub(super) after_sign_out_url: Option<String>,
    pub(super) authorized_parties: Option<Vec<String>>,
    pub(super) clock_skew_seconds: Option<u64>,
    pub(super) load_user: Option<bool>,
    pub(super) jwks_cache_ttl_seconds: Option<u64>,
    pub(super) request_backend_timeout_ms: Option<u64>,
    pub(super) telemetry: Option<bool>,
    pub(super) clerk_js_version: Option<String>,
    pub(super) domain: Option<String>,
    pub(super) is_satellite: Option<bool>,
    pub(super) satellite_auto_sync: Option<bool>,
    pub(super) issuers: Option<Vec<String>>,
    pub(super) treat_pending_as_signed_out: Option<bool>,
    pub(super) sign_in_force_redirect_url: Option<String>,
    pub(super) sign_up_force_redirect_url: Option<String>,
    pub(super) waitlist_url: Option<String>,
    pub(super) after_sign_in_url: Option<String>,
    pub(super) after_sign_up_url: Option<String>,
    pub(super) organization_patterns: Option<Vec<String>>,
    pub(super) personal_account_patterns: Option<Vec<String>>,
    pub(super) clerk_ui_version: Option<String>,
    pub(super) clerk_js_url: Option<String>,
    pub(super) clerk_ui_url: Option<String>,
    pub(super) task_urls: Option<BTreeMap<String, String>>,
    /// Keys this version does not know: warned about, not fatal (newer settings, typos).
    #[serde(flatten)]
    pub(super) unknown: BTreeMap<String, toml::Value>,
}

/// Reads the `[clerk]` table from the whole file's text; other tables are ignored.
pub(super) fn parse(text: &str) -> Result<FileSettings, ConfigError> {
    let mut root: toml::Table =
        text.parse()
            .map_err(|e: toml::de::Error| ConfigError::InvalidFile {
                message: e.message().to_owned(),
            })?;
    let Some(table) = root.remove(CONFIG_TABLE) else {
        return Ok(FileSettings::default());
    };
    let settings: FileSettings =
        table
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::InvalidFile {
                message: e.message().to_owned(),
            })?;
    for key in settings.unknown.keys() {
        let variable = match key.as_str() {
            "secret_key" => Some(ENV_SECRET_KEY),
            "jwt_key" => Some(ENV_JWT_KEY),
            _ => None,
        };
        if let Some(variable) = variable {
            return Err(ConfigError::SecretInFile {
                key: key.clone(),
                variable,
            });
        }
        tracing::warn!("leptos_clerk: unknown setting `{key}` in the [clerk] table, ignored");
    }
    Ok(settings)
}
