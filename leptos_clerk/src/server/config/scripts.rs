//! Where the browser loads clerk-js and Clerk UI from (`loadClerkJsScript.ts`, spec §3.3).

use super::ClerkConfig;

/// The `src` of the clerk-js script and, for clerk-js 6 and later, of the Clerk UI script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptUrls {
    /// `…/npm/@clerk/clerk-js@<version>/dist/clerk.browser.js`
    pub clerk_js: String,
    /// `…/npm/@clerk/ui@<version>/dist/ui.browser.js`; `None` for clerk-js 5 (UI bundled).
    pub ui: Option<String>,
}

impl ClerkConfig {
    /// The script URLs, served by the proxy when one is set, else by the Frontend API host;
    /// `CLERK_JS_URL` / `CLERK_UI_URL` replace either outright.
    ///
    /// A relative proxy (`/__clerk`) gives relative URLs, loaded from the app's own origin.
    #[must_use]
    pub fn script_urls(&self) -> ScriptUrls {
        let base = match self.proxy_url.as_deref().map(|p| p.trim_end_matches('/')) {
            Some(proxy) if !proxy.is_empty() => proxy.to_owned(),
            _ => format!("https://{}", self.publishable_key.frontend_api()),
        };
        let clerk_js = self.clerk_js_url.clone().unwrap_or_else(|| {
            format!(
                "{base}/npm/@clerk/clerk-js@{}/dist/clerk.browser.js",
                self.clerk_js_version
            )
        });
        let major = self
            .clerk_js_version
            .split('.')
            .next()
            .and_then(|m| m.parse::<u32>().ok());
        // Unversioned tags (`latest`, `next`) are Core 3 today, which needs the UI script.
        let ui = (major.is_none_or(|m| m >= 6)).then(|| {
            self.clerk_ui_url.clone().unwrap_or_else(|| {
                format!(
                    "{base}/npm/@clerk/ui@{}/dist/ui.browser.js",
                    self.clerk_ui_version
                )
            })
        });
        ScriptUrls { clerk_js, ui }
    }
}
