//! `/custom-sign-up`: a sign-up form of the app's own design instead of Clerk's `<SignUp/>`, as
//! Clerk's "custom email/password flow" builds it with `useSignUp()`: `create_with_password`;
//! then, where the instance verifies email addresses (Clerk's default), the code it emails
//! (`prepare_email_code`, `attempt_email_code`); then `set_active` with the new session. Names,
//! a phone number or Google stay on Clerk's `/sign-up`.

use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_clerk::{
    use_sign_up, ClerkApiError, ClerkFailed, SignUpAttempt, SignUpStatus, SignedIn, SignedOut,
    UseSignUp,
};

/// Where a completed sign-up goes.
const AFTER_SIGN_UP: &str = "/dashboard";

/// What a sign-up step came to, for the form.
enum Next {
    /// Signed in: the router is on its way to [`AFTER_SIGN_UP`].
    Done,
    /// Clerk emailed a code: the form asks for it.
    EmailCode,
}

#[component]
pub fn CustomSignUpPage() -> impl IntoView {
    let sign_up = use_sign_up();
    // Read when the form is sent: the browser may have filled them in before hydration, which
    // fields bound to signals would overwrite.
    let (email, password, code) = (
        NodeRef::<Input>::new(),
        NodeRef::<Input>::new(),
        NodeRef::<Input>::new(),
    );
    let value = |input: NodeRef<Input>| input.get().map(|i| i.value()).unwrap_or_default();
    // The address the code went to, once Clerk sent one.
    let code_sent_to = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Runs one step at a time, and shows its outcome.
    let run = move |step: Step| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match step.run(sign_up).await {
                Ok(Next::Done) => {}
                Ok(Next::EmailCode) => {
                    if let Step::Details { email, .. } = step {
                        code_sent_to.set(Some(email));
                    }
                }
                Err(message) => error.set(Some(message)),
            }
            busy.set(false);
        });
    };
    let send_details = move |event: SubmitEvent| {
        event.prevent_default();
        run(Step::Details {
            email: value(email),
            password: value(password),
        });
    };
    let send_code = move |event: SubmitEvent| {
        event.prevent_default();
        run(Step::Code(value(code)));
    };
    let details_form = move || {
        view! {
            <form id="custom-sign-up" class="stacked" on:submit=send_details>
                <label>
                    "Email address"
                    <input type="email" name="emailAddress" autocomplete="email" required node_ref=email/>
                </label>
                <label>
                    "Password"
                    <input type="password" name="password" autocomplete="new-password" required node_ref=password/>
                </label>
                // Where Clerk's bot protection (on by default) puts its CAPTCHA when it asks for one.
                <div id="clerk-captcha"></div>
                // Disabled in the server's HTML: the form works through clerk-js only.
                <button type="submit" class="button" disabled=move || !sign_up.is_loaded.get() || busy.get()>
                    "Sign up"
                </button>
            </form>
        }
    };
    let code_form = move |sent_to: String| {
        view! {
            <form id="custom-sign-up-code" class="stacked" on:submit=send_code>
                <p>"We emailed a code to " <strong>{sent_to}</strong> "."</p>
                <label>
                    "Code"
                    <input name="code" inputmode="numeric" autocomplete="one-time-code" required node_ref=code/>
                </label>
                <button type="submit" class="button" disabled=move || busy.get()>"Verify"</button>
                <button type="button" class="link" disabled=move || busy.get() on:click=move |_| run(Step::NewCode)>
                    "Send a new code"
                </button>
            </form>
        }
    };
    view! {
        <section class="centered">
            <h1>"Sign up with the app's own form"</h1>
            <SignedIn>
                <p id="custom-sign-up-done">"You are signed in. Go to your " <a href=AFTER_SIGN_UP>"dashboard"</a> "."</p>
            </SignedIn>
            <SignedOut>
                {move || match code_sent_to.get() {
                    None => details_form().into_any(),
                    Some(sent_to) => code_form(sent_to).into_any(),
                }}
                {move || error.get().map(|message| view! { <p id="custom-sign-up-error" class="error" role="alert">{message}</p> })}
                <ClerkFailed>
                    <p class="error">"Signing up is unavailable right now: Clerk did not load."</p>
                </ClerkFailed>
                <p class="hint">"Already have an account? " <a href="/custom-sign-in">"Sign in"</a> "."</p>
            </SignedOut>
        </section>
    }
}

/// One step of the sign-up, with what the user typed for it.
#[derive(Clone)]
enum Step {
    /// The email address and password: starts the sign-up.
    Details { email: String, password: String },
    /// The emailed code.
    Code(String),
    /// Another code, the last one lost or expired.
    NewCode,
}

impl Step {
    /// Sends this step to Clerk; a new code when the address still waits for one, else the
    /// sign-in that completes the sign-up.
    async fn run(&self, sign_up: UseSignUp) -> Result<Next, String> {
        let message = |refused: ClerkApiError| refused.message;
        let attempt = match self {
            Self::Details { email, password } => {
                sign_up.create_with_password(email, password).await
            }
            Self::Code(code) => sign_up.attempt_email_code(code).await,
            Self::NewCode => {
                sign_up.prepare_email_code().await.map_err(message)?;
                return Ok(Next::EmailCode);
            }
        }
        .map_err(message)?;
        if attempt.needs_email_code() {
            sign_up.prepare_email_code().await.map_err(message)?;
            return Ok(Next::EmailCode);
        }
        finish(sign_up, attempt).await
    }
}

/// Makes a completed sign-up's session active, or says why this form cannot finish it.
async fn finish(sign_up: UseSignUp, attempt: SignUpAttempt) -> Result<Next, String> {
    let missing = attempt.missing_fields.join(", ");
    match (attempt.status, attempt.created_session_id) {
        (SignUpStatus::Complete, Some(session)) => sign_up
            .set_active(&session, Some(AFTER_SIGN_UP))
            .await
            .map(|()| Next::Done)
            .map_err(|refused| refused.message),
        (SignUpStatus::MissingRequirements, _) if !missing.is_empty() => Err(format!(
            "This app also asks for {missing}: sign up on Clerk's page instead."
        )),
        (status, _) => Err(format!(
            "Signing up could not finish here ({status:?}): sign up on Clerk's page instead."
        )),
    }
}
