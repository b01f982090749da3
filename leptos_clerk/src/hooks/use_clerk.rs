//! `use_clerk()`: clerk-js's status, and the actions it offers as methods: no-ops on the server;
//! in the browser one called while clerk-js loads runs once it has loaded.
//!
//! Methods rather than `Callback` fields: a page's wasm holds only the actions it calls (each
//! one brings its clerk-js calls), and making the struct allocates nothing.

use leptos::prelude::*;

use crate::client::{self, AfterAuth, Look, Modal};
use crate::state::{try_use_clerk_context, use_clerk_context};
use crate::{ClerkContext, ClerkStatus, SignOutOptions};

/// clerk-js itself: status and actions (the Leptos form of Clerk's `useClerk()`). `Copy`: use it
/// in as many event handlers as needed.
#[derive(Clone, Copy, Debug)]
pub struct UseClerk {
    /// `Loading`, then `Ready`/`Degraded`, or `Failed`.
    pub status: Signal<ClerkStatus>,
    /// Why clerk-js failed to load, when it did.
    pub error: Signal<Option<String>>,
    ctx: ClerkContext,
}

impl UseClerk {
    /// Opens Clerk's sign-in modal.
    pub fn open_sign_in(&self) {
        client::open(Modal::SignIn, AfterAuth::default());
    }

    /// Opens Clerk's sign-up modal.
    pub fn open_sign_up(&self) {
        client::open(Modal::SignUp, AfterAuth::default());
    }

    /// Opens Clerk's user-profile modal.
    pub fn open_user_profile(&self) {
        client::open(Modal::UserProfile, AfterAuth::default());
    }

    /// Opens the active organization's profile modal (members, settings); clerk-js logs an
    /// error when none is active.
    pub fn open_organization_profile(&self) {
        client::open(Modal::OrganizationProfile, AfterAuth::default());
    }

    /// Opens Clerk's create-organization modal.
    pub fn open_create_organization(&self) {
        client::open(Modal::CreateOrganization, AfterAuth::default());
    }

    /// Signs out, then goes to `after_sign_out_url`.
    pub fn sign_out(&self) {
        self.sign_out_with(SignOutOptions::default());
    }

    /// Signs out with options: another page to go to, or one session only (Clerk's
    /// `signOut({ redirectUrl, sessionId })`).
    pub fn sign_out_with(&self, options: SignOutOptions) {
        client::sign_out(self.ctx, options);
    }

    /// Sends the browser to the sign-in page, coming back here afterwards.
    pub fn redirect_to_sign_in(&self) {
        client::redirect(false, AfterAuth::default());
    }

    /// Sends the browser to the sign-up page, coming back here afterwards.
    pub fn redirect_to_sign_up(&self) {
        client::redirect(true, AfterAuth::default());
    }

    /// Makes an organization active (`Some(id or slug)`) or the personal account (`None`).
    pub fn set_active_organization(&self, organization: Option<String>) {
        client::set_active_organization(organization);
    }

    /// Reloads the signed-in user from Clerk (`Clerk.user.reload()`), e.g. after a server
    /// function changed it through the Backend API; `use_user()` follows. To wait for it (or
    /// see why it failed), await [`UseUser::reload`](crate::UseUser::reload) instead.
    pub fn reload_user(&self) {
        client::reload_user();
    }

    /// Gives every Clerk component a new `appearance` (a theme the user picked): clerk-js
    /// renders the components on the page again with it, and those it mounts later, as when
    /// the `appearance` of Clerk's React `<ClerkProvider>` changes. It lasts until the next page
    /// load, which starts again from `<ClerkProvider appearance>`. Asked before clerk-js has
    /// loaded, it is what clerk-js loads with. Nothing happens on the server.
    ///
    /// ```no_run
    /// # use leptos::prelude::*;
    /// # use leptos_clerk::use_clerk;
    /// let clerk = use_clerk();
    /// let dark = move |_: leptos::ev::MouseEvent| clerk.set_appearance(serde_json::json!({
    ///     "variables": { "colorBackground": "#1d1d21", "colorForeground": "#f4f4f5" }
    /// }));
    /// ```
    pub fn set_appearance(&self, appearance: serde_json::Value) {
        client::update_look(self.ctx, Look::Appearance(appearance));
    }

    /// The `appearance` Clerk's components have: `<ClerkProvider>`'s, or the last one
    /// [`set_appearance`](Self::set_appearance) gave.
    #[must_use]
    pub fn appearance(&self) -> Option<serde_json::Value> {
        self.ctx
            .options
            .with_value(|options| options.appearance.clone())
    }

    /// Gives every Clerk component a new `localization` (a language the user picked), as
    /// [`set_appearance`](Self::set_appearance) does an `appearance`.
    pub fn set_localization(&self, localization: serde_json::Value) {
        client::update_look(self.ctx, Look::Localization(localization));
    }

    /// clerk-js itself (`window.Clerk`, what Clerk's `useClerk()` returns), once it has loaded:
    /// for what the SDK does not wrap, through `js_sys::Reflect` and `wasm_bindgen`. `None`
    /// while it loads and when it failed to. Browser build (`hydrate`) only: there is no
    /// clerk-js on the server.
    ///
    /// ```ignore
    /// // in an event handler
    /// if let Some(clerk) = use_clerk().clerk_js() {
    ///     let version = js_sys::Reflect::get(&clerk, &"version".into())?;
    /// }
    /// ```
    #[cfg(feature = "hydrate")]
    #[must_use]
    pub fn clerk_js(&self) -> Option<wasm_bindgen::JsValue> {
        crate::browser::loaded_clerk_js()
    }

    /// [`clerk_js`](Self::clerk_js), once clerk-js has loaded, however long that takes; `None`
    /// if it does not load.
    #[cfg(feature = "hydrate")]
    pub async fn loaded_clerk_js(self) -> Option<wasm_bindgen::JsValue> {
        crate::browser::wait_for_clerk_js().await
    }
}

/// clerk-js's actions and status.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::use_clerk;
///
/// #[component]
/// fn SignInButton() -> impl IntoView {
///     let clerk = use_clerk();
///     view! { <button on:click=move |_| clerk.open_sign_in()>"Sign in"</button> }
/// }
/// ```
///
/// # Panics
/// Outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
#[track_caller]
pub fn use_clerk() -> UseClerk {
    clerk_from(use_clerk_context())
}

/// [`use_clerk`], or `None` outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
pub fn try_use_clerk() -> Option<UseClerk> {
    try_use_clerk_context().map(clerk_from)
}

fn clerk_from(ctx: ClerkContext) -> UseClerk {
    UseClerk {
        status: ctx.status(),
        error: ctx.error(),
        ctx,
    }
}
