//! `/sso-callback`: where Google sends the browser back to after "Continue with Google" on
//! `/custom-sign-in` (`use_sign_in().authenticate_with_redirect`). Clerk's
//! `<AuthenticateWithRedirectCallback/>` finishes the sign-in there: a known user is signed in,
//! a new address becomes a new user, and either lands on the dashboard. A user with a second
//! factor finishes on Clerk's `<SignIn/>`; a cancelled sign-in goes to it too, which says why.

use leptos::prelude::*;
use leptos_clerk::{
    use_clerk_status, AuthenticateWithRedirectCallback, ClerkApiError, ClerkFailed, ClerkStatus,
};

use super::custom_sign_in::AFTER_SIGN_IN;

#[component]
pub fn SsoCallback() -> impl IntoView {
    let status = use_clerk_status();
    let error = RwSignal::new(None::<String>);
    let failed = Callback::new(move |refused: ClerkApiError| {
        // That clerk-js did not load, `<ClerkFailed>` below says already.
        if status.get_untracked() != ClerkStatus::Failed {
            error.set(Some(refused.message));
        }
    });
    view! {
        <section class="centered">
            <h1>"Signing you in…"</h1>
            <AuthenticateWithRedirectCallback
                sign_in_fallback_redirect_url=AFTER_SIGN_IN
                sign_up_fallback_redirect_url=AFTER_SIGN_IN
                first_factor_url="/sign-in/factor-one"
                second_factor_url="/sign-in/factor-two"
                continue_sign_up_url="/sign-up/continue"
                on_error=failed
            />
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="error" role="alert">
                                {message} " Try again: " <a href="/custom-sign-in">"sign in"</a>
                                " or " <a href="/custom-sign-up">"sign up"</a> "."
                            </p>
                        }
                    })
            }}
            <ClerkFailed>
                <p class="error">"Signing in is unavailable right now: Clerk did not load."</p>
            </ClerkFailed>
            // A new address becomes a sign-up here, which Clerk's bot protection checks.
            <div id="clerk-captcha"></div>
        </section>
    }
}
