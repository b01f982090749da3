//! Typed bindings to the parts of `window.Clerk` (clerk-js 5 and 6) that the SDK calls.
//!
//! clerk-js defines its methods as arrow-function instance fields, so plain method bindings
//! work. Every call that can throw is `catch`, so a clerk-js error becomes a `Result`, never a
//! wasm trap. The `mount*`/`unmount*` family is reached by name (see [`ClerkJs::mount`]): one
//! binding per component would be eighteen copies of the same three lines.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::HtmlDivElement;

use crate::mountable::Mountable;

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

    /// `Clerk.session`: `undefined` before load, `null` when signed out.
    #[wasm_bindgen(method, getter)]
    pub fn session(this: &ClerkJs) -> JsValue;

    /// `Clerk.user`.
    #[wasm_bindgen(method, getter)]
    pub fn user(this: &ClerkJs) -> JsValue;

    /// `Clerk.client`: the browser's client (its `signIn` resource, its sessions).
    #[wasm_bindgen(method, getter)]
    pub fn client(this: &ClerkJs) -> JsValue;

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

    /// `Clerk.on(event, handler)`: clerk-js 6's events (`status`); clerk-js 5 has none (an error).
    #[wasm_bindgen(method, catch)]
    pub fn on(this: &ClerkJs, event: &str, handler: &Function) -> Result<(), JsValue>;

    /// `Clerk.off(event, handler)`.
    #[wasm_bindgen(method, catch)]
    pub fn off(this: &ClerkJs, event: &str, handler: &Function) -> Result<(), JsValue>;

    /// `Clerk.signOut(options)`.
    #[wasm_bindgen(method, catch, js_name = signOut)]
    pub fn sign_out(this: &ClerkJs, options: &JsValue) -> Result<Promise, JsValue>;

    /// `Clerk.setActive({ session, organization, redirectUrl })`.
    #[wasm_bindgen(method, catch, js_name = setActive)]
    pub fn set_active(this: &ClerkJs, params: &JsValue) -> Result<Promise, JsValue>;

    /// `Clerk.openSignIn(props)`: the sign-in modal.
    #[wasm_bindgen(method, catch, js_name = openSignIn)]
    pub fn open_sign_in(this: &ClerkJs, props: &JsValue) -> Result<(), JsValue>;

    /// `Clerk.openSignUp(props)`: the sign-up modal.
    #[wasm_bindgen(method, catch, js_name = openSignUp)]
    pub fn open_sign_up(this: &ClerkJs, props: &JsValue) -> Result<(), JsValue>;

    /// `Clerk.openUserProfile(props)`: the user-profile modal.
    #[wasm_bindgen(method, catch, js_name = openUserProfile)]
    pub fn open_user_profile(this: &ClerkJs, props: &JsValue) -> Result<(), JsValue>;

    /// `Clerk.openOrganizationProfile(props)`: the active organization's profile modal.
    #[wasm_bindgen(method, catch, js_name = openOrganizationProfile)]
    pub fn open_organization_profile(this: &ClerkJs, props: &JsValue) -> Result<(), JsValue>;

    /// `Clerk.openCreateOrganization(props)`: the create-organization modal.
    #[wasm_bindgen(method, catch, js_name = openCreateOrganization)]
    pub fn open_create_organization(this: &ClerkJs, props: &JsValue) -> Result<(), JsValue>;

    /// `Clerk.createOrganization({ name, slug })`: the new `OrganizationResource`.
    #[wasm_bindgen(method, catch, js_name = createOrganization)]
    pub fn create_organization(this: &ClerkJs, params: &JsValue) -> Result<Promise, JsValue>;

    /// `Clerk.__internal_openReverification(props)`: the verification modal that Clerk's
    /// `useReverification` opens (`level`, `afterVerification`, `afterVerificationCancelled`).
    #[wasm_bindgen(method, catch, js_name = __internal_openReverification)]
    pub fn open_reverification(this: &ClerkJs, props: &JsValue) -> Result<(), JsValue>;

    /// `Clerk.handleRedirectCallback(params)`: finishes, on the page an OAuth provider sent the
    /// browser back to, the sign-in or sign-up `authenticateWithRedirect` started.
    #[wasm_bindgen(method, catch, js_name = handleRedirectCallback)]
    pub fn handle_redirect_callback(this: &ClerkJs, params: &JsValue) -> Result<Promise, JsValue>;

    /// `Clerk.redirectToSignIn(options)`.
    #[wasm_bindgen(method, catch, js_name = redirectToSignIn)]
    pub fn redirect_to_sign_in(this: &ClerkJs, options: &JsValue) -> Result<Promise, JsValue>;

    /// `Clerk.redirectToSignUp(options)`.
    #[wasm_bindgen(method, catch, js_name = redirectToSignUp)]
    pub fn redirect_to_sign_up(this: &ClerkJs, options: &JsValue) -> Result<Promise, JsValue>;
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

    /// `window.Clerk` when it has finished loading.
    pub fn loaded_from_window() -> Option<ClerkJs> {
        Self::from_window().filter(ClerkJs::loaded)
    }

    /// The `status` string, or `""` where the version has none (clerk-js 5).
    pub fn status_str(&self) -> String {
        self.status().as_string().unwrap_or_default()
    }

    /// `Clerk.mount<Name>(node, props)`.
    pub(crate) fn mount(
        &self,
        component: Mountable,
        node: &HtmlDivElement,
        props: &JsValue,
    ) -> Result<(), JsValue> {
        self.method(&format!("mount{}", component.js_name()))?
            .call2(self, node, props)
            .map(drop)
    }

    /// `Clerk.unmount<Name>(node)`.
    pub(crate) fn unmount(
        &self,
        component: Mountable,
        node: &HtmlDivElement,
    ) -> Result<(), JsValue> {
        self.method(&format!("unmount{}", component.js_name()))?
            .call1(self, node)
            .map(drop)
    }

    /// `Clerk.__internal_updateProps({ node, props })` (clerk-js 6; `__unstable__updateProps` in
    /// 5): what Clerk's React components call when their props change. Without either the
    /// component keeps the props it was mounted with, and the error says so.
    pub fn update_props(&self, node: &HtmlDivElement, props: &JsValue) -> Result<(), JsValue> {
        let argument = js_sys::Object::new();
        Reflect::set(&argument, &"node".into(), node)?;
        Reflect::set(&argument, &"props".into(), props)?;
        self.update_global_props(&argument)
    }

    /// `Clerk.__internal_updateProps(argument)` with no `node`: `{ appearance, options }`,
    /// props of every component, as Clerk's React `<ClerkProvider>` passes its changed
    /// `appearance` and `localization`. [`update_props`](Self::update_props) calls it with one.
    pub(crate) fn update_global_props(&self, argument: &JsValue) -> Result<(), JsValue> {
        self.method("__internal_updateProps")
            .or_else(|_| self.method("__unstable__updateProps"))?
            .call1(self, argument)
            .map(drop)
    }

    fn method(&self, name: &str) -> Result<Function, JsValue> {
        Reflect::get(self, &JsValue::from_str(name))?
            .dyn_into::<Function>()
            .map_err(|_| JsValue::from_str(&format!("this clerk-js has no `{name}`")))
    }
}

/// `window.__internal_ClerkUICtor`, set by `@clerk/ui`'s `ui.browser.js` (clerk-js 6 needs it to
/// mount components; clerk-js 5 has the UI built in, and this is `None`).
pub fn clerk_ui_constructor() -> Option<JsValue> {
    let window = web_sys::window()?;
    let value = Reflect::get(&window, &JsValue::from_str("__internal_ClerkUICtor")).ok()?;
    (!value.is_undefined() && !value.is_null()).then_some(value)
}
