//! `use_clerk()`: the actions clerk-js offers, as callbacks: no-ops on the server; in the browser
//! one called while clerk-js loads runs once it has loaded.

use leptos::prelude::*;

use crate::client::{self, AfterAuth, Modal};
use crate::state::{try_use_clerk_context, use_clerk_context};
use crate::{ClerkContext, ClerkStatus, SignOutOptions};

/// clerk-js itself: status and actions (the Leptos form of Clerk's `useClerk()`).
#[derive(Clone, Copy, Debug)]
pub struct UseClerk {
    /// `Loading`, then `Ready`/`Degraded`, or `Failed`.
    pub status: Signal<ClerkStatus>,
    /// Why clerk-js failed to load, when it did.
    pub error: Signal<Option<String>>,
    /// Opens Clerk's sign-in modal.
    pub open_sign_in: Callback<()>,
    /// Opens Clerk's sign-up modal.
    pub open_sign_up: Callback<()>,
    /// Opens Clerk's user-profile modal.
    pub open_user_profile: Callback<()>,
    /// Opens the active organization's profile modal (members, settings); clerk-js logs an
    /// error when none is active.
    pub open_organization_profile: Callback<()>,
    /// Opens Clerk's create-organization modal.
    pub open_create_organization: Callback<()>,
    /// Signs out, then goes to `after_sign_out_url`.
    pub sign_out: Callback<()>,
    /// Signs out with options: another page to go to, or one session only (Clerk's
    /// `signOut({ redirectUrl, sessionId })`).
    pub sign_out_with: Callback<SignOutOptions>,
    /// Sends the browser to the sign-in page, coming back here afterwards.
    pub redirect_to_sign_in: Callback<()>,
    /// Sends the browser to the sign-up page, coming back here afterwards.
    pub redirect_to_sign_up: Callback<()>,
    /// Makes an organization active (`Some(id or slug)`) or the personal account (`None`).
    pub set_active_organization: Callback<Option<String>>,
    /// Reloads the signed-in user from Clerk (`Clerk.user.reload()`), e.g. after a server
    /// function changed it through the Backend API; `use_user()` follows.
    pub reload_user: Callback<()>,
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
///     view! { <button on:click=move |_| clerk.open_sign_in.run(())>"Sign in"</button> }
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
        open_sign_in: Callback::new(move |()| client::open(Modal::SignIn, AfterAuth::default())),
        open_sign_up: Callback::new(move |()| client::open(Modal::SignUp, AfterAuth::default())),
        open_user_profile: Callback::new(move |()| {
            client::open(Modal::UserProfile, AfterAuth::default())
        }),
        open_organization_profile: Callback::new(move |()| {
            client::open(Modal::OrganizationProfile, AfterAuth::default())
        }),
        open_create_organization: Callback::new(move |()| {
            client::open(Modal::CreateOrganization, AfterAuth::default())
        }),
        sign_out: Callback::new(move |()| client::sign_out(ctx, SignOutOptions::default())),
        sign_out_with: Callback::new(move |options| client::sign_out(ctx, options)),
        redirect_to_sign_in: Callback::new(move |()| client::redirect(false, AfterAuth::default())),
        redirect_to_sign_up: Callback::new(move |()| client::redirect(true, AfterAuth::default())),
        set_active_organization: Callback::new(move |org: Option<String>| {
            client::set_active_organization(org)
        }),
        reload_user: Callback::new(move |()| client::reload_user()),
    }
}
