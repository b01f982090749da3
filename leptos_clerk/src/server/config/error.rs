//! Why the Clerk configuration could not be built, each with the fix.

use crate::constants::{
    CONFIG_FILE, ENV_DOMAIN, ENV_IS_SATELLITE, ENV_JWT_KEY, ENV_PROXY_URL, ENV_PUBLISHABLE_KEY,
    ENV_SECRET_KEY,
};

use crate::server::api_keys::KeyError;

/// A configuration problem, found at start-up (never on a request).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// No publishable key.
    #[error(
        "{ENV_PUBLISHABLE_KEY} is not set: copy the publishable key (pk_test_… or pk_live_…) \
         from the Clerk Dashboard, page \"API keys\", into `.env` or the environment"
    )]
    MissingPublishableKey,
    /// The publishable key is malformed.
    #[error(
        "{ENV_PUBLISHABLE_KEY} is not a valid publishable key: {0}; copy it again from the \
         Clerk Dashboard, page \"API keys\""
    )]
    InvalidPublishableKey(#[source] KeyError),
    /// Neither a secret key nor a JWT key: session tokens could not be verified.
    #[error(
        "{ENV_SECRET_KEY} is not set (nor {ENV_JWT_KEY}): the server needs it to verify session \
         tokens; copy the secret key (sk_test_… or sk_live_…) from the Clerk Dashboard, page \
         \"API keys\", into `.env` or the environment (never into {CONFIG_FILE})"
    )]
    MissingSecretKey,
    /// The secret key is not one of Clerk's (the value itself is never in the message).
    #[error(
        "{ENV_SECRET_KEY} is not a Clerk secret key (sk_test_… or sk_live_…); copy it again from \
         the Clerk Dashboard, page \"API keys\""
    )]
    InvalidSecretKey,
    /// The two keys are of different instances: one a development, the other a production one.
    #[error(
        "{ENV_PUBLISHABLE_KEY} is a {publishable} instance's key but {ENV_SECRET_KEY} a \
         {secret} instance's: copy both from the same instance, page \"API keys\" of the Clerk \
         Dashboard"
    )]
    KeysOfDifferentInstances {
        /// `development` or `production`.
        publishable: &'static str,
        /// `development` or `production`.
        secret: &'static str,
    },
    /// The PEM key cannot be read.
    #[error(
        "{ENV_JWT_KEY} is not a PEM RSA public key ({reason}); copy the \"PEM public key\" from \
         the Clerk Dashboard, page \"API keys\", or leave {ENV_JWT_KEY} unset to fetch keys with \
         {ENV_SECRET_KEY}"
    )]
    InvalidJwtKey {
        /// What is wrong with it.
        reason: String,
    },
    /// A URL setting is not an absolute `http(s)` URL (or, for the proxy, a path).
    #[error("{variable} = {value:?} is not a valid URL: {expected}")]
    InvalidUrl {
        /// The environment variable (or `Leptos.toml` key) holding it.
        variable: &'static str,
        /// The value found.
        value: String,
        /// What it should look like.
        expected: &'static str,
    },
    /// A setting has a value of the wrong kind.
    #[error("{variable} = {value:?} is not valid: expected {expected}")]
    InvalidValue {
        /// The environment variable (or `Leptos.toml` key) holding it.
        variable: &'static str,
        /// The value found.
        value: String,
        /// What it should look like.
        expected: &'static str,
    },
    /// A satellite needs to know where the Frontend API is.
    #[error(
        "{ENV_IS_SATELLITE} is on but neither {ENV_DOMAIN} nor {ENV_PROXY_URL} is set: a \
         satellite app needs its domain (e.g. satellite.example.com) or a proxy URL"
    )]
    SatelliteWithoutDomain,
    /// The settings file could not be read.
    #[error("could not read {path}: {source}")]
    ReadFile {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The `[clerk]` table of the settings file is malformed.
    #[error("the [clerk] table of {CONFIG_FILE} is invalid: {message}")]
    InvalidFile {
        /// The TOML error.
        message: String,
    },
    /// A secret was put into the settings file, which is committed.
    #[error(
        "`{key}` must not be in {CONFIG_FILE} (the file is committed): remove it and set \
         {variable} in `.env` or the environment instead"
    )]
    SecretInFile {
        /// The key found in the file.
        key: String,
        /// The environment variable to use instead.
        variable: &'static str,
    },
    /// `.env` exists but cannot be parsed.
    #[error("`.env` could not be read: {message}; fix the line it names (KEY=value)")]
    DotEnv {
        /// The parser's message.
        message: String,
    },
}
