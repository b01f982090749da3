//! The shell's links to `/pkg` (the stylesheet, the JS and wasm preloads, the hydration script),
//! rendered once per process. Leptos's `HashedStylesheet` and `HydrationScripts` read the hash
//! file beside the binary on every page (a readlink, a stat and a read each): 13% of a
//! signed-in page's server CPU, measured with perf. The file names cannot change while the
//! process runs, so their HTML is made once, by those same components, and reused.

use std::sync::OnceLock;

use leptos::prelude::*;
use leptos::tachys::html::InertElement;
use leptos::WasmSplitManifest;
use leptos_meta::HashedStylesheet;

/// What `HydrationScripts` leaves behind: its HTML, and (in a `--split` build) the manifest of
/// lazy-loaded chunks it puts in context, which a lazy page reads to preload its chunks.
struct Rendered {
    html: String,
    split_manifest: Option<WasmSplitManifest>,
}

/// `<link rel="stylesheet">`, `<link rel="modulepreload">`, `<link rel="preload">` and the
/// hydration `<script>` for the app's hashed `/pkg` files.
pub fn pkg_links(options: &LeptosOptions) -> impl IntoView {
    static RENDERED: OnceLock<Rendered> = OnceLock::new();
    let rendered = RENDERED.get_or_init(|| {
        let options = options.clone();
        Owner::new().with(|| {
            let html = view! {
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
            }
            .to_html();
            Rendered {
                html,
                split_manifest: use_context::<WasmSplitManifest>(),
            }
        })
    });
    if let Some(manifest) = &rendered.split_manifest {
        provide_context(manifest.clone());
    }
    InertElement::new(rendered.html.as_str())
}
