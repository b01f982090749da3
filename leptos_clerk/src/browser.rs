//! The browser side: clerk-js through wasm-bindgen. Compiled only with `hydrate`; everything
//! public in the crate has a same-signature server twin, so callers never see the split.

mod actions;
mod bindings;
mod load;
mod resources;

pub(crate) use actions::{js_object, sign_out};
pub(crate) use bindings::ClerkJs;
pub(crate) use load::{describe, start};
