//! Checks made before the local instance opens: never in production by accident, and never
//! without the browser bundles (clerk-js would fail silently in the browser instead).

use std::net::SocketAddr;
use std::path::Path;

use crate::bundles;
use crate::config::LocalConfig;
use crate::constants::MAX_PASSWORD_LENGTH;
use crate::constants::{CLERK_JS_BUNDLE, CLERK_UI_BUNDLE};
use crate::errors::LocalError;

/// A release build is most likely a production server that lost its Clerk keys: opening an
/// instance that lets anyone sign in must then be a deliberate choice (`allow_env` = "1").
pub(crate) fn release_guard(is_release: bool, allow_env: Option<&str>) -> Result<(), LocalError> {
    if is_release && allow_env.map(str::trim) != Some("1") {
        return Err(LocalError::ReleaseBuild);
    }
    Ok(())
}

/// Listening on anything but loopback (a LAN address, or every address: `0.0.0.0`, `[::]`)
/// exposes an instance that signs anyone in; it must be a deliberate choice (`allow_env` = "1").
pub(crate) fn bind_guard(address: SocketAddr, allow_env: Option<&str>) -> Result<(), LocalError> {
    if !address.ip().is_loopback() && allow_env.map(str::trim) != Some("1") {
        return Err(LocalError::RemoteBind { address });
    }
    Ok(())
}

/// Both bundles must be present under `bundles_dir`; clerk-js 5 alone will do (its UI is built in).
pub(crate) fn check_bundles(bundles_dir: &Path) -> Result<(), LocalError> {
    let needed: &[&str] = if bundles::clerk_js_major(bundles_dir) == Some(5) {
        &[CLERK_JS_BUNDLE]
    } else {
        &[CLERK_JS_BUNDLE, CLERK_UI_BUNDLE]
    };
    for &bundle in needed {
        if !bundles_dir.join(bundle).is_file() {
            return Err(LocalError::BundlesMissing {
                bundles_dir: bundles_dir.to_path_buf(),
                missing: bundle.into(),
            });
        }
    }
    Ok(())
}

/// Roles named as defaults must exist, and templates need distinct names.
pub(crate) fn check_settings(config: &LocalConfig) -> Result<(), LocalError> {
    let orgs = &config.organizations;
    for (setting, key) in [
        ("creator_role", &orgs.creator_role),
        ("default_role", &orgs.default_role),
    ] {
        if orgs.role(key).is_none() {
            return Err(LocalError::InvalidSetting(format!(
                "organizations.{setting} = {key:?} is not one of the [[clerk_local.organizations.roles]] keys"
            )));
        }
    }
    for role in &orgs.roles {
        if !role.key.starts_with("org:") {
            return Err(LocalError::InvalidSetting(format!(
                "role key {:?} must start with `org:` (e.g. `org:admin`)",
                role.key
            )));
        }
    }
    if config.password_min_length() > MAX_PASSWORD_LENGTH {
        return Err(LocalError::InvalidSetting(format!(
            "password_min_length = {} is more than the longest password Clerk accepts \
             ({MAX_PASSWORD_LENGTH})",
            config.password_min_length()
        )));
    }
    if let Some(unknown) = config
        .social
        .iter()
        .find(|s| !crate::oauth::supported().any(|known| known == s.as_str()))
    {
        return Err(LocalError::InvalidSetting(format!(
            "social = [{unknown:?}]: the local instance emulates {}",
            crate::oauth::supported().collect::<Vec<_>>().join(", ")
        )));
    }
    let mut names: Vec<&str> = config
        .jwt_templates
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    names.sort_unstable();
    if let Some(twice) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(LocalError::InvalidSetting(format!(
            "two [[clerk_local.jwt_templates]] are named {:?}",
            twice[0]
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::ALLOW_RELEASE_ENV;

    #[test]
    fn debug_builds_always_pass() {
        assert!(release_guard(false, None).is_ok());
        assert!(release_guard(false, Some("0")).is_ok());
    }

    #[test]
    fn release_builds_need_the_explicit_opt_in() {
        assert!(release_guard(true, Some("1")).is_ok());
        for refused in [None, Some(""), Some("0"), Some("true"), Some("yes")] {
            let error = release_guard(true, refused).unwrap_err();
            assert!(matches!(error, LocalError::ReleaseBuild));
            let message = error.to_string();
            assert!(message.contains("release build"), "{message}");
            assert!(
                message.contains(&format!("{ALLOW_RELEASE_ENV}=1")),
                "{message}"
            );
        }
    }

    #[test]
    fn only_loopback_unless_remote_is_allowed() {
        for address in ["127.0.0.1:3000", "[::1]:3000", "127.0.0.2:80"] {
            assert!(
                bind_guard(address.parse().unwrap(), None).is_ok(),
                "{address}"
            );
        }
        for address in ["0.0.0.0:3000", "[::]:3000", "192.168.1.5:3000"] {
            let address: SocketAddr = address.parse().unwrap();
            assert!(bind_guard(address, Some("1")).is_ok());
            for refused in [None, Some(""), Some("0"), Some("true")] {
                let message = bind_guard(address, refused).unwrap_err().to_string();
                assert!(message.contains("CLERK_LOCAL_ALLOW_REMOTE=1"), "{message}");
                assert!(message.contains(&address.to_string()), "{message}");
            }
        }
    }

    #[test]
    fn settings_must_name_existing_roles_and_distinct_templates() {
        let mut config = LocalConfig::default();
        assert!(check_settings(&config).is_ok());
        config.organizations.creator_role = "org:owner".into();
        let message = check_settings(&config).unwrap_err().to_string();
        assert!(
            message.contains("creator_role") && message.contains("org:owner"),
            "{message}"
        );

        let mut config = LocalConfig::default();
        let template = crate::config::JwtTemplate {
            name: "api".into(),
            lifetime: 60,
            claims: toml::Table::new(),
        };
        config.jwt_templates = vec![template.clone(), template];
        assert!(check_settings(&config)
            .unwrap_err()
            .to_string()
            .contains("\"api\""));
    }

    #[test]
    fn clerk_js_5_needs_no_ui_bundle() {
        let dir = std::env::temp_dir().join(format!("clerk_local_guard5_{}", std::process::id()));
        std::fs::create_dir_all(dir.join("clerk-js/dist")).unwrap();
        std::fs::write(dir.join("clerk-js/dist/clerk.browser.js"), "").unwrap();
        std::fs::write(
            dir.join("clerk-js/package.json"),
            r#"{"version": "5.128.0"}"#,
        )
        .unwrap();
        assert!(check_bundles(&dir).is_ok());
        std::fs::write(
            dir.join("clerk-js/package.json"),
            r#"{"version": "6.40.0"}"#,
        )
        .unwrap();
        assert!(check_bundles(&dir).is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn missing_bundles_name_the_folder_and_the_setup_command() {
        let dir = std::env::temp_dir().join(format!("clerk_local_guard_{}", std::process::id()));
        let message = check_bundles(&dir).unwrap_err().to_string();
        assert!(message.contains(&dir.display().to_string()), "{message}");
        assert!(message.contains("scripts/setup"), "{message}");
    }
}
