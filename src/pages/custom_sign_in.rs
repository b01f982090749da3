//! `/custom-sign-in`: a sign-in form of the app's own design instead of Clerk's `<SignIn/>`, as
//! Clerk's "custom email/password flow" builds it with `useSignIn()`: `create_with_password`,
//! then `set_active` with the new session. A sign-in that needs more than the password (a
//! second factor, or a code for a browser new to the user) is handed to Clerk's `<SignIn/>` at
//! `/sign-in/factor-two`, which continues it. "Continue with Google" is Clerk's custom OAuth
//! flow (`super::continue_with_google`). `/custom-sign-up` is the sign-up of the same design.

use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_clerk::{use_sign_in, ClerkFailed, SignInStatus, SignedIn, SignedOut, UseSignIn};
use leptos_router::hooks::use_navigate;

use super::continue_with_google::{ContinueWithGoogle, Intent};

/// Where a completed sign-in goes.
pub(super) const AFTER_SIGN_IN: &str = "/dashboard";
/// Clerk's `<SignIn/>` at its second-factor step, coming back to [`AFTER_SIGN_IN`].
const FINISH_ON_CLERKS_PAGE: &str = "/sign-in/factor-two?redirect_url=%2Fdashboard";

/// What a sign-in step came to, for the form.
enum Next {
    /// Signed in: the router is on its way to [`AFTER_SIGN_IN`].
    Done,
    /// Clerk's page finishes it.
    FinishOnClerksPage,
}

#[component]
pub fn CustomSignInPage() -> impl IntoView {
    let sign_in = use_sign_in();
    // Stored, so that the form's handler stays `Copy` (the view re-renders `<SignedOut>`'s
    // children when the user signs out).
    let navigate = StoredValue::new_local(use_navigate());
    // Read when the form is sent: the browser may have filled them in before hydration, which
    // fields bound to signals would overwrite.
    let (email, password) = (NodeRef::<Input>::new(), NodeRef::<Input>::new());
    let value = |input: NodeRef<Input>| input.get().map(|i| i.value()).unwrap_or_default();
    let error = RwSignal::new(None::<String>);
    let signing_in = RwSignal::new(false);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if signing_in.get_untracked() {
            return;
        }
        signing_in.set(true);
        error.set(None);
        let (email, password) = (value(email), value(password));
        spawn_local(async move {
            match sign_in_with(sign_in, &email, &password).await {
                Ok(Next::Done) => {}
                Ok(Next::FinishOnClerksPage) => navigate
                    .with_value(|navigate| navigate(FINISH_ON_CLERKS_PAGE, Default::default())),
                Err(message) => error.set(Some(message)),
            }
            signing_in.set(false);
        });
    };
    view! {
        <section class="centered">
            <h1>"Sign in with the app's own form"</h1>
            <SignedIn>
                <p id="custom-sign-in-done">"You are signed in. Go to your " <a href=AFTER_SIGN_IN>"dashboard"</a> "."</p>
            </SignedIn>
            <SignedOut>
                <form id="custom-sign-in" class="stacked" on:submit=submit>
                    <label>
                        "Email address"
                        <input type="email" name="identifier" autocomplete="username" required node_ref=email/>
                    </label>
                    <label>
                        "Password"
                        <input type="password" name="password" autocomplete="current-password" required node_ref=password/>
                    </label>
                    // Disabled in the server's HTML: the form works through clerk-js only.
                    <button
                        type="submit"
                        class="button"
                        disabled=move || !sign_in.is_loaded.get() || signing_in.get()
                    >
                        "Sign in"
                    </button>
                    <ContinueWithGoogle intent=Intent::SignIn landing=AFTER_SIGN_IN busy=signing_in error/>
                    {move || error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
                    <ClerkFailed>
                        <p class="error">"Signing in is unavailable right now: Clerk did not load."</p>
                    </ClerkFailed>
                </form>
                <p class="hint">"No account yet? " <a href="/custom-sign-up">"Sign up"</a> "."</p>
            </SignedOut>
        </section>
    }
}

/// Signs in with a password and makes the new session active; what is left to do, or the
/// message to show.
async fn sign_in_with(
    sign_in: UseSignIn,
    identifier: &str,
    password: &str,
) -> Result<Next, String> {
    let attempt = sign_in
        .create_with_password(identifier, password)
        .await
        .map_err(|refused| refused.message)?;
    match (attempt.status, attempt.created_session_id) {
        (SignInStatus::Complete, Some(session)) => sign_in
            .set_active(&session, Some(AFTER_SIGN_IN))
            .await
            .map(|()| Next::Done)
            .map_err(|refused| refused.message),
        (SignInStatus::NeedsSecondFactor | SignInStatus::NeedsClientTrust, _) => {
            Ok(Next::FinishOnClerksPage)
        }
        (status, _) => Err(format!(
            "Signing in could not finish here ({status:?}): use Clerk's sign-in page."
        )),
    }
}
