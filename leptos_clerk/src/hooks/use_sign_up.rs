//! `use_sign_up()`: a sign-up form of your own instead of Clerk's `<SignUp/>` (Clerk's
//! `useSignUp()`, as its "custom email/password flow" uses it).

use leptos::prelude::*;

use crate::client;
use crate::state::{try_use_clerk_context, use_clerk_context};
use crate::{ClerkApiError, ClerkContext, SignUpAttempt};

/// Sign-up steps for a form of your own: the Leptos form of Clerk's `useSignUp()`.
#[derive(Clone, Copy, Debug)]
pub struct UseSignUp {
    /// Whether clerk-js has loaded (the steps wait for it until then). `false` on the server and
    /// in the first client render, so hydration matches.
    pub is_loaded: Signal<bool>,
}

impl UseSignUp {
    /// Starts a sign-up with an email address and a password: clerk-js's
    /// `signUp.create({ emailAddress, password })`. On
    /// [`Complete`](crate::SignUpStatus::Complete) (the instance does not verify email
    /// addresses), [`set_active`](Self::set_active) signs the new user in; when
    /// [`needs_email_code`](SignUpAttempt::needs_email_code), [`prepare_email_code`](Self::prepare_email_code)
    /// comes next.
    ///
    /// With Clerk's bot protection on (a setting of the instance), the form must hold an element
    /// with `id="clerk-captcha"` when this is called: Clerk puts its CAPTCHA there, and the call
    /// waits until it is answered.
    ///
    /// # Errors
    /// Clerk's refusal (an address already taken: `form_identifier_exists`; a password found in a
    /// breach: `form_password_pwned`; too short: `form_password_length_too_short`; …) to show
    /// beside the field it names, or that clerk-js did not load.
    pub async fn create_with_password(
        self,
        email_address: &str,
        password: &str,
    ) -> Result<SignUpAttempt, ClerkApiError> {
        client::sign_up_with_password(email_address, password).await
    }

    /// Sends the sign-up's email address a one-time code: clerk-js's
    /// `signUp.prepareEmailAddressVerification({ strategy: "email_code" })`. Called again, it
    /// sends a new code.
    ///
    /// # Errors
    /// Clerk's refusal; [`NO_SIGN_UP`](crate::NO_SIGN_UP) when no sign-up is in progress (it
    /// expired); or that clerk-js did not load.
    pub async fn prepare_email_code(self) -> Result<SignUpAttempt, ClerkApiError> {
        client::prepare_email_code().await
    }

    /// Checks the code the user typed: clerk-js's
    /// `signUp.attemptEmailAddressVerification({ code })`. On
    /// [`Complete`](crate::SignUpStatus::Complete), [`set_active`](Self::set_active) signs the
    /// new user in.
    ///
    /// # Errors
    /// Clerk's refusal (a wrong code: `form_code_incorrect`; too many tries:
    /// `too_many_requests`; …); [`NO_SIGN_UP`](crate::NO_SIGN_UP) when no sign-up is in
    /// progress; or that clerk-js did not load.
    pub async fn attempt_email_code(self, code: &str) -> Result<SignUpAttempt, ClerkApiError> {
        client::attempt_email_code(code).await
    }

    /// Signs up with an OAuth provider (`strategy`: `oauth_google`, … as enabled for the
    /// instance): clerk-js's `signUp.authenticateWithRedirect({ strategy, redirectUrl,
    /// redirectUrlComplete })`, as
    /// [`UseSignIn::authenticate_with_redirect`](crate::UseSignIn::authenticate_with_redirect)
    /// for a sign-in: the provider sends the browser back to `redirect_url`, where
    /// [`<AuthenticateWithRedirectCallback/>`](crate::AuthenticateWithRedirectCallback)
    /// finishes. An address that already has a user signs that user in instead (clerk-js's
    /// transfer).
    ///
    /// # Errors
    /// Clerk's refusal (e.g. a provider the instance does not enable), or that clerk-js did not
    /// load. On success the page is already on its way to the provider.
    pub async fn authenticate_with_redirect(
        self,
        strategy: &str,
        redirect_url: &str,
        redirect_url_complete: &str,
    ) -> Result<(), ClerkApiError> {
        client::authenticate_with_redirect(
            client::Attempt::SignUp,
            strategy,
            redirect_url,
            redirect_url_complete,
        )
        .await
    }

    /// Makes `session_id` (a completed sign-up's `created_session_id`) the browser's session,
    /// then goes to `redirect_url`: as [`UseSignIn::set_active`](crate::UseSignIn::set_active).
    ///
    /// # Errors
    /// clerk-js's refusal, or that it did not load.
    pub async fn set_active(
        self,
        session_id: &str,
        redirect_url: Option<&str>,
    ) -> Result<(), ClerkApiError> {
        client::activate_session(session_id, redirect_url).await
    }
}

/// Sign-up steps for a form of your own: an email address and a password, then the code Clerk
/// emails when the instance verifies addresses. Required names, a phone number or a username
/// ([`SignUpAttempt::missing_fields`]) are for Clerk's `<SignUp/>`, as are social connections.
///
/// # Usage
/// ```no_run
/// use leptos::html::Input;
/// use leptos::prelude::*;
/// use leptos::task::spawn_local;
/// use leptos_clerk::{use_sign_up, SignUpAttempt, SignUpStatus};
///
/// #[component]
/// fn PasswordSignUp() -> impl IntoView {
///     let sign_up = use_sign_up();
///     let (email, password, code) = (NodeRef::<Input>::new(), NodeRef::<Input>::new(), NodeRef::<Input>::new());
///     let value = |input: NodeRef<Input>| input.get().map(|i| i.value()).unwrap_or_default();
///     let awaiting_code = RwSignal::new(false);
///     let error = RwSignal::new(None::<String>);
///     // Asks for the emailed code while the address waits for one; signs in once complete.
///     let finish = move |attempt: SignUpAttempt| async move {
///         if attempt.needs_email_code() {
///             sign_up.prepare_email_code().await.map_err(|e| e.message)?;
///             awaiting_code.set(true);
///             return Ok(());
///         }
///         match (attempt.status, attempt.created_session_id) {
///             (SignUpStatus::Complete, Some(session)) => {
///                 sign_up.set_active(&session, Some("/dashboard")).await.map_err(|e| e.message)
///             }
///             (status, _) => Err(format!("one more step: {status:?}")),
///         }
///     };
///     let submit = move |ev: leptos::ev::SubmitEvent| {
///         ev.prevent_default();
///         let (email, password, code) = (value(email), value(password), value(code));
///         spawn_local(async move {
///             let step = if awaiting_code.get_untracked() {
///                 sign_up.attempt_email_code(&code).await
///             } else {
///                 sign_up.create_with_password(&email, &password).await
///             };
///             let outcome = match step {
///                 Ok(attempt) => finish(attempt).await,
///                 Err(refused) => Err(refused.message),
///             };
///             error.set(outcome.err());
///         });
///     };
///     view! {
///         <form on:submit=submit>
///             <input type="email" node_ref=email/>
///             <input type="password" node_ref=password/>
///             <input inputmode="numeric" node_ref=code hidden=move || !awaiting_code.get()/>
///             // Where Clerk's bot protection puts its CAPTCHA.
///             <div id="clerk-captcha"></div>
///             <button disabled=move || !sign_up.is_loaded.get()>"Sign up"</button>
///             <p>{move || error.get()}</p>
///         </form>
///     }
/// }
/// ```
///
/// # Panics
/// Outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
#[track_caller]
pub fn use_sign_up() -> UseSignUp {
    sign_up_from(use_clerk_context())
}

/// [`use_sign_up`], or `None` outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
pub fn try_use_sign_up() -> Option<UseSignUp> {
    try_use_clerk_context().map(sign_up_from)
}

fn sign_up_from(ctx: ClerkContext) -> UseSignUp {
    let status = ctx.status;
    UseSignUp {
        is_loaded: Signal::derive(move || status.get().is_loaded()),
    }
}
