//! The starter app: pages showing each Clerk auth pattern. Edit freely.

// A page's view is one nested type, and the compiler's default depth (128) is too shallow for
// `/organization`'s in a release wasm build ("queries overflow the depth limit").
#![recursion_limit = "256"]

pub mod app;
mod clerk_theme;
mod lazy_routes;
pub mod notes;
mod pages;
mod pkg_links;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Asynchronously: a lazy-loaded page (lazy_routes.rs) hydrates once its chunk has arrived.
    wasm_bindgen_futures::spawn_local(async {
        #[cfg(feature = "split")]
        lazy_routes::before_hydration().await;
        leptos_clerk::hydrate_lazy(app::App).await;
        // Only now is the whole page live: end-to-end tests wait for this before clicking.
        if let Some(body) = leptos::prelude::document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
