//! `/custom-sign-in`: a sign-in form of the app's own design instead of Clerk's `<SignIn/>`, as
//! Clerk's "custom email/password flow" builds it with `useSignIn()`: `create_with_password`,
//! then `set_active` with the new session. Clerk's own page (`/sign-in`) stays the way for
//! everything else (sign-up, a second factor, a forgotten password, Google).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_clerk::{use_sign_in, SignInStatus, SignedIn, SignedOut, UseSignIn};

/// Where a completed sign-in goes.
const AFTER_SIGN_IN: &str = "/dashboard";

#[component]
pub fn CustomSignInPage() -> impl IntoView {
    let sign_in = use_sign_in();
    let (email, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    let signing_in = RwSignal::new(false);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if signing_in.get_untracked() {
            return;
        }
        signing_in.set(true);
        error.set(None);
        spawn_local(async move {
            let (email, password) = (email.get_untracked(), password.get_untracked());
            if let Err(message) = sign_in_with(sign_in, &email, &password).await {
                error.set(Some(message));
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
                        <input type="email" name="identifier" autocomplete="username" required bind:value=email/>
                    </label>
                    <label>
                        "Password"
                        <input type="password" name="password" autocomplete="current-password" required bind:value=password/>
                    </label>
                    // Disabled in the server's HTML: the form works through clerk-js only.
                    <button
                        type="submit"
                        class="button"
                        disabled=move || !sign_in.is_loaded.get() || signing_in.get()
                    >
                        "Sign in"
                    </button>
                    {move || error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
                </form>
                <p class="hint">"No account, or a second factor to enter? " <a href="/sign-in">"Clerk's sign-in page"</a> " does it all."</p>
            </SignedOut>
        </section>
    }
}

/// Signs in with a password and makes the new session active; the message to show otherwise.
async fn sign_in_with(sign_in: UseSignIn, identifier: &str, password: &str) -> Result<(), String> {
    let attempt = sign_in
        .create_with_password(identifier, password)
        .await
        .map_err(|refused| refused.message)?;
    match (attempt.status, attempt.created_session_id) {
        (SignInStatus::Complete, Some(session)) => sign_in
            .set_active(&session, Some(AFTER_SIGN_IN))
            .await
            .map_err(|refused| refused.message),
        (SignInStatus::NeedsSecondFactor, _) => Err(
            "Your account asks for a second factor: sign in on Clerk's page instead.".to_owned(),
        ),
        (status, _) => Err(format!(
            "Signing in needs another step ({status:?}): use Clerk's page instead."
        )),
    }
}
