//! `<SignedIn>` / `<SignedOut>`: render children only in one auth state.
//!
//! They read the same state as [`use_auth`](crate::use_auth), so the server and the first client
//! render agree, and they switch without a reload when clerk-js reports a sign-in or sign-out.

use leptos::prelude::*;

use crate::use_auth;

/// Renders its children only when a user is signed in.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::SignedIn;
///
/// #[component]
/// fn Nav() -> impl IntoView {
///     view! { <SignedIn><a href="/dashboard">"Dashboard"</a></SignedIn> }
/// }
/// ```
#[component]
pub fn SignedIn(
    children: ChildrenFn,
    /// Shown instead while signed out.
    #[prop(optional, into)]
    fallback: ViewFn,
) -> impl IntoView {
    only_when_signed_in(true, children, fallback)
}

/// Renders its children only when no user is signed in.
#[component]
pub fn SignedOut(
    children: ChildrenFn,
    /// Shown instead while signed in.
    #[prop(optional, into)]
    fallback: ViewFn,
) -> impl IntoView {
    only_when_signed_in(false, children, fallback)
}

fn only_when_signed_in(wanted: bool, children: ChildrenFn, fallback: ViewFn) -> impl IntoView {
    let signed_in = use_auth().is_signed_in;
    view! {
        <Show when=move || signed_in.get() == Some(wanted) fallback=move || fallback.run()>
            {children()}
        </Show>
    }
}
