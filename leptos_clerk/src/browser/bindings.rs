//! Typed bindings to the parts of `window.Clerk` (clerk-js 5 and 6) that the SDK calls.
//!
//! clerk-js defines its methods as arrow-function instance fields, so plain method bindings
//! work. Every call that can throw is `catch`, so a clerk-js error becomes a `Result`, never a
//! wasm trap.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::HtmlDivElement;

#[wasm_bindgen]
extern "C" {
    /// The clerk-js instance that `clerk.browser.js` puts on `window.Clerk`.
    #[derive(Clone, Debug)]
    pub type ClerkJs;

    /// `Clerk.loaded`: `true` once `load()` resolved (status `ready` or `degraded`).
    #[wasm_bindgen(method, getter)]
    pub fn loaded(this: &ClerkJs) -> bool;

    /// `Clerk.status`: `loading`, `ready`, `degraded` or `error` (clerk-js 6).
    #[wasm_bindgen(method, getter)]
    pub fn status(this: &ClerkJs) -> JsValue;

    /// `Clerk.load(options)`.
    #[wasm_bindgen(method, catch)]
    pub fn load(this: &ClerkJs, options: &JsValue) -> Result<Promise, JsValue>;

    /// `Clerk.addListener(callback, options)`; returns the unsubscribe function.
    #[wasm_bindgen(method, catch, js_name = addListener)]
    pub fn add_listener(
        this: &ClerkJs,
        callback: &Function,
        options: &JsValue,
    ) -> Result<Function, JsValue>;

    /// `Clerk.signOut(options)`.
    #[wasm_bindgen(method, catch, js_name = signOut)]
    pub fn sign_out(this: &ClerkJs, options: &JsValue) -> Result<Promise, JsValue>;

    /// `Clerk.mountSignIn(node, props)`.
    #[wasm_bindgen(method, catch, js_name = mountSignIn)]
    pub fn mount_sign_in(
        this: &ClerkJs,
        node: &HtmlDivElement,
        props: &JsValue,
    ) -> Result<(), JsValue>;

    /// `Clerk.unmountSignIn(node)`.
    #[wasm_bindgen(method, catch, js_name = unmountSignIn)]
    pub fn unmount_sign_in(this: &ClerkJs, node: &HtmlDivElement) -> Result<(), JsValue>;
}

impl ClerkJs {
    /// `window.Clerk`, once `clerk.browser.js` has run.
    pub fn from_window() -> Option<ClerkJs> {
        let window = web_sys::window()?;
        let value = Reflect::get(&window, &JsValue::from_str("Clerk")).ok()?;
        if value.is_object() {
            Some(value.unchecked_into())
        } else {
            None
        }
    }

    /// The `status` string, or `""` where the version has none (clerk-js 5).
    pub fn status_str(&self) -> String {
        self.status().as_string().unwrap_or_default()
    }
}

/// `window.__internal_ClerkUICtor`, set by `@clerk/ui`'s `ui.browser.js` (clerk-js 6 needs it to
/// mount components; clerk-js 5 has the UI built in, and this is `None`).
pub fn clerk_ui_constructor() -> Option<JsValue> {
    let window = web_sys::window()?;
    let value = Reflect::get(&window, &JsValue::from_str("__internal_ClerkUICtor")).ok()?;
    (!value.is_undefined() && !value.is_null()).then_some(value)
}
