//! Production or development: what Clerk calls the instance type. It decides the key prefixes
//! (`pk_live_`/`pk_test_`), the Frontend API host the publishable key encodes, and how a browser
//! is known: by the HttpOnly `__client` cookie (production), or by the dev browser token
//! `__clerk_db_jwt` that clerk-js sends as a query parameter on every request (development).

use std::str::FromStr;

use serde::Deserialize;

use crate::constants::{
    DEVELOPMENT_FAPI_HOST, FAPI_HOST, PUBLISHABLE_KEY_PREFIX, SECRET_KEY_PREFIX,
    TEST_PUBLISHABLE_KEY_PREFIX, TEST_SECRET_KEY_PREFIX,
};
use crate::errors::LocalError;

/// `[clerk_local] instance_type`: `production` (the default) or `development`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InstanceType {
    /// `pk_live_`: the Frontend API sets `__client` and `__client_uat`, the handshake answers in
    /// a short-lived cookie.
    #[default]
    Production,
    /// `pk_test_`: clerk-js creates a dev browser and sends it as `__clerk_db_jwt`; the handshake
    /// answers in the address bar, as Clerk's development instances do.
    Development,
}

impl InstanceType {
    pub(crate) fn is_development(self) -> bool {
        self == Self::Development
    }

    /// What the environment's `display_config.instance_environment_type` says.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Production => "production",
            Self::Development => "development",
        }
    }

    /// The host the publishable key encodes, and the tokens' `iss`. clerk-js creates a dev
    /// browser only when this host is one of Clerk's development hosts (`*.accounts.dev`); it
    /// never contacts it, since the proxy URL wins.
    pub(crate) fn frontend_api_host(self) -> &'static str {
        match self {
            Self::Production => FAPI_HOST,
            Self::Development => DEVELOPMENT_FAPI_HOST,
        }
    }

    pub(crate) fn publishable_key_prefix(self) -> &'static str {
        match self {
            Self::Production => PUBLISHABLE_KEY_PREFIX,
            Self::Development => TEST_PUBLISHABLE_KEY_PREFIX,
        }
    }

    /// The stored secret key (`sk_live_…`, made once) with this type's prefix: switching types
    /// keeps its random part, so a data folder serves both.
    pub(crate) fn secret_key(self, stored: &str) -> String {
        let secret = stored
            .strip_prefix(SECRET_KEY_PREFIX)
            .or_else(|| stored.strip_prefix(TEST_SECRET_KEY_PREFIX))
            .unwrap_or(stored);
        let prefix = match self {
            Self::Production => SECRET_KEY_PREFIX,
            Self::Development => TEST_SECRET_KEY_PREFIX,
        };
        format!("{prefix}{secret}")
    }
}

impl FromStr for InstanceType {
    type Err = LocalError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim().to_ascii_lowercase().as_str() {
            "production" => Ok(Self::Production),
            "development" => Ok(Self::Development),
            other => Err(LocalError::InvalidSetting(format!(
                "instance_type {other:?}: expected \"production\" or \"development\""
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_key_keeps_its_random_part_across_types() {
        let dev = InstanceType::Development.secret_key("sk_live_abc");
        assert_eq!(dev, "sk_test_abc");
        assert_eq!(InstanceType::Production.secret_key(&dev), "sk_live_abc");
        assert_eq!(
            "Development".parse::<InstanceType>().unwrap(),
            InstanceType::Development
        );
        assert!("staging".parse::<InstanceType>().is_err());
    }
}
