//! A Content-Security-Policy that lets Clerk work, with a nonce per page for inline scripts:
//! what Clerk's Next.js middleware does with `contentSecurityPolicy`, for Leptos.
//!
//! Clerk's directives (its Frontend API, Cloudflare's bot protection, Clerk's images and
//! telemetry, Stripe for billing) are there from the start; scripts must come from this site,
//! from Clerk, or carry the page's nonce, so an injected inline `<script>` does not run.
//! Leptos puts the nonce on the scripts it writes (hydration, streamed Suspense and Resources)
//! and `<ClerkScripts/>` on Clerk's, once [`provide_csp_nonce`] has given it to the render.

mod layer;

use std::collections::BTreeMap;
use std::sync::Arc;

pub use layer::{CspLayer, CspService};

use super::clerk::Clerk;

/// The policy: directive name → sources. Build it with [`ContentSecurityPolicy::for_clerk`],
/// add to it with [`directive`](Self::directive), serve it with [`layer`](Self::layer).
#[derive(Clone, Debug)]
pub struct ContentSecurityPolicy {
    directives: BTreeMap<String, Vec<String>>,
    report_only: bool,
}

/// The nonce of one response's policy, in the request's extensions (read by
/// [`provide_csp_nonce`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CspNonce(pub Arc<str>);

/// `script-src` gets the page's nonce beside these.
const SCRIPT_SRC: &str = "script-src";

impl ContentSecurityPolicy {
    /// Clerk's directives for this instance, as `@clerk/nextjs` sets them, plus this SDK's:
    /// `'wasm-unsafe-eval'` (the app is WebAssembly), `base-uri`, `object-src` and
    /// `frame-ancestors` closed to other sites. The Frontend API's origin (or the proxy's) and
    /// the clerk-js and Clerk UI scripts' origins are added to `script-src` and `connect-src`.
    #[must_use]
    pub fn for_clerk(clerk: &Clerk) -> Self {
        let mut policy = Self::base();
        let config = clerk.config();
        let scripts = config.script_urls();
        // The instance's own Frontend API host: the publishable key's, or `clerk.<domain>` for
        // a production satellite.
        let fapi = format!("https://{}", clerk.cookie_names().original_frontend_api);
        let clerk_origins = [Some(fapi.as_str()), config.proxy_url.as_deref()]
            .into_iter()
            .chain([Some(scripts.clerk_js.as_str()), scripts.ui.as_deref()])
            .flatten()
            .filter_map(origin_of)
            .collect::<Vec<_>>();
        policy = policy.directive(SCRIPT_SRC, clerk_origins.clone());
        policy = policy.directive("connect-src", clerk_origins);
        // A form posted without JavaScript by a signed-out visitor is answered with a redirect
        // to sign-in, which the browser checks against `form-action` too.
        let auth_pages = [&config.sign_in_url, &config.sign_up_url]
            .into_iter()
            .filter_map(|url| origin_of(url))
            .collect::<Vec<_>>();
        policy.directive("form-action", auth_pages)
    }

    /// Clerk's defaults and ours, before the instance's hosts.
    fn base() -> Self {
        let mut directives = BTreeMap::new();
        let mut set = |name: &str, sources: &[&str]| {
            directives.insert(
                name.to_owned(),
                sources.iter().map(|s| (*s).to_owned()).collect(),
            );
        };
        set("default-src", &["'self'"]);
        set("base-uri", &["'self'"]);
        set("object-src", &["'none'"]);
        set("frame-ancestors", &["'self'"]);
        set("form-action", &["'self'"]);
        set(
            "connect-src",
            &[
                "'self'",
                "https://clerk-telemetry.com",
                "https://*.clerk-telemetry.com",
                "https://api.stripe.com",
                "https://maps.googleapis.com",
            ],
        );
        set(
            "frame-src",
            &[
                "'self'",
                "https://challenges.cloudflare.com",
                "https://*.js.stripe.com",
                "https://js.stripe.com",
                "https://hooks.stripe.com",
            ],
        );
        // `data:` for Clerk UI's own pictures (a development instance's badge is one), which
        // Clerk's Next.js defaults leave out; an image cannot run code.
        set("img-src", &["'self'", "https://img.clerk.com", "data:"]);
        // 'unsafe-inline' is for browsers older than CSP 2 only: a nonce makes the others
        // ignore it.
        set(
            SCRIPT_SRC,
            &[
                "'self'",
                "'unsafe-inline'",
                "'wasm-unsafe-eval'",
                "https://challenges.cloudflare.com",
                "https://*.js.stripe.com",
                "https://js.stripe.com",
                "https://maps.googleapis.com",
            ],
        );
        // Clerk's components style themselves at run time.
        set("style-src", &["'self'", "'unsafe-inline'"]);
        set("worker-src", &["'self'", "blob:"]);
        Self {
            directives,
            report_only: false,
        }
    }

    /// Adds `sources` to directive `name` (creating it); `'none'` replaces what was there.
    ///
    /// # Panics
    /// When `name` or a source is empty or holds whitespace, `;`, `,` or a control character:
    /// it would end the directive and start another, or make the header invalid.
    #[must_use]
    pub fn directive<S: Into<String>>(
        mut self,
        name: &str,
        sources: impl IntoIterator<Item = S>,
    ) -> Self {
        assert_token(name);
        let list = self.directives.entry(name.to_owned()).or_default();
        for source in sources {
            let source = source.into();
            assert_token(&source);
            if source == "'none'" {
                list.clear();
            } else {
                list.retain(|s| s != "'none'");
            }
            if !list.contains(&source) {
                list.push(source);
            }
        }
        self
    }

    /// Sends `Content-Security-Policy-Report-Only` instead: the browser blocks nothing and logs
    /// what the policy would block (and reports it, given a `report-to` directive), for trying a
    /// policy on a live site. `frame-ancestors` is not applied in this mode.
    #[must_use]
    pub fn report_only(mut self, report_only: bool) -> Self {
        self.report_only = report_only;
        self
    }

    /// The tower layer that sends this policy with every HTML response and gives each request
    /// its nonce. Put it inside `ClerkLayer` or outside: it does not depend on it.
    #[must_use]
    pub fn layer(self) -> CspLayer {
        CspLayer::new(&self)
    }

    /// The header's name.
    fn header_name(&self) -> http::HeaderName {
        if self.report_only {
            http::header::CONTENT_SECURITY_POLICY_REPORT_ONLY
        } else {
            http::header::CONTENT_SECURITY_POLICY
        }
    }

    /// The header's value around the nonce: `(before, after)`, so that a response costs one
    /// concatenation.
    fn header_parts(&self) -> (String, String) {
        let mut before = String::new();
        let mut after = String::new();
        let mut seen_script_src = false;
        for (name, sources) in &self.directives {
            let out = if seen_script_src {
                &mut after
            } else {
                &mut before
            };
            if !out.is_empty() {
                out.push_str("; ");
            }
            out.push_str(name);
            for source in sources {
                out.push(' ');
                out.push_str(source);
            }
            if name == SCRIPT_SRC {
                seen_script_src = true;
                before.push_str(" 'nonce-");
                after.push('\'');
            }
        }
        (before, after)
    }
}

/// A directive name or source must be one token of the header.
fn assert_token(token: &str) {
    let breaks = |c: char| c.is_whitespace() || c.is_control() || c == ';' || c == ',';
    assert!(
        !token.is_empty() && !token.contains(breaks),
        "Content-Security-Policy: {token:?} is not a directive name or source"
    );
}

/// The origin (`scheme://host[:port]`) of an absolute URL; `None` for a path.
fn origin_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.origin().ascii_serialization())
}

/// Gives the page render the nonce [`CspLayer`] put in this response's policy, so that Leptos
/// and `<ClerkScripts/>` write it on their `<script>` tags. Call it in the context closure of
/// `leptos_routes_with_context` (and of `file_and_error_handler_with_context`); without the
/// layer it does nothing.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # fn routes(router: axum::Router<LeptosOptions>, options: LeptosOptions) {
/// use leptos_axum::LeptosRoutes;
/// # let routes = Vec::new(); fn shell(_: LeptosOptions) -> impl IntoView {}
/// router.leptos_routes_with_context(&options, routes, leptos_clerk::server::provide_csp_nonce, {
///     let options = options.clone();
///     move || shell(options.clone())
/// });
/// # }
/// ```
pub fn provide_csp_nonce() {
    if let Some(CspNonce(nonce)) = request_nonce() {
        leptos::prelude::provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// Logs (once per process) a page rendered under [`CspLayer`] without its nonce: the browser
/// would refuse every inline script on it, hydration first.
pub(crate) fn check_csp_nonce(rendered: Option<&str>) {
    static REPORTED: std::sync::Once = std::sync::Once::new();
    if let Some(CspNonce(expected)) = request_nonce() {
        if rendered != Some(&*expected) {
            REPORTED.call_once(|| {
                tracing::error!(
                    "leptos_clerk: this page's Content-Security-Policy nonce is not the one its \
                     scripts carry, so the browser will block them: call \
                     leptos_clerk::server::provide_csp_nonce in the context closure of \
                     leptos_routes_with_context (and file_and_error_handler_with_context)"
                );
            });
        }
    }
}

/// The nonce `CspLayer` gave this request (read in place: cloning `Parts` would copy every
/// header).
fn request_nonce() -> Option<CspNonce> {
    leptos::prelude::with_context::<http::request::Parts, _>(|parts| {
        parts.extensions.get::<CspNonce>().cloned()
    })
    .flatten()
}

#[cfg(test)]
mod tests;
