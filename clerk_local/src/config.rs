//! What the local instance needs to know: where to keep its data, where the bundles are, the app's
//! origin and name, and the users to seed. Read from the `[clerk_local]` table of `Leptos.toml`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::errors::LocalError;

const DEFAULT_DATA_DIR: &str = ".clerk_local";
const DEFAULT_APPLICATION_NAME: &str = "Local Clerk";

/// Settings for [`LocalInstance::open`](crate::LocalInstance::open).
#[derive(Clone, Debug)]
pub struct LocalConfig {
    /// Where the signing key and the state (users, sessions) persist; git-ignored.
    pub data_dir: PathBuf,
    /// Holds `clerk-js/dist/...` and `ui/dist/...`: the roots of the two npm packages.
    pub bundles_dir: PathBuf,
    /// The origin the browser uses for the app, e.g. `http://127.0.0.1:3000`.
    pub origin: String,
    /// Shown by Clerk's components ("Sign in to …").
    pub application_name: String,
    /// Users created (or updated) at start-up, matched by email address.
    pub users: Vec<SeedUser>,
}

/// A user to create at start-up: one `[[clerk_local.users]]` table.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct SeedUser {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: String,
    pub password: String,
}

/// The parts of the file we read; every other table belongs to someone else.
#[derive(Deserialize)]
struct SettingsFile {
    #[serde(default)]
    clerk_local: Section,
}

#[derive(Deserialize, Default)]
struct Section {
    data_dir: Option<PathBuf>,
    application_name: Option<String>,
    #[serde(default)]
    users: Vec<SeedUser>,
}

impl LocalConfig {
    /// Reads the `[clerk_local]` table of a `Leptos.toml`-style file: `data_dir` (relative to the
    /// file's folder; default `.clerk_local`), `application_name`, and `[[clerk_local.users]]`.
    /// A file without the table gives the defaults and no users.
    pub fn from_toml_file(
        path: &Path,
        origin: String,
        bundles_dir: PathBuf,
    ) -> Result<Self, LocalError> {
        let text = std::fs::read_to_string(path).map_err(|source| LocalError::ReadConfig {
            path: path.to_path_buf(),
            source,
        })?;
        let section = toml::from_str::<SettingsFile>(&text)
            .map_err(|source| LocalError::ParseConfig {
                path: path.to_path_buf(),
                source,
            })?
            .clerk_local;
        let base = path.parent().unwrap_or(Path::new(""));
        Ok(Self {
            data_dir: base.join(
                section
                    .data_dir
                    .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR)),
            ),
            bundles_dir,
            origin,
            application_name: section
                .application_name
                .unwrap_or_else(|| DEFAULT_APPLICATION_NAME.to_owned()),
            users: section.users,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_clerk_local_table_and_ignores_the_rest() {
        let dir = std::env::temp_dir().join(format!("clerk_local_config_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("Leptos.toml");
        std::fs::write(
            &file,
            r#"
[clerk]
sign_in_url = "/sign-in"

[clerk_local]
data_dir = ".data"
application_name = "Test App"

[[clerk_local.users]]
first_name = "Ada"
email = "ada@example.com"
password = "secret-password"
"#,
        )
        .unwrap();
        let config =
            LocalConfig::from_toml_file(&file, "http://x.test".into(), "b".into()).unwrap();
        assert_eq!(config.data_dir, dir.join(".data"));
        assert_eq!(config.application_name, "Test App");
        assert_eq!(config.users.len(), 1);
        assert_eq!(config.users[0].first_name.as_deref(), Some("Ada"));
        assert_eq!(config.users[0].last_name, None);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
