//! A lazy page's chunk preloads (`--split` builds), as a `Link` response header made once per
//! page. Leptos would put them in the `<head>`, but it renders a `<Link>` component per chunk on
//! every request (up to 20 for a page here): 5–8% of `/dashboard`'s server CPU per request, in
//! an A/B of release builds. The header is the same list, and the browser sees it before the
//! HTML.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::http::header::LINK;
use axum::http::HeaderValue;
use leptos::prelude::*;
use leptos::WasmSplitManifest;

/// By lazy function (the manifest's name without its hash): the `Link` header value.
static PRELOADS: OnceLock<HashMap<String, HeaderValue>> = OnceLock::new();

/// Makes the header values from the chunk manifest (once; `pkg_links` calls it).
pub fn init(manifest: &WasmSplitManifest) {
    PRELOADS.get_or_init(|| preloads(manifest));
}

/// Called by a `#[lazy_route]` page's view as it renders on the server (`route_type` is the
/// route's type name, e.g. `DashboardRoute`).
#[cfg(feature = "split")]
pub fn preload_route(route_type: &str) {
    preload(&lazy_route_fn(route_type));
}

/// Called by a `#[lazy]` function as it runs on the server (`lazy_fn` is its name): sends the
/// `Link` header that preloads its chunks, so that hydration does not fetch them only once the
/// main module runs. Nothing without `--split` (no manifest).
pub fn preload(lazy_fn: &str) {
    let Some(preloads) = PRELOADS.get() else {
        return;
    };
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    match preloads.get(lazy_fn) {
        Some(link) => response.append_header(LINK, link.clone()),
        None => {
            static WARNED: OnceLock<()> = OnceLock::new();
            WARNED.get_or_init(|| {
                tracing::warn!(
                    "no chunks for the lazy page {lazy_fn} in the split manifest: the browser \
                     fetches them without preloading (has Leptos renamed its lazy functions?)"
                );
            });
        }
    }
}

/// The `#[lazy_route]` function name of a route type: `DashboardRoute` → `__dashboard_route_view`.
#[cfg(any(feature = "split", test))]
fn lazy_route_fn(route_type: &str) -> String {
    let mut name = String::from("__");
    for (i, c) in route_type.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            name.push('_');
        }
        name.push(c.to_ascii_lowercase());
    }
    name.push_str("_view");
    name
}

/// One `Link` header value per lazy function of the manifest: each of its chunks as a `fetch`
/// preload (the chunk loader fetches them), and the chunk loader's JS as a module preload.
fn preloads(manifest: &WasmSplitManifest) -> HashMap<String, HeaderValue> {
    let (pkg_path, chunks_by_fn, loader_js) = &*manifest.0.read_value();
    chunks_by_fn
        .iter()
        .filter_map(|(key, chunks)| {
            let links = chunks
                .iter()
                .map(|chunk| {
                    format!(
                        "<{pkg_path}/{chunk}.wasm>; rel=preload; as=fetch; \
                         type=\"application/wasm\"; crossorigin"
                    )
                })
                .chain([format!("<{pkg_path}/{loader_js}>; rel=modulepreload")])
                .collect::<Vec<_>>()
                .join(", ");
            let value = HeaderValue::from_str(&links).ok()?;
            Some((without_hash(key).to_owned(), value))
        })
        .collect()
}

/// `__dashboard_route_view_15318621252837605289` → `__dashboard_route_view`: Leptos's macro
/// appends a hash of the function's source location.
fn without_hash(key: &str) -> &str {
    match key.rsplit_once('_') {
        Some((name, hash)) if !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => key,
    }
}

#[cfg(test)]
mod tests {
    use super::{lazy_route_fn, without_hash};

    #[test]
    fn lazy_function_names_are_the_manifest_keys_without_their_hash() {
        assert_eq!(lazy_route_fn("DashboardRoute"), "__dashboard_route_view");
        assert_eq!(lazy_route_fn("UseAuthRoute"), "__use_auth_route_view");
        assert_eq!(
            without_hash("__dashboard_route_view_15318621252837605289"),
            "__dashboard_route_view"
        );
        assert_eq!(
            without_hash("organization_view_14196689804955512237"),
            "organization_view"
        );
        assert_eq!(without_hash("organization_view"), "organization_view");
    }
}
