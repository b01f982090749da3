//! The shell's links to `/pkg` (the stylesheet, the JS and wasm preloads, the hydration script),
//! rendered once per process. Leptos's `HashedStylesheet` and `HydrationScripts` read the hash
//! file beside the binary on every page (a readlink, a stat and a read each): 13% of a
//! signed-in page's server CPU, measured with perf. The file names cannot change while the
//! process runs, so their HTML is made once, by those same components, and reused.

use std::sync::OnceLock;

use leptos::nonce::use_nonce;
use leptos::prelude::*;
use leptos::tachys::html::InertElement;
use leptos_meta::HashedStylesheet;

/// `<link rel="stylesheet">`, `<link rel="modulepreload">`, `<link rel="preload">` and the
/// hydration `<script>` for the app's hashed `/pkg` files. The script carries the page's
/// Content-Security-Policy nonce, which is new for every response.
pub fn pkg_links(options: &LeptosOptions) -> impl IntoView {
    static HTML: OnceLock<Cached> = OnceLock::new();
    let cached = HTML.get_or_init(|| {
        let options = options.clone();
        // Under a root owner, so that nothing of the first request (its nonce) gets into the
        // cached HTML. Making a root makes it the current owner: the page's is put back below.
        let page_owner = Owner::current();
        let html = Owner::new_root(None).with(|| {
            let html = view! {
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
            }
            .to_html();
            // In a `--split` build `HydrationScripts` has read the manifest of lazy-loaded
            // chunks. It is deliberately not put in context for the pages: Leptos would then
            // render each lazy page's preloads into the `<head>` on every request, one
            // component per chunk; `lazy_preloads` sends them as a header made once instead.
            #[cfg(feature = "ssr")]
            if let Some(manifest) = use_context::<leptos::WasmSplitManifest>() {
                crate::server::lazy_preloads::init(&manifest);
            }
            html
        });
        if let Some(page_owner) = page_owner {
            page_owner.set();
        }
        Cached::new(html)
    });
    match use_nonce() {
        Some(nonce) => InertElement::new(cached.with_nonce(&nonce)),
        None => InertElement::new(cached.html.as_str()),
    }
}

/// The links' HTML, rendered once without a nonce, and where the nonce goes.
struct Cached {
    html: String,
    /// Just after `<script type="module"`.
    nonce_at: Option<usize>,
}

impl Cached {
    fn new(html: String) -> Self {
        const SCRIPT: &str = "<script type=\"module\"";
        let nonce_at = html.find(SCRIPT).map(|at| at + SCRIPT.len());
        Self { html, nonce_at }
    }

    /// The HTML with `nonce` on its inline script.
    fn with_nonce(&self, nonce: &str) -> String {
        let Some(at) = self.nonce_at else {
            return self.html.clone();
        };
        let (before, after) = self.html.split_at(at);
        let mut html = String::with_capacity(self.html.len() + nonce.len() + 9);
        for part in [before, " nonce=\"", nonce, "\"", after] {
            html.push_str(part);
        }
        html
    }
}
