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
    static HTML: OnceLock<String> = OnceLock::new();
    let html = HTML.get_or_init(|| {
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
        html
    });
    match use_nonce() {
        Some(nonce) => InertElement::new(with_nonce(html, &nonce)),
        None => InertElement::new(html.as_str()),
    }
}

/// The cached HTML with `nonce` on its inline script (rendered once without one).
fn with_nonce(html: &str, nonce: &str) -> String {
    const SCRIPT: &str = "<script type=\"module\"";
    match html.find(SCRIPT) {
        Some(at) => {
            let (before, after) = html.split_at(at + SCRIPT.len());
            format!("{before} nonce=\"{nonce}\"{after}")
        }
        None => html.to_owned(),
    }
}
