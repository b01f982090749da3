//! The browser side: clerk-js through wasm-bindgen. Compiled only with `hydrate`; everything
//! public in the crate has a same-signature server twin, so callers never see the split.

mod actions;
mod bindings;
mod load;
mod resources;
mod token;

pub(crate) use actions::{open, redirect, reload_user, set_active_organization, sign_out, Modal};
pub(crate) use bindings::ClerkJs;
pub(crate) use load::{describe, start};
pub(crate) use token::{session_token, session_token_if_loaded};
