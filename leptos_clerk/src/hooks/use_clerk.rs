//! `use_clerk()`: the actions clerk-js offers, as callbacks that are no-ops on the server and
//! before clerk-js loads.

use leptos::prelude::*;

use crate::state::{try_use_clerk_context, use_clerk_context};
use crate::{ClerkContext, ClerkStatus};

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
    /// Signs out, then goes to `after_sign_out_url`.
    pub sign_out: Callback<()>,
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
        open_sign_in: Callback::new(move |()| browser::open(ctx, browser::Modal::SignIn)),
        open_sign_up: Callback::new(move |()| browser::open(ctx, browser::Modal::SignUp)),
        open_user_profile: Callback::new(move |()| browser::open(ctx, browser::Modal::UserProfile)),
        sign_out: Callback::new(move |()| sign_out(ctx)),
        redirect_to_sign_in: Callback::new(move |()| browser::redirect(ctx, false)),
        redirect_to_sign_up: Callback::new(move |()| browser::redirect(ctx, true)),
        set_active_organization: Callback::new(move |org: Option<String>| {
            browser::set_active_organization(ctx, org)
        }),
        reload_user: Callback::new(move |()| browser::reload_user(ctx)),
    }
}

pub(super) fn sign_out(ctx: ClerkContext) {
    browser::sign_out(ctx);
}

#[cfg(feature = "hydrate")]
use crate::browser;

/// The server twin: nothing to do without a browser.
#[cfg(not(feature = "hydrate"))]
mod browser {
    use crate::ClerkContext;

    pub enum Modal {
        SignIn,
        SignUp,
        UserProfile,
    }

    pub fn open(_: ClerkContext, _: Modal) {}
    pub fn sign_out(_: ClerkContext) {}
    pub fn redirect(_: ClerkContext, _: bool) {}
    pub fn set_active_organization(_: ClerkContext, _: Option<String>) {}
    pub fn reload_user(_: ClerkContext) {}
}
