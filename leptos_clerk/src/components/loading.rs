//! `<ClerkLoading>`, `<ClerkLoaded>`, `<ClerkDegraded>`, `<ClerkFailed>`: render by clerk-js's
//! status, which follows clerk-js after it has loaded too.
//!
//! On the server and during hydration clerk-js is always `Loading`, so `<ClerkLoading>` content
//! is what the HTML shows; it is swapped after clerk-js loads, never during hydration.

use leptos::prelude::*;

use crate::use_clerk_status;

/// Renders its children while clerk-js is loading (and in the server-rendered HTML).
#[component]
pub fn ClerkLoading(children: ChildrenFn) -> impl IntoView {
    let status = use_clerk_status();
    view! { <Show when=move || status.get() == crate::ClerkStatus::Loading>{children()}</Show> }
}

/// Renders its children once clerk-js is loaded (`ready` or `degraded`).
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::{ClerkLoaded, ClerkLoading};
///
/// #[component]
/// fn Status() -> impl IntoView {
///     view! {
///         <ClerkLoading>"Loading Clerk…"</ClerkLoading>
///         <ClerkLoaded>"Clerk is ready"</ClerkLoaded>
///     }
/// }
/// ```
#[component]
pub fn ClerkLoaded(children: ChildrenFn) -> impl IntoView {
    let status = use_clerk_status();
    view! { <Show when=move || status.get().is_loaded()>{children()}</Show> }
}

/// Renders its children while clerk-js reports `degraded` (a Clerk service is down, or its
/// requests fail for the network): the place to say that signing in may not work right now.
#[component]
pub fn ClerkDegraded(children: ChildrenFn) -> impl IntoView {
    let status = use_clerk_status();
    view! { <Show when=move || status.get() == crate::ClerkStatus::Degraded>{children()}</Show> }
}

/// Renders its children when clerk-js failed to load (blocked script, timeout); the reason is
/// in [`use_clerk`](crate::use_clerk)`().error`.
#[component]
pub fn ClerkFailed(children: ChildrenFn) -> impl IntoView {
    let status = use_clerk_status();
    view! { <Show when=move || status.get() == crate::ClerkStatus::Failed>{children()}</Show> }
}
