//! The emulated OAuth providers behind `[clerk_local] social`: instead of Google's consent
//! screen, a page of the instance's own (`/__clerk/local/oauth/authorize`) lets the developer
//! pick or type the identity the provider vouches for, then sends the browser to the Frontend
//! API's callback as the provider would. Nothing leaves the machine.

mod consent;
mod logos;
mod round_trips;

use sha2::{Digest, Sha256};

pub(crate) use consent::handle as consent;
pub(crate) use logos::{rewrite_image_host, serve as logo};
pub(crate) use round_trips::{Flow, Outcome, RoundTrip, RoundTrips, ROUND_TRIP_LIFETIME_MS};

use crate::config::SeedUser;
use crate::constants::PROXY_PATH;
use crate::store::Identity;

/// A provider the instance can stand in for.
pub(crate) struct Provider {
    /// Clerk's strategy, the key in `user_settings.social`.
    pub strategy: &'static str,
    pub name: &'static str,
    /// Its logo, served at `{PROXY_PATH}/local/img/{logo}.svg`.
    pub logo: &'static str,
    /// What Clerk records as `approved_scopes` for an account of this provider.
    pub scopes: &'static str,
}

const PROVIDERS: &[Provider] = &[Provider {
    strategy: "oauth_google",
    name: "Google",
    logo: "google",
    scopes: "email https://www.googleapis.com/auth/userinfo.email \
             https://www.googleapis.com/auth/userinfo.profile openid profile",
}];

/// The provider for `strategy`, if the instance emulates it.
pub(crate) fn provider(strategy: &str) -> Option<&'static Provider> {
    PROVIDERS.iter().find(|p| p.strategy == strategy)
}

/// The strategies the instance emulates, for the settings check.
pub(crate) fn supported() -> impl Iterator<Item = &'static str> {
    PROVIDERS.iter().map(|p| p.strategy)
}

/// Where the consent page lives, under the proxy path so an app that proxies `/__clerk` serves
/// it on its own origin.
pub(crate) const CONSENT_PATH: &str = "/local/oauth/authorize";
/// Where logos live, under the proxy path too.
pub(crate) const IMAGES_PATH: &str = "/local/img/";

pub(crate) fn consent_url(page_origin: &str, state: &str) -> String {
    format!("{page_origin}{PROXY_PATH}{CONSENT_PATH}?state={state}")
}

pub(crate) fn logo_url(origin: &str, provider: &Provider) -> String {
    format!("{origin}{PROXY_PATH}{IMAGES_PATH}{}.svg", provider.logo)
}

impl Provider {
    /// The identity this provider vouches for when the user consents as `email`. Its user id
    /// is derived from the address (21 digits, like Google's `sub`), so signing in twice with
    /// one identity finds the same account.
    pub(crate) fn identity(
        &self,
        email: &str,
        first_name: Option<&str>,
        last_name: Option<&str>,
    ) -> Identity {
        let email = email.trim().to_owned();
        let digest = Sha256::digest(format!("{}:{}", self.strategy, email.to_lowercase()));
        let provider_user_id: String = digest
            .iter()
            .take(21)
            .enumerate()
            .map(|(i, b)| {
                // A leading zero would not survive as a number on the provider's side.
                let digit = if i == 0 { 1 + b % 9 } else { b % 10 };
                char::from(b'0' + digit)
            })
            .collect();
        let name = |n: Option<&str>| {
            n.map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
        };
        Identity {
            provider: self.strategy.to_owned(),
            provider_user_id,
            email,
            first_name: name(first_name),
            last_name: name(last_name),
            approved_scopes: self.scopes.to_owned(),
        }
    }
}

/// The identities the consent page offers to pick: the seed users'.
pub(crate) fn seed_identities(seeds: &[SeedUser]) -> Vec<(String, Option<String>, Option<String>)> {
    seeds
        .iter()
        .map(|s| (s.email.clone(), s.first_name.clone(), s.last_name.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_address_is_one_provider_account() {
        let google = provider("oauth_google").unwrap();
        let a = google.identity("Ada@Example.com ", Some("Ada"), Some(" "));
        let b = google.identity("ada@example.com", None, None);
        assert_eq!(a.provider_user_id, b.provider_user_id);
        assert_eq!(a.provider_user_id.len(), 21);
        assert!(a.provider_user_id.bytes().all(|c| c.is_ascii_digit()));
        assert_eq!(a.email, "Ada@Example.com");
        assert_eq!(a.last_name, None);
        let other = google.identity("grace@example.com", None, None);
        assert_ne!(a.provider_user_id, other.provider_user_id);
    }
}
