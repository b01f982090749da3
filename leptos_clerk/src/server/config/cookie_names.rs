//! The instance's cookie names: Clerk suffixes `__session`, `__client_uat`, `__refresh` and
//! `__clerk_db_jwt` with a hash of the publishable key, so that two instances on one domain do
//! not share cookies. Settings of the instance, computed once, read by every request.

use super::ClerkConfig;
use crate::constants::{CLIENT_UAT_COOKIE, DEV_BROWSER_COOKIE, REFRESH_COOKIE, SESSION_COOKIE};
use crate::server::api_keys::InstanceType;

/// The instance's suffixed cookie names and the host its tokens are issued by, computed once
/// per `Clerk`.
#[derive(Clone, Debug)]
pub(crate) struct CookieNames {
    pub(crate) session: String,
    pub(crate) client_uat: String,
    pub(crate) refresh: String,
    pub(crate) dev_browser: String,
    /// Tokens are issued by the instance's own Frontend API host, never the proxy: the
    /// publishable key's host, or `clerk.<domain>` for a production satellite.
    pub(crate) original_frontend_api: String,
}

impl CookieNames {
    pub(crate) fn new(config: &ClerkConfig) -> Self {
        let pk = &config.publishable_key;
        let suffix = pk.cookie_suffix();
        let original_frontend_api = match &config.domain {
            Some(domain)
                if pk.instance_type() == InstanceType::Production && config.is_satellite =>
            {
                format!("clerk.{domain}")
            }
            _ => pk.frontend_api().to_owned(),
        };
        Self {
            session: format!("{SESSION_COOKIE}_{suffix}"),
            client_uat: format!("{CLIENT_UAT_COOKIE}_{suffix}"),
            refresh: format!("{REFRESH_COOKIE}_{suffix}"),
            dev_browser: format!("{DEV_BROWSER_COOKIE}_{suffix}"),
            original_frontend_api,
        }
    }
}
