//! Hooks named after Clerk's React hooks: `use_auth()`, `use_user()`, `use_clerk_status()`.
//!
//! Each returns a `Copy` struct of signals. During SSR and hydration they hold the server's
//! snapshot (so the first render matches the HTML); once clerk-js loads they follow it.

use leptos::prelude::*;

use crate::state::{try_use_clerk_context, use_clerk_context};
use crate::{ClerkContext, ClerkStatus, UserSnapshot};

/// Auth state and actions: the Leptos form of Clerk's `useAuth()`.
#[derive(Clone, Copy, Debug)]
pub struct UseAuth {
    /// Whether the auth state is known. With a server snapshot it always is.
    pub is_loaded: Signal<bool>,
    /// `Some(true)` signed in, `Some(false)` signed out, `None` not known yet: the shape
    /// `ProtectedRoute`'s `condition` expects.
    pub is_signed_in: Signal<Option<bool>>,
    /// The user id (`user_…`).
    pub user_id: Signal<Option<String>>,
    /// The session id (`sess_…`).
    pub session_id: Signal<Option<String>>,
    /// The active organization's id.
    pub org_id: Signal<Option<String>>,
    /// The active organization role, `org:`-prefixed.
    pub org_role: Signal<Option<String>>,
    /// The active organization's slug.
    pub org_slug: Signal<Option<String>>,
    /// Signs out through clerk-js, then navigates to `after_sign_out_url`. Does nothing before
    /// clerk-js has loaded (and on the server).
    pub sign_out: Callback<()>,
}

/// The signed-in user: the Leptos form of Clerk's `useUser()`.
#[derive(Clone, Copy, Debug)]
pub struct UseUser {
    /// Whether `user` is known: always when signed out; when signed in, once the server sent the
    /// profile (`load_user`) or clerk-js loaded.
    pub is_loaded: Signal<bool>,
    /// As in [`UseAuth::is_signed_in`].
    pub is_signed_in: Signal<Option<bool>>,
    /// The user's public profile.
    pub user: Signal<Option<UserSnapshot>>,
}

/// Auth state and actions.
///
/// - **SSR / hydration:** the request's verified session (from `ClerkLayer`).
/// - **After clerk-js loads:** clerk-js's session, updated on sign-in, sign-out and token refresh.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::use_auth;
///
/// #[component]
/// fn Greeting() -> impl IntoView {
///     let auth = use_auth();
///     view! { <p>{move || auth.user_id.get().unwrap_or_else(|| "signed out".into())}</p> }
/// }
/// ```
///
/// # Panics
/// Outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
#[track_caller]
pub fn use_auth() -> UseAuth {
    auth_from(use_clerk_context())
}

/// [`use_auth`], or `None` outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
pub fn try_use_auth() -> Option<UseAuth> {
    try_use_clerk_context().map(auth_from)
}

/// The signed-in user's public profile.
///
/// - **SSR / hydration:** the profile the server loaded for this request (`load_user = true`,
///   the default), so the HTML already shows the user's name.
/// - **After clerk-js loads:** `Clerk.user`, updated when the profile changes.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::use_user;
///
/// #[component]
/// fn Hello() -> impl IntoView {
///     let user = use_user().user;
///     view! { <h1>"Hello, " {move || user.get().and_then(|u| u.first_name)}</h1> }
/// }
/// ```
///
/// # Panics
/// Outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
#[track_caller]
pub fn use_user() -> UseUser {
    user_from(use_clerk_context())
}

/// [`use_user`], or `None` outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
pub fn try_use_user() -> Option<UseUser> {
    try_use_clerk_context().map(user_from)
}

/// clerk-js's status: `Loading` until `Clerk.load()` resolves, then `Ready` (or `Failed`).
///
/// # Panics
/// Outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
#[track_caller]
pub fn use_clerk_status() -> Signal<ClerkStatus> {
    use_clerk_context().status()
}

fn auth_from(ctx: ClerkContext) -> UseAuth {
    let auth = ctx.auth;
    let field = move |get: fn(&crate::AuthSnapshot) -> Option<String>| {
        Signal::derive(move || auth.with(get))
    };
    UseAuth {
        is_loaded: Signal::derive(|| true),
        is_signed_in: Signal::derive(move || Some(auth.with(|a| a.is_signed_in()))),
        user_id: field(|a| a.user_id.clone()),
        session_id: field(|a| a.session_id.clone()),
        org_id: field(|a| a.org_id.clone()),
        org_role: field(|a| a.org_role.clone()),
        org_slug: field(|a| a.org_slug.clone()),
        sign_out: Callback::new(move |()| sign_out(ctx)),
    }
}

fn user_from(ctx: ClerkContext) -> UseUser {
    let auth = ctx.auth;
    let status = ctx.status;
    UseUser {
        is_loaded: Signal::derive(move || {
            auth.with(|a| !a.is_signed_in() || a.user.is_some()) || status.get().is_loaded()
        }),
        is_signed_in: Signal::derive(move || Some(auth.with(|a| a.is_signed_in()))),
        user: Signal::derive(move || auth.with(|a| a.user.clone())),
    }
}

fn sign_out(ctx: ClerkContext) {
    #[cfg(feature = "hydrate")]
    crate::browser::sign_out(ctx);
    #[cfg(not(feature = "hydrate"))]
    let _ = ctx;
}
