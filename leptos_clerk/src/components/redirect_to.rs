//! `<RedirectToSignIn/>` and `<RedirectToSignUp/>`: send a signed-out visitor to sign-in (or
//! sign-up), with the way back.

use leptos::prelude::*;

/// Sends the visitor to the sign-in page with `redirect_url` set to the current page.
///
/// Clerk's idiom for a protected page: `<SignedIn>` around the content and
/// `<SignedOut><RedirectToSignIn/></SignedOut>` beside it.
///
/// - **SSR:** answers `302 Location: /sign-in?redirect_url=<this page>` (the return address is
///   validated as same-origin), before any HTML is sent.
/// - **Browser:** a router navigation (replacing the history entry), e.g. when the user signs out
///   in another tab. During a sign-out started here it does nothing: Clerk navigates to
///   `after_sign_out_url` instead.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::{RedirectToSignIn, SignedIn, SignedOut};
///
/// #[component]
/// fn Dashboard() -> impl IntoView {
///     view! {
///         <SignedIn>"Private"</SignedIn>
///         <SignedOut><RedirectToSignIn/></SignedOut>
///     }
/// }
/// ```
#[component]
pub fn RedirectToSignIn() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::redirect_to_sign_in();

    #[cfg(not(feature = "ssr"))]
    redirect_in_browser(crate::sign_in_redirect_path());
}

/// Sends the visitor to the sign-up page with `redirect_url` set to the current page: as
/// [`RedirectToSignIn`], for the sign-up URL.
#[component]
pub fn RedirectToSignUp() -> impl IntoView {
    let ctx = crate::use_clerk_context();
    let target = crate::urls::redirect_path_to(&ctx.options().sign_up_url);

    #[cfg(feature = "ssr")]
    crate::server::redirect(&target);

    #[cfg(not(feature = "ssr"))]
    redirect_in_browser(target);
}

/// After hydration, replaces the current history entry with `target` (unless a sign-out started
/// here is under way: Clerk navigates then). A page on another origin (a satellite's primary
/// domain, Clerk's Account Portal) is a full page load; one on this site, a router navigation.
#[cfg(not(feature = "ssr"))]
fn redirect_in_browser(target: String) {
    use leptos_router::{hooks::use_navigate, NavigateOptions};

    let ctx = crate::use_clerk_context();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if ctx.signing_out.get_untracked() {
            return;
        }
        #[cfg(feature = "hydrate")]
        if crate::urls::is_absolute_http(&target) {
            if let Some(window) = web_sys::window() {
                let _ = window.location().replace(&target);
            }
            return;
        }
        let options = NavigateOptions {
            replace: true,
            ..NavigateOptions::default()
        };
        navigate(&target, options);
    });
}
