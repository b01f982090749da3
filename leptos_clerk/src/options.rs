//! What clerk-js is loaded with: the URLs it redirects to, and switches. The server fills it from
//! its configuration and hands it to the browser with the page, so the two never disagree.

use serde::{Deserialize, Serialize};

/// Options passed to `Clerk.load(..)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// A pending session (one with a task left, such as choosing an organization) counts as
    /// signed out, as on the server (`treat_pending_as_signed_out`, default `true`).
    #[serde(default = "signed_out_while_pending")]
    pub treat_pending_as_signed_out: bool,
    /// Whether clerk-js may send telemetry to Clerk (always off for the local instance).
    pub telemetry: bool,
    /// How long to wait for the clerk-js script before reporting [`ClerkStatus::Failed`](crate::ClerkStatus).
    pub load_timeout_ms: u32,
    /// Clerk's `appearance` object (theme, variables, elements), for every component.
    #[serde(default)]
    pub appearance: Option<serde_json::Value>,
    /// Clerk's `localization` object (texts of the components).
    #[serde(default)]
    pub localization: Option<serde_json::Value>,
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
            treat_pending_as_signed_out: signed_out_while_pending(),
            telemetry: true,
            load_timeout_ms: 15_000,
            appearance: None,
            localization: None,
        }
    }
}
