//! A `Clerk` that never touches the network: `CLERK_JWT_KEY` (the test signer's public key)
//! verifies session tokens, and the Backend API is a closed loopback port, so a call that slips
//! through fails at once. Include beside `support/jwt.rs` (as `mod jwt`).
#![allow(dead_code)]

use leptos_clerk::server::{Clerk, ClerkConfig};
use rsa::pkcs8::{EncodePublicKey as _, LineEnding};

/// A production instance whose Frontend API is `clerk.example.com`.
pub const PRODUCTION_KEY: &str = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";
/// A development instance whose Frontend API is `easy-lemming-85.clerk.accounts.dev`.
pub const DEVELOPMENT_KEY: &str = "pk_test_ZWFzeS1sZW1taW5nLTg1LmNsZXJrLmFjY291bnRzLmRldiQ";

/// The configuration for `publishable_key`, with `env` consulted first for any other variable.
pub fn offline_config(
    publishable_key: &str,
    env: impl Fn(&str) -> Option<String>,
) -> Result<ClerkConfig, leptos_clerk::server::ConfigError> {
    let pem = crate::jwt::key()
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .expect("PEM");
    ClerkConfig::from_sources(None, |name| {
        env(name).or_else(|| match name {
            "CLERK_PUBLISHABLE_KEY" => Some(publishable_key.to_owned()),
            // The publishable key's instance type: the pair must be one instance's.
            "CLERK_SECRET_KEY" => Some(if publishable_key.starts_with("pk_live_") {
                "sk_live_offline".to_owned()
            } else {
                "sk_test_offline".to_owned()
            }),
            "CLERK_JWT_KEY" => Some(pem.clone()),
            "CLERK_API_URL" => Some("http://127.0.0.1:9".to_owned()),
            _ => None,
        })
    })
}

/// An offline `Clerk` for `publishable_key`.
pub fn offline_clerk(publishable_key: &str) -> Clerk {
    offline_clerk_with(publishable_key, |_| {})
}

/// An offline `Clerk` for `publishable_key`, its configuration changed by `edit` first.
pub fn offline_clerk_with(publishable_key: &str, edit: impl FnOnce(&mut ClerkConfig)) -> Clerk {
    let mut config = offline_config(publishable_key, |_| None).expect("valid configuration");
    edit(&mut config);
    Clerk::new(config).expect("valid Clerk")
}

/// The request headers authentication reads: the ones the hostile-input tests fill.
pub const AUTH_HEADERS: [&str; 8] = [
    "cookie",
    "authorization",
    "host",
    "x-forwarded-host",
    "x-forwarded-proto",
    "referer",
    "sec-fetch-dest",
    "accept",
];
