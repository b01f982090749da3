//! An offline Clerk: emulates the Frontend API (for the real `@clerk/clerk-js` and `@clerk/ui`
//! bundles, through the same-origin proxy path `/__clerk`) and the Backend API subset servers
//! use, signs session tokens with its own RSA key, and keeps users and sessions on disk.
//!
//! ```no_run
//! # fn main() -> Result<(), clerk_local::LocalError> {
//! use std::path::{Path, PathBuf};
//! let config = clerk_local::LocalConfig::from_toml_file(
//!     Path::new("Leptos.toml"),
//!     "http://127.0.0.1:3000".to_owned(),
//!     PathBuf::from("vendor/clerk"),
//! )?;
//! let local = clerk_local::LocalInstance::open(config)?;
//! let app: axum::Router = axum::Router::new().merge(local.router());
//! # let _ = app;
//! # Ok(())
//! # }
//! ```
//!
//! Debug builds only, unless `CLERK_LOCAL_ALLOW_RELEASE=1`: it lets anyone sign in. For the same
//! reason it stays on this machine: [`LocalInstance::check_listen_address`] refuses any address
//! but loopback unless `CLERK_LOCAL_ALLOW_REMOTE=1`, its routes answer only its own host names,
//! its Frontend API takes changes only from its own origin, and the test route that hands out
//! one-time codes (`GET /__clerk_local/test/codes?email=`) needs the secret key as
//! `Authorization: Bearer`.

mod announce;
mod bapi;
mod bounded;
mod bundles;
mod clock;
mod codes;
mod config;
mod constants;
mod cookies;
mod errors;
mod fapi;
mod fs_atomic;
mod guard;
mod host_check;
mod ids;
mod instance;
mod instance_type;
mod json;
mod keys;
mod local_instance;
mod oauth;
mod origins;
mod password;
mod playground;
mod reply;
mod router;
mod secret_key;
mod store;
mod throttle;
mod tokens;
mod totp;
mod unhandled;
mod webhooks;

pub use config::{
    ApiKeySettings, JwtTemplate, LocalConfig, OrganizationSettings, Role, SeedUser, SignUpMode,
};
pub use errors::LocalError;
pub use instance_type::InstanceType;
pub use local_instance::LocalInstance;
