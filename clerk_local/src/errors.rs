//! Why the local instance could not start, each with what to do about it.

use std::path::PathBuf;

use std::net::SocketAddr;

use crate::constants::{ALLOW_RELEASE_ENV, ALLOW_REMOTE_ENV, SETUP_COMMAND};

/// An error opening the local instance or reading its configuration.
#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    #[error(
        "clerk_local refuses to run in a release build: it lets anyone sign in. Set real Clerk \
         keys (CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY), or set {ALLOW_RELEASE_ENV}=1 to run the \
         local instance in a release build anyway"
    )]
    ReleaseBuild,

    #[error(
        "clerk_local refuses to listen on {address}: that is reachable from other machines, and \
         the local instance lets anyone sign in. Listen on 127.0.0.1 (e.g. \
         LEPTOS_SITE_ADDR=127.0.0.1:{port}), or set {ALLOW_REMOTE_ENV}=1 to allow it anyway",
        port = address.port()
    )]
    RemoteBind { address: SocketAddr },

    #[error(
        "the Clerk browser bundle {} is missing from {}: run `{SETUP_COMMAND}` to fetch \
         @clerk/clerk-js and @clerk/ui into that folder",
        missing.display(), bundles_dir.display()
    )]
    BundlesMissing {
        bundles_dir: PathBuf,
        missing: PathBuf,
    },

    #[error("could not read the clerk_local settings in {}: {source}", path.display())]
    ReadConfig {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "the [clerk_local] settings in {} are invalid: {source} (expected `data_dir`, \
         `application_name` and [[clerk_local.users]] tables with `email` and `password`)",
        path.display()
    )]
    ParseConfig {
        path: PathBuf,
        source: toml::de::Error,
    },

    #[error("the [clerk_local] settings are invalid: {0}")]
    InvalidSetting(String),

    #[error("seed user {email:?} in [[clerk_local.users]] is invalid: {reason}")]
    InvalidSeed { email: String, reason: String },

    #[error("could not write to the clerk_local data folder {}: {source} (check its permissions)", path.display())]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "{} is corrupt: {reason}. Delete it to start over (this signs everyone out of the local instance)",
        path.display()
    )]
    CorruptFile { path: PathBuf, reason: String },

    #[error("could not generate the local instance's RSA signing key: {0}")]
    KeyGeneration(#[from] rsa::Error),

    #[error("could not hash a seed user's password: {0}")]
    PasswordHash(String),
}
