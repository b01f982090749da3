//! The starter app: pages showing each Clerk auth pattern. Edit freely.

pub mod app;
pub mod notes;
mod pages;
mod pkg_links;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
