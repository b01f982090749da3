//! Where the server finds its files: `Leptos.toml` and the site folder (`/pkg`, `public/`).
//!
//! In a checkout (`cargo leptos watch`, the scripts) that is the working directory. A bundle
//! (`scripts/bundle`) is a folder holding the binary beside `Leptos.toml` and `site/`, and may be
//! started from any directory: then it is the binary's folder. A server that finds no
//! `Leptos.toml` stops: without it the Clerk settings (sign-in URL, authorized parties, …) would
//! silently fall back to defaults.

use std::path::{Path, PathBuf};

pub const SETTINGS_FILE: &str = "Leptos.toml";
/// The site folder of a bundle, beside `Leptos.toml`.
const BUNDLE_SITE_DIR: &str = "site";
/// The site folder cargo-leptos writes in a checkout.
const CHECKOUT_SITE_DIR: &str = "target/site";

/// `Leptos.toml` was in none of the places looked in.
#[derive(Debug, thiserror::Error)]
#[error(
    "{SETTINGS_FILE} not found; looked in {}. Start the server from the project folder, or keep \
     {SETTINGS_FILE} beside the binary (scripts/bundle does)",
    .looked_in.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" and ")
)]
pub struct SettingsNotFound {
    pub looked_in: Vec<PathBuf>,
}

/// The folder holding `Leptos.toml`; relative paths in the settings are resolved against it.
#[derive(Debug, Clone)]
pub struct AppDir(PathBuf);

impl AppDir {
    /// The working directory if it holds `Leptos.toml`, else the binary's folder if that does.
    pub fn locate() -> Result<Self, SettingsNotFound> {
        let candidates = [
            std::env::current_dir().ok(),
            std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(Path::to_path_buf)),
        ];
        let looked_in: Vec<PathBuf> = candidates.into_iter().flatten().collect();
        looked_in
            .iter()
            .find(|dir| dir.join(SETTINGS_FILE).is_file())
            .map(|dir| Self(dir.clone()))
            .ok_or(SettingsNotFound { looked_in })
    }

    pub fn settings_file(&self) -> PathBuf {
        self.0.join(SETTINGS_FILE)
    }

    /// `path` as is when absolute, otherwise under this folder.
    pub fn resolve(&self, path: impl AsRef<Path>) -> PathBuf {
        self.0.join(path)
    }

    /// The site folder when `LEPTOS_SITE_ROOT` does not name one: a bundle's `site/`, else the
    /// `target/site` of a checkout.
    pub fn default_site_root(&self) -> PathBuf {
        let bundled = self.0.join(BUNDLE_SITE_DIR);
        if bundled.is_dir() {
            bundled
        } else {
            self.0.join(CHECKOUT_SITE_DIR)
        }
    }
}

/// Whether the site's file names carry content hashes. cargo-leptos says so in
/// `LEPTOS_HASH_FILES` when it starts the server; a server started otherwise (a bundle, the
/// tests) has the hash file cargo-leptos writes beside the binary (`hash.txt`; scripts/bundle
/// copies it), which Leptos reads there too.
pub fn hashed_file_names(hash_file: &str) -> bool {
    if let Some(value) = std::env::var_os("LEPTOS_HASH_FILES") {
        return value == "true";
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(hash_file)))
        .is_some_and(|path| path.is_file())
}
