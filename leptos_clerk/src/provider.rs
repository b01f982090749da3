//! `<ClerkProvider>`: seeds the auth state from the server's snapshot and, after hydration,
//! hands it over to clerk-js.

use leptos::prelude::*;

use crate::page_state::{PageState, PageStateText};
use crate::ClerkContext;

/// Provides Clerk to every hook and component below it.
///
/// Put it inside `<Router>` (Clerk's redirects become router navigations) and around your
/// routes. The script tags come from [`ClerkScripts`](crate::ClerkScripts) in the shell's `<head>`.
///
/// - **SSR:** reads the request's [`Auth`](crate::server::Auth) (set by `ClerkLayer`) and writes
///   it into the page.
/// - **Hydration:** reads that same state back, so the first client render matches the HTML.
/// - **After hydration:** waits for clerk-js, calls `Clerk.load(..)`, and follows it with
///   `addListener` (unsubscribed on cleanup).
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::ClerkProvider;
/// use leptos_router::components::Router;
///
/// #[component]
/// fn App() -> impl IntoView {
///     view! { <Router><ClerkProvider>"routes here"</ClerkProvider></Router> }
/// }
/// ```
#[component]
pub fn ClerkProvider(
    children: Children,
    /// Clerk's `appearance` object (JSON) for every Clerk component.
    #[prop(optional, into)]
    appearance: Option<serde_json::Value>,
    /// Clerk's `localization` object (JSON).
    #[prop(optional, into)]
    localization: Option<serde_json::Value>,
) -> impl IntoView {
    let PageStateText(PageState { auth, mut options }) =
        SharedValue::new_str(|| PageStateText(page_state())).into_inner();
    // Props are the same on both sides, so they need not travel in the page.
    options.appearance = appearance;
    options.localization = localization;
    let ctx = ClerkContext::new(auth, options);
    provide_context(ctx);
    crate::hooks::provide_shared_hooks(ctx);

    crate::client::connect(ctx);
    // `ProtectedRoute` and `<Redirect>` redirect through this: a real 302 for every page request.
    #[cfg(feature = "ssr")]
    leptos_router::components::provide_server_redirect(crate::server::redirect);

    children()
}

/// The server's view of this request. Only the server ever calls it: during hydration
/// `SharedValue` reads the value the server wrote instead.
fn page_state() -> PageState {
    #[cfg(feature = "ssr")]
    {
        server_page_state()
    }
    #[cfg(not(feature = "ssr"))]
    {
        PageState::default()
    }
}

#[cfg(feature = "ssr")]
fn server_page_state() -> PageState {
    use crate::server::{auth_from_context, clerk_from_context, session_user_from_context};
    use crate::ClerkOptions;

    // Leptos renders the app once with no request to list its routes: nothing to report then.
    if !crate::server::rendering_a_request() {
        return PageState::default();
    }
    let Some(clerk) = clerk_from_context() else {
        tracing::error!(
            "leptos_clerk: <ClerkProvider> rendered without ClerkLayer: add `clerk.layer()` to \
             the router (see README, Setup); rendering as signed out"
        );
        return PageState::default();
    };
    let config = clerk.config();
    let auth = auth_from_context().map(|auth| {
        let user = if config.load_user {
            session_user_from_context().map(|user| user.to_snapshot())
        } else {
            None
        };
        auth.to_snapshot(user)
    });
    PageState {
        auth: auth.unwrap_or_default(),
        options: ClerkOptions {
            sign_in_url: config.sign_in_url.clone(),
            sign_up_url: config.sign_up_url.clone(),
            sign_in_fallback_redirect_url: config.sign_in_fallback_redirect_url.clone(),
            sign_up_fallback_redirect_url: config.sign_up_fallback_redirect_url.clone(),
            sign_in_force_redirect_url: config.sign_in_force_redirect_url.clone(),
            sign_up_force_redirect_url: config.sign_up_force_redirect_url.clone(),
            after_sign_out_url: config.after_sign_out_url.clone(),
            is_satellite: config.is_satellite,
            telemetry: config.telemetry,
            ..ClerkOptions::default()
        },
    }
}
