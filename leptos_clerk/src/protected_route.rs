//! leptos_router's `ProtectedRoute`, driven by Clerk.

/// The `condition` of leptos_router's `ProtectedRoute`: `Some(true)` when signed in,
/// `Some(false)` when signed out (the route then redirects to `redirect_path`).
///
/// Pair it with [`sign_in_redirect_path`](crate::sign_in_redirect_path) and
/// `ssr=SsrMode::Async`: `ProtectedRoute` decides inside a `<Transition>`, which out-of-order
/// streaming sends after the response headers, so only an async render can turn a signed-out
/// page load into a real `302` (with streaming, the browser gets an empty page and then a
/// client-side redirect).
///
/// A lazy-loaded page (`#[lazy]`, `cargo leptos build --split`) awaited inside the `view`:
/// hydration does not wait for its chunk (it waits only for a `Lazy` route's), so after a page
/// load the chunk must be loaded before hydrating (the starter's `before_hydration`), or the
/// page be the `Lazy` child route of a `ProtectedParentRoute` (`view=Outlet`) instead.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::{is_signed_in, sign_in_redirect_path, ClerkProvider};
/// use leptos_router::{
///     components::{ProtectedRoute, Router, Routes},
///     path, SsrMode,
/// };
///
/// #[component]
/// fn Settings() -> impl IntoView {
///     "private"
/// }
///
/// #[component]
/// fn App() -> impl IntoView {
///     view! {
///         <Router>
///             <ClerkProvider>
///                 <Routes fallback=|| "not found">
///                     <ProtectedRoute
///                         path=path!("/settings")
///                         view=Settings
///                         condition=is_signed_in
///                         redirect_path=sign_in_redirect_path
///                         ssr=SsrMode::Async
///                     />
///                 </Routes>
///             </ClerkProvider>
///         </Router>
///     }
/// }
/// ```
///
/// # Panics
/// Outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
pub fn is_signed_in() -> Option<bool> {
    use leptos::prelude::Get;
    crate::use_auth().is_signed_in.get()
}
