//! `<ClerkProvider>`: seeds the auth state from the server's snapshot and, after hydration,
//! hands it over to clerk-js.

use leptos::prelude::*;

use crate::page_state::PageState;
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
    /// Clerk's `appearance` object (JSON) for every Clerk component. To change it later (a
    /// theme the user picks): [`UseClerk::set_appearance`](crate::UseClerk::set_appearance).
    #[prop(optional, into)]
    appearance: Option<serde_json::Value>,
    /// Clerk's `localization` object (JSON); later:
    /// [`UseClerk::set_localization`](crate::UseClerk::set_localization).
    #[prop(optional, into)]
    localization: Option<serde_json::Value>,
    /// Any other option of `Clerk.load()`, as a JSON object: what Clerk's React `<ClerkProvider>`
    /// takes as its other props, such as `allowedRedirectOrigins`, `supportEmail`,
    /// `touchSession` or `selectInitialSession`. The options this SDK sets
    /// ([`SDK_LOAD_OPTIONS`](crate::SDK_LOAD_OPTIONS): the URLs and switches of
    /// Leptos.toml's `[clerk]`, which the server follows too, and the props above) are left out,
    /// each with a warning in the browser's console.
    #[prop(optional, into)]
    load_options: Option<serde_json::Value>,
) -> impl IntoView {
    let PageState { auth, mut options } = page_state();
    // Props are the same on both sides, so they need not travel in the page.
    options.appearance = appearance;
    options.localization = localization;
    options.load_options = load_options;
    let ctx = ClerkContext::new(auth, options);
    provide_context(ctx);
    crate::hooks::provide_shared_hooks(ctx);

    crate::client::connect(ctx);
    // `ProtectedRoute` and `<Redirect>` redirect through this: a real 302 for every page request.
    #[cfg(feature = "ssr")]
    leptos_router::components::provide_server_redirect(crate::server::redirect);

    children()
}

/// The state this page starts from: on the server, the request's (the same that
/// `<ClerkScripts/>` wrote into the page); while hydrating, what the server wrote.
fn page_state() -> PageState {
    #[cfg(feature = "ssr")]
    {
        PageState::clone(&request_page_state())
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        crate::client::read_page_state().unwrap_or_else(|| {
            leptos::logging::error!(
                "leptos_clerk: no page state in this page: put <ClerkScripts/> in the shell's \
                 <head> (see README, Setup); starting signed out"
            );
            PageState::default()
        })
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        PageState::default()
    }
}

/// This request's page state, made once: `<ClerkScripts/>` writes it into the `<head>`, and
/// `<ClerkProvider>` starts from it, so the page and the first render cannot disagree.
#[cfg(feature = "ssr")]
pub(crate) fn request_page_state() -> std::sync::Arc<PageState> {
    #[derive(Clone)]
    struct RequestPageState(std::sync::Arc<PageState>);

    if let Some(RequestPageState(state)) = use_context() {
        return state;
    }
    let state = std::sync::Arc::new(server_page_state());
    provide_context(RequestPageState(state.clone()));
    state
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
            waitlist_url: config.waitlist_url.clone(),
            task_urls: (!config.task_urls.is_empty()).then(|| serde_json::json!(config.task_urls)),
            after_sign_out_url: config.after_sign_out_url.clone(),
            is_satellite: config.is_satellite,
            satellite_auto_sync: config.satellite_auto_sync,
            treat_pending_as_signed_out: config.treat_pending_as_signed_out,
            telemetry: config.telemetry,
            ..ClerkOptions::default()
        },
    }
}
