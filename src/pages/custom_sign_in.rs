//! `/custom-sign-in`: a sign-in form of the app's own design instead of Clerk's `<SignIn/>`, as
//! Clerk's "custom email/password flow" builds it with `useSignIn()`: `create_with_password`,
//! then `set_active` with the new session; or, without a password, its "email code" flow:
//! `create_with_email_code` (Clerk emails a code), then `attempt_email_code`. A sign-in that needs more than the password (a
//! second factor, or a code for a browser new to the user) is handed to Clerk's `<SignIn/>` at
//! `/sign-in/factor-two`, which continues it. "Continue with Google" is Clerk's custom OAuth
//! flow (`super::continue_with_google`). `/custom-sign-up` is the sign-up of the same design.

use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_clerk::{
    use_sign_in, ClerkFailed, SignInAttempt, SignInStatus, SignedIn, SignedOut, UseSignIn,
    NO_SIGN_IN,
};
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
    /// Clerk emailed a code: the form asks for it.
    AskForCode,
    /// No sign-in is in progress any more (it expired): the form starts again, saying why.
    StartAgain(String),
}

/// One step of the form.
#[derive(Clone)]
enum Step {
    /// Email address and password.
    Password { email: String, password: String },
    /// "Email me a code instead" (again: "Send a new code").
    SendCode { email: String },
    /// The emailed code.
    Code(String),
}

impl Step {
    /// Runs the step; what is left to do, or the message to show.
    async fn run(&self, sign_in: UseSignIn) -> Result<Next, String> {
        let attempt = match self {
            Self::Password { email, password } => {
                sign_in.create_with_password(email, password).await
            }
            Self::SendCode { email } => match sign_in.create_with_email_code(email).await {
                Ok(sent) if sent.status == SignInStatus::NeedsFirstFactor => {
                    return Ok(Next::AskForCode);
                }
                attempt => attempt,
            },
            Self::Code(code) => match sign_in.attempt_email_code(code).await {
                Err(over) if over.code.as_deref() == Some(NO_SIGN_IN) => {
                    return Ok(Next::StartAgain(over.message));
                }
                attempt => attempt,
            },
        };
        finish(sign_in, attempt.map_err(|refused| refused.message)?).await
    }
}

#[component]
pub fn CustomSignInPage() -> impl IntoView {
    let sign_in = use_sign_in();
    // Stored, so that the form's handler stays `Copy` (the view re-renders `<SignedOut>`'s
    // children when the user signs out).
    let navigate = StoredValue::new_local(use_navigate());
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
    // "A new code is on its way", after "Send a new code".
    let notice = RwSignal::new(None::<&'static str>);
    let signing_in = RwSignal::new(false);
    // Runs one step at a time, and shows its outcome.
    let run = move |step: Step| {
        if signing_in.get_untracked() {
            return;
        }
        signing_in.set(true);
        error.set(None);
        notice.set(None);
        spawn_local(async move {
            match step.run(sign_in).await {
                Ok(Next::Done) => {}
                Ok(Next::FinishOnClerksPage) => navigate
                    .with_value(|navigate| navigate(FINISH_ON_CLERKS_PAGE, Default::default())),
                Ok(Next::AskForCode) => {
                    if let Step::SendCode { email } = step {
                        // Again to the same address: the code form stays, with what is typed.
                        if code_sent_to.get_untracked().as_ref() == Some(&email) {
                            notice.set(Some("A new code is on its way."));
                        } else {
                            code_sent_to.set(Some(email));
                        }
                    }
                }
                Ok(Next::StartAgain(why)) => {
                    code_sent_to.set(None);
                    error.set(Some(why));
                }
                Err(message) => error.set(Some(message)),
            }
            signing_in.set(false);
        });
    };
    let submit_password = move |event: SubmitEvent| {
        event.prevent_default();
        run(Step::Password {
            email: value(email),
            password: value(password),
        });
    };
    let send_code = move |_| match value(email).trim() {
        "" => error.set(Some("Enter your email address first.".to_owned())),
        email => run(Step::SendCode {
            email: email.to_owned(),
        }),
    };
    let submit_code = move |event: SubmitEvent| {
        event.prevent_default();
        run(Step::Code(value(code)));
    };
    let error_line = move || {
        error
            .get()
            .map(|message| view! { <p class="error" role="alert">{message}</p> })
    };
    let password_form = move || {
        view! {
            <form id="custom-sign-in" class="stacked" on:submit=submit_password>
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
                <button
                    type="button"
                    class="link"
                    disabled=move || !sign_in.is_loaded.get() || signing_in.get()
                    on:click=send_code
                >
                    "Email me a code instead"
                </button>
                <ContinueWithGoogle intent=Intent::SignIn landing=AFTER_SIGN_IN busy=signing_in error/>
                {error_line}
                <ClerkFailed>
                    <p class="error">"Signing in is unavailable right now: Clerk did not load."</p>
                </ClerkFailed>
            </form>
        }
    };
    // The code box takes the focus when it appears (the button that showed it is gone).
    Effect::new(move |_| {
        if let Some(input) = code.get() {
            let _ = input.focus();
        }
    });
    let code_form = move |sent_to: String| {
        let resend = sent_to.clone();
        view! {
            <form id="custom-sign-in-code" class="stacked" on:submit=submit_code>
                <p role="status">"We emailed a code to " <strong>{sent_to}</strong> "."</p>
                <label>
                    "Code"
                    <input name="code" inputmode="numeric" autocomplete="one-time-code" required node_ref=code/>
                </label>
                <button type="submit" class="button" disabled=move || signing_in.get()>"Verify"</button>
                <button
                    type="button"
                    class="link"
                    disabled=move || signing_in.get()
                    on:click=move |_| run(Step::SendCode { email: resend.clone() })
                >
                    "Send a new code"
                </button>
                <button type="button" class="link" disabled=move || signing_in.get() on:click=move |_| {
                    code_sent_to.set(None);
                    error.set(None);
                }>
                    "Sign in another way"
                </button>
                {move || notice.get().map(|text| view! { <p class="hint" role="status" id="custom-sign-in-notice">{text}</p> })}
                {error_line}
            </form>
        }
    };
    view! {
        <section class="centered">
            <h1>"Sign in with the app's own form"</h1>
            <SignedIn>
                <p id="custom-sign-in-done">"You are signed in. Go to your " <a href=AFTER_SIGN_IN>"dashboard"</a> "."</p>
            </SignedIn>
            <SignedOut>
                {move || match code_sent_to.get() {
                    None => password_form().into_any(),
                    Some(sent_to) => code_form(sent_to).into_any(),
                }}
                <p class="hint">"No account yet? " <a href="/custom-sign-up">"Sign up"</a> "."</p>
            </SignedOut>
        </section>
    }
}

/// Makes a completed sign-in's session active, or says what is left to do.
async fn finish(sign_in: UseSignIn, attempt: SignInAttempt) -> Result<Next, String> {
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
