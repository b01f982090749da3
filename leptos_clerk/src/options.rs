//! What clerk-js is loaded with: the URLs it redirects to, and switches. The server fills it from
//! its configuration and hands it to the browser with the page, so the two never disagree.

use serde::{Deserialize, Serialize};

/// Options passed to `Clerk.load(..)`. Made by the SDK (from the server's configuration and
/// `<ClerkProvider>`'s props), and read by the app through the hooks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ClerkOptions {
    /// Path of the sign-in page (a splat route hosting `<SignIn/>`).
    pub sign_in_url: String,
    /// Path of the sign-up page.
    pub sign_up_url: String,
    /// Where to go after sign-in when the URL carries no `redirect_url`.
    pub sign_in_fallback_redirect_url: String,
    /// Where to go after sign-up when the URL carries no `redirect_url`.
    pub sign_up_fallback_redirect_url: String,
    /// Where to go after sign-in, whatever the URL's `redirect_url` says.
    #[serde(default)]
    pub sign_in_force_redirect_url: Option<String>,
    /// Where to go after sign-up, whatever the URL's `redirect_url` says.
    #[serde(default)]
    pub sign_up_force_redirect_url: Option<String>,
    /// The page hosting `<Waitlist/>`; `None` leaves it to the instance's settings.
    #[serde(default)]
    pub waitlist_url: Option<String>,
    /// This app's pages for session tasks, by task key (Clerk's `taskUrls`), as the JSON object
    /// clerk-js takes (JSON, not a map: the browser's code for it is already there, where a
    /// map's would add 5 KB of gzipped wasm to every first page).
    #[serde(default)]
    pub task_urls: Option<serde_json::Value>,
    /// Where `sign_out` sends the browser.
    pub after_sign_out_url: String,
    /// This app is a satellite of another Clerk application (`CLERK_IS_SATELLITE`).
    #[serde(default)]
    pub is_satellite: bool,
    /// A satellite syncs with the primary domain on a signed-out first visit too (Clerk's
    /// `satelliteAutoSync`, Leptos.toml's `satellite_auto_sync`, which the server follows).
    /// Left out of the page while `false`, as nearly every app has it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub satellite_auto_sync: bool,
    /// A pending session (one with a task left, such as choosing an organization) counts as
    /// signed out, as on the server (`treat_pending_as_signed_out`, default `true`).
    #[serde(default = "signed_out_while_pending")]
    pub treat_pending_as_signed_out: bool,
    /// Whether clerk-js may send telemetry to Clerk (always off for the local instance).
    pub telemetry: bool,
    /// How long to wait for the clerk-js script before reporting [`ClerkStatus::Failed`](crate::ClerkStatus).
    pub load_timeout_ms: u32,
    /// Clerk's `appearance` object (theme, variables, elements), for every component.
    /// `<ClerkProvider>`'s prop: the same on both sides, so it does not travel in the page.
    #[serde(skip)]
    pub appearance: Option<serde_json::Value>,
    /// Clerk's `localization` object (texts of the components). `<ClerkProvider>`'s prop.
    #[serde(skip)]
    pub localization: Option<serde_json::Value>,
    /// Any other `Clerk.load()` option, as a JSON object (`<ClerkProvider load_options>`), as
    /// given: the keys in [`SDK_LOAD_OPTIONS`] are dropped when clerk-js is loaded.
    #[serde(skip)]
    pub load_options: Option<serde_json::Value>,
}

/// The `Clerk.load()` options that belong to this SDK, which `<ClerkProvider load_options>` cannot
/// set: those Leptos.toml's `[clerk]` settings give (the server follows them too, so that its
/// redirects and clerk-js's agree; set or not, the file decides), `<ClerkProvider>`'s props, the
/// router and Clerk UI (`routerPush`, `routerReplace`, and `ui` with its aliases), the SDK's name
/// for telemetry (`sdkMetadata`), and `treatPendingAsSignedOut`, which the SDK applies to what
/// clerk-js reports.
pub const SDK_LOAD_OPTIONS: &[&str] = &[
    "signInUrl",
    "signUpUrl",
    "signInFallbackRedirectUrl",
    "signUpFallbackRedirectUrl",
    "signInForceRedirectUrl",
    "signUpForceRedirectUrl",
    "waitlistUrl",
    "afterSignOutUrl",
    "taskUrls",
    "isSatellite",
    "satelliteAutoSync",
    "treatPendingAsSignedOut",
    "telemetry",
    "sdkMetadata",
    "appearance",
    "localization",
    "routerPush",
    "routerReplace",
    "ui",
    "clerkUICtor",
    "clerkUiCtor",
];

/// The keys of `<ClerkProvider load_options>` that belong to the SDK ([`SDK_LOAD_OPTIONS`]), to
/// be left out of what goes to `Clerk.load()`; `None` when it is not a JSON object. Keys, not a
/// filtered copy: the browser drops them from the JS object, as copying and editing the map
/// cost the main wasm module 2.1 KB gzip more (measured: 256.7 against 254.6 KB).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // used by the browser's load only
pub(crate) fn sdk_keys_in(load_options: &serde_json::Value) -> Option<Vec<&'static str>> {
    let object = load_options.as_object()?;
    Some(
        SDK_LOAD_OPTIONS
            .iter()
            .copied()
            .filter(|key| object.contains_key(*key))
            .collect(),
    )
}

/// Clerk's default for `treatPendingAsSignedOut`.
fn signed_out_while_pending() -> bool {
    true
}

impl Default for ClerkOptions {
    fn default() -> Self {
        Self {
            sign_in_url: "/sign-in".into(),
            sign_up_url: "/sign-up".into(),
            sign_in_fallback_redirect_url: "/".into(),
            sign_up_fallback_redirect_url: "/".into(),
            sign_in_force_redirect_url: None,
            sign_up_force_redirect_url: None,
            waitlist_url: None,
            task_urls: None,
            after_sign_out_url: "/".into(),
            is_satellite: false,
            satellite_auto_sync: false,
            treat_pending_as_signed_out: signed_out_while_pending(),
            telemetry: true,
            load_timeout_ms: 15_000,
            appearance: None,
            localization: None,
            load_options: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn other_load_options_hold_no_sdk_keys() {
        let options = json!({
            "supportEmail": "help@example.com",
            "allowedRedirectOrigins": ["https://shop.example.com"],
            "touchSession": false,
        });
        assert_eq!(sdk_keys_in(&options), Some(vec![]));
    }

    #[test]
    fn the_sdks_own_load_options_are_named() {
        let options = json!({
            "signInUrl": "/elsewhere",
            "routerPush": null,
            "telemetry": true,
            "supportEmail": "help@example.com",
        });
        assert_eq!(
            sdk_keys_in(&options),
            Some(vec!["signInUrl", "telemetry", "routerPush"])
        );
    }

    #[test]
    fn load_options_that_are_not_an_object_are_refused() {
        for options in [
            json!(null),
            json!("supportEmail"),
            json!([{ "touchSession": false }]),
        ] {
            assert_eq!(sdk_keys_in(&options), None, "{options}");
        }
    }

    #[test]
    fn satellite_auto_sync_travels_only_when_on() {
        let off = serde_json::to_value(ClerkOptions::default()).unwrap();
        assert!(off.get("satellite_auto_sync").is_none(), "{off}");
        let on = ClerkOptions {
            is_satellite: true,
            satellite_auto_sync: true,
            ..ClerkOptions::default()
        };
        let page = serde_json::to_value(&on).unwrap();
        assert_eq!(page["satellite_auto_sync"], true);
        assert_eq!(serde_json::from_value::<ClerkOptions>(page).unwrap(), on);
    }

    #[test]
    fn props_do_not_travel_in_the_page() {
        let options = ClerkOptions {
            appearance: Some(json!({ "variables": { "colorPrimary": "#123456" } })),
            localization: Some(json!({ "locale": "fr-FR" })),
            load_options: Some(json!({ "supportEmail": "help@example.com" })),
            ..ClerkOptions::default()
        };
        let page = serde_json::to_value(&options).unwrap();
        for prop in ["appearance", "localization", "load_options"] {
            assert!(page.get(prop).is_none(), "{prop} in {page}");
        }
        let back: ClerkOptions = serde_json::from_value(page).unwrap();
        assert_eq!(back, ClerkOptions::default());
    }
}
