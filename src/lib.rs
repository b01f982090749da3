//! The starter app: pages showing each Clerk auth pattern. Edit freely.

pub mod app;
mod lazy_routes;
pub mod notes;
mod pages;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy routes (lazy_routes.rs) hydrate once their chunk has loaded.
    leptos::mount::hydrate_lazy(app::App);
}
