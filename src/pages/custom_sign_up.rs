//! `/custom-sign-up`: a sign-up form of the app's own design instead of Clerk's `<SignUp/>`, as
//! Clerk's "custom email/password flow" builds it with `useSignUp()`: `create_with_password`;
//! then, where the instance verifies email addresses (Clerk's default), the code it emails
//! (`prepare_email_code`, `attempt_email_code`); then `set_active` with the new session. A
//! sign-up that needs more (names, a phone number, legal consent: the instance's settings) is
//! handed to Clerk's `<SignUp/>` at `/sign-up/continue`, which continues it. "Continue with
//! Google" is Clerk's custom OAuth flow (`super::continue_with_google`).

use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_clerk::{
    use_sign_up, ClerkApiError, ClerkFailed, SignUpAttempt, SignUpStatus, SignedIn, SignedOut,
    UseSignUp, NO_SIGN_UP,
};
use leptos_router::hooks::use_navigate;

use super::continue_with_google::{ContinueWithGoogle, Intent};

/// Where a completed sign-up goes.
const AFTER_SIGN_UP: &str = "/dashboard";
/// Clerk's `<SignUp/>` continuing the sign-up in progress, coming back to [`AFTER_SIGN_UP`].
const CONTINUE_ON_CLERKS_PAGE: &str = "/sign-up/continue?redirect_url=%2Fdashboard";

/// What a sign-up step came to, for the form.
enum Next {
    /// Signed in: the router is on its way to [`AFTER_SIGN_UP`].
    Done,
    /// The address waits for its code: the form asks for it, with a notice (a new code was sent)
    /// or an error (no code could be sent: "Send a new code" tries again).
    AskForCode {
        notice: Option<&'static str>,
        error: Option<String>,
    },
    /// The instance asks for more than this form does: Clerk's page continues.
    ContinueOnClerksPage,
    /// No sign-up is in progress any more (it expired): the form starts again, saying why.
    StartAgain(String),
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
    // What Clerk said about the form as a whole, and beside each field.
    let error = RwSignal::new(None::<String>);
    let field_errors = RwSignal::new(FieldErrors::default());
    let notice = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    // Stored, so that the handlers stay `Copy`.
    let navigate = StoredValue::new_local(use_navigate());
    // Runs one step at a time, and shows its outcome.
    let run = move |step: Step| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        field_errors.set(FieldErrors::default());
        notice.set(None);
        spawn_local(async move {
            match step.run(sign_up).await {
                Ok(Next::Done) => {}
                Ok(Next::AskForCode {
                    notice: sent,
                    error: not_sent,
                }) => {
                    if let Step::Details { email, .. } = step {
                        code_sent_to.set(Some(email));
                    }
                    notice.set(sent);
                    error.set(not_sent);
                }
                Ok(Next::ContinueOnClerksPage) => navigate
                    .with_value(|navigate| navigate(CONTINUE_ON_CLERKS_PAGE, Default::default())),
                Ok(Next::StartAgain(why)) => {
                    code_sent_to.set(None);
                    error.set(Some(why));
                }
                Err(refusal) => {
                    error.set(refusal.form);
                    field_errors.set(refusal.fields);
                }
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
                <FieldError id="custom-sign-up-email-error" message=move || field_errors.with(|f| f.email.clone())/>
                <label>
                    "Password"
                    <input type="password" name="password" autocomplete="new-password" required node_ref=password/>
                </label>
                <FieldError id="custom-sign-up-password-error" message=move || field_errors.with(|f| f.password.clone())/>
                // Where Clerk's bot protection (on by default) puts its CAPTCHA when it asks for one.
                <div id="clerk-captcha"></div>
                // Disabled in the server's HTML: the form works through clerk-js only.
                <button type="submit" class="button" disabled=move || !sign_up.is_loaded.get() || busy.get()>
                    "Sign up"
                </button>
                <ContinueWithGoogle intent=Intent::SignUp landing=AFTER_SIGN_UP busy error/>
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
                <button type="button" class="link" disabled=move || busy.get() on:click=move |_| {
                    code_sent_to.set(None);
                    error.set(None);
                    field_errors.set(FieldErrors::default());
                    notice.set(None);
                }>
                    "Use another address"
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
                {move || notice.get().map(|message| view! { <p id="custom-sign-up-notice" role="status">{message}</p> })}
                {move || error.get().map(|message| view! { <p id="custom-sign-up-error" class="error" role="alert">{message}</p> })}
                <ClerkFailed>
                    <p class="error">"Signing up is unavailable right now: Clerk did not load."</p>
                </ClerkFailed>
                <p class="hint">"Already have an account? " <a href="/custom-sign-in">"Sign in"</a> "."</p>
            </SignedOut>
        </section>
    }
}

/// Clerk's words about a field, under it.
#[component]
fn FieldError(
    id: &'static str,
    message: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl IntoView {
    move || {
        message()
            .map(|message| view! { <p id=id class="error field-error" role="alert">{message}</p> })
    }
}

/// The messages that belong beside the form's fields.
#[derive(Clone, Default)]
struct FieldErrors {
    email: Option<String>,
    password: Option<String>,
}

/// Why a step did not go through: Clerk refuses a form once, with an error for each field that
/// is wrong (a taken address and a short password together). Those about a field go beside it;
/// the rest, and the form's own messages, under the form.
struct Refusal {
    fields: FieldErrors,
    form: Option<String>,
}

/// Clerk's names of the fields this form has.
const EMAIL_FIELD: &str = "email_address";
const PASSWORD_FIELD: &str = "password";

impl From<ClerkApiError> for Refusal {
    fn from(refused: ClerkApiError) -> Self {
        let beside = |field| refused.for_field(field).map(str::to_owned);
        let elsewhere: Vec<&str> = refused
            .errors()
            .filter(|e| !matches!(e.param.as_deref(), Some(EMAIL_FIELD | PASSWORD_FIELD)))
            .map(|e| e.message.as_str())
            .collect();
        Self {
            fields: FieldErrors {
                email: beside(EMAIL_FIELD),
                password: beside(PASSWORD_FIELD),
            },
            form: (!elsewhere.is_empty()).then(|| elsewhere.join(" ")),
        }
    }
}

impl From<String> for Refusal {
    fn from(message: String) -> Self {
        Self {
            fields: FieldErrors::default(),
            form: Some(message),
        }
    }
}

/// One step of the sign-up, with what the user typed for it.
enum Step {
    /// The email address and password: starts the sign-up.
    Details { email: String, password: String },
    /// The emailed code.
    Code(String),
    /// Another code, the last one lost or expired.
    NewCode,
}

impl Step {
    /// Sends this step to Clerk; then a code when the address waits for one, else the sign-in
    /// that completes the sign-up.
    async fn run(&self, sign_up: UseSignUp) -> Result<Next, Refusal> {
        let attempt = match self {
            Self::Details { email, password } => {
                sign_up.create_with_password(email, password).await
            }
            Self::Code(code) => sign_up.attempt_email_code(code).await,
            Self::NewCode => {
                return match sign_up.prepare_email_code().await {
                    Ok(_) => Ok(Next::AskForCode {
                        notice: Some("We sent a new code."),
                        error: None,
                    }),
                    Err(refused) => refused_step(refused),
                }
            }
        };
        let attempt = match attempt {
            Ok(attempt) => attempt,
            Err(refused) => return refused_step(refused),
        };
        if attempt.needs_email_code() {
            let not_sent = sign_up.prepare_email_code().await.err();
            return Ok(Next::AskForCode {
                notice: None,
                error: not_sent.map(|refused| refused.message),
            });
        }
        finish(sign_up, attempt).await.map_err(Refusal::from)
    }
}

/// A refused step: start again when the sign-up is gone, else say why.
fn refused_step(refused: ClerkApiError) -> Result<Next, Refusal> {
    if refused.code.as_deref() == Some(NO_SIGN_UP) {
        return Ok(Next::StartAgain(refused.message));
    }
    Err(refused.into())
}

/// Makes a completed sign-up's session active, or hands what is left to Clerk's page.
async fn finish(sign_up: UseSignUp, attempt: SignUpAttempt) -> Result<Next, String> {
    match (attempt.status, attempt.created_session_id) {
        (SignUpStatus::Complete, Some(session)) => sign_up
            .set_active(&session, Some(AFTER_SIGN_UP))
            .await
            .map(|()| Next::Done)
            .map_err(|refused| refused.message),
        (SignUpStatus::MissingRequirements, _) => Ok(Next::ContinueOnClerksPage),
        (SignUpStatus::Abandoned, _) => Ok(Next::StartAgain(
            "This sign-up expired: start again.".to_owned(),
        )),
        (status, _) => Err(format!(
            "Signing up could not finish here ({status:?}): sign up on Clerk's page instead."
        )),
    }
}
