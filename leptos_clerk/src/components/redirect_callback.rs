//! `<AuthenticateWithRedirectCallback/>`: the page an OAuth provider sends the browser back to,
//! in a sign-in flow of your own.

use leptos::prelude::*;
use serde_json::Value;

use super::host::Props;
use crate::client;
use crate::ClerkApiError;

/// Finishes a sign-in started with
/// [`UseSignIn::authenticate_with_redirect`](crate::UseSignIn::authenticate_with_redirect), on
/// the page given as its `redirect_url`: clerk-js's `handleRedirectCallback`, as Clerk's React
/// component of the same name calls it. It renders nothing.
///
/// Once clerk-js has loaded it reads the browser's sign-in as the provider left it and:
/// - a known user: makes the new session active and navigates to the sign-in's redirect URL
///   (`sign_in_force_redirect_url`, else `sign_in_fallback_redirect_url`, else `/`; clerk-js
///   does not read the `redirect_url_complete` the sign-in started with, so give these the same
///   path);
/// - an address with no user: turns the sign-in into a sign-up (clerk-js's transfer) and, once
///   the user is made, navigates to the sign-up's redirect URL; a sign-up that needs more
///   (names, legal consent) goes on at `continue_sign_up_url`;
/// - a sign-in that needs another factor goes to `first_factor_url` or `second_factor_url`
///   (Clerk's `<SignIn/>` at its step); a cancelled or refused one goes to `sign_in_url`, where
///   Clerk's `<SignIn/>` shows why.
///
/// A sign-up that may be transferred needs Clerk's bot protection: put
/// `<div id="clerk-captcha"></div>` on the same page.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::AuthenticateWithRedirectCallback;
///
/// #[component]
/// fn SsoCallback() -> impl IntoView {
///     view! {
///         <p>"Signing you in…"</p>
///         <AuthenticateWithRedirectCallback
///             sign_in_fallback_redirect_url="/dashboard"
///             sign_up_fallback_redirect_url="/dashboard"
///         />
///         <div id="clerk-captcha"></div>
///     }
/// }
/// ```
#[component]
pub fn AuthenticateWithRedirectCallback(
    /// Where a signed-in user goes unless a force URL (this component's or the provider's
    /// options') says otherwise.
    #[prop(optional, into)]
    sign_in_fallback_redirect_url: Option<String>,
    /// Where a signed-in user always goes.
    #[prop(optional, into)]
    sign_in_force_redirect_url: Option<String>,
    /// Where a new user goes unless a force URL says otherwise.
    #[prop(optional, into)]
    sign_up_fallback_redirect_url: Option<String>,
    /// Where a new user always goes.
    #[prop(optional, into)]
    sign_up_force_redirect_url: Option<String>,
    /// Where a cancelled or refused sign-in goes; defaults to the instance's sign-in URL, whose
    /// `<SignIn/>` shows the provider's error.
    #[prop(optional, into)]
    sign_in_url: Option<String>,
    /// Clerk's `<SignIn/>` at its first-factor step (e.g. `/sign-in/factor-one`); defaults to
    /// the instance's sign-in URL with `#/factor-one`.
    #[prop(optional, into)]
    first_factor_url: Option<String>,
    /// Clerk's `<SignIn/>` at its second-factor step (e.g. `/sign-in/factor-two`); defaults to
    /// the instance's sign-in URL with `#/factor-two`.
    #[prop(optional, into)]
    second_factor_url: Option<String>,
    /// The sign-up page; defaults to the instance's sign-up URL.
    #[prop(optional, into)]
    sign_up_url: Option<String>,
    /// Where a sign-up that needs more than the provider gave goes on (Clerk's `<SignUp/>` at
    /// its `continue` step, e.g. `/sign-up/continue`).
    #[prop(optional, into)]
    continue_sign_up_url: Option<String>,
    /// Any other of clerk-js's `handleRedirectCallback` parameters, as a JSON object with
    /// Clerk's camelCase names; the props above take precedence.
    #[prop(optional)]
    props: Option<Value>,
    /// Called with clerk-js's error when it could not finish (clerk-js did not load, the
    /// Frontend API refused); by default the error is logged to the console.
    #[prop(optional, into)]
    on_error: Option<Callback<ClerkApiError>>,
) -> impl IntoView {
    let params = Props::from_other(props)
        .set_some("signInFallbackRedirectUrl", sign_in_fallback_redirect_url)
        .set_some("signInForceRedirectUrl", sign_in_force_redirect_url)
        .set_some("signUpFallbackRedirectUrl", sign_up_fallback_redirect_url)
        .set_some("signUpForceRedirectUrl", sign_up_force_redirect_url)
        .set_some("signInUrl", sign_in_url)
        .set_some("firstFactorUrl", first_factor_url)
        .set_some("secondFactorUrl", second_factor_url)
        .set_some("signUpUrl", sign_up_url)
        .set_some("continueSignUpUrl", continue_sign_up_url)
        .build();
    // Once, after hydration (an effect never runs on the server).
    Effect::new(move |_| {
        let params = params.clone();
        leptos::task::spawn_local(async move {
            if let Err(error) = client::handle_redirect_callback(&params).await {
                // The page may be gone by now (clerk-js can take seconds to fail): its callback
                // with it.
                let reported = on_error.and_then(|on_error| on_error.try_run(error.clone()));
                if reported.is_none() {
                    leptos::logging::error!(
                        "leptos_clerk: AuthenticateWithRedirectCallback: {error}"
                    );
                }
            }
        });
    });
}
