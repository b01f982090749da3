//! `use_sign_in()`: a sign-in form of your own instead of Clerk's `<SignIn/>` (Clerk's
//! `useSignIn()`, as its "custom email/password flow" uses it).

use leptos::prelude::*;

use crate::client;
use crate::state::{try_use_clerk_context, use_clerk_context};
use crate::{ClerkApiError, ClerkContext, SignInAttempt};

/// Sign-in steps for a form of your own: the Leptos form of Clerk's `useSignIn()`.
#[derive(Clone, Copy, Debug)]
pub struct UseSignIn {
    /// Whether clerk-js has loaded (the steps wait for it until then). `false` on the server and
    /// in the first client render, so hydration matches.
    pub is_loaded: Signal<bool>,
}

impl UseSignIn {
    /// Starts a sign-in with an identifier (an email address, a username) and its password:
    /// clerk-js's `signIn.create({ identifier, password })`. On
    /// [`Complete`](crate::SignInStatus::Complete), [`set_active`](Self::set_active) signs the
    /// browser in.
    ///
    /// # Errors
    /// Clerk's refusal (a wrong password: `form_password_incorrect`; nobody with that identifier:
    /// `form_identifier_not_found`; …) to show beside the field it names, or that clerk-js did
    /// not load.
    pub async fn create_with_password(
        self,
        identifier: &str,
        password: &str,
    ) -> Result<SignInAttempt, ClerkApiError> {
        client::sign_in_with_password(identifier, password).await
    }

    /// Starts a sign-in without a password: Clerk emails a code to the account's address (Clerk's
    /// "email code" custom flow: `signIn.create({ identifier })`, then
    /// `prepareFirstFactor({ strategy: "email_code", emailAddressId })`). The attempt
    /// [`NeedsFirstFactor`](crate::SignInStatus::NeedsFirstFactor): ask for the code, then
    /// [`attempt_email_code`](Self::attempt_email_code). Calling it again sends a new code.
    ///
    /// # Errors
    /// Clerk's refusal (`form_identifier_not_found`, …); `strategy_not_supported` when the
    /// instance (or this account) does not sign in with email codes; or that clerk-js did not
    /// load.
    pub async fn create_with_email_code(
        self,
        identifier: &str,
    ) -> Result<SignInAttempt, ClerkApiError> {
        client::sign_in_with_email_code(identifier).await
    }

    /// Checks the emailed code of [`create_with_email_code`](Self::create_with_email_code)
    /// (`signIn.attemptFirstFactor({ strategy: "email_code", code })`). On
    /// [`Complete`](crate::SignInStatus::Complete), [`set_active`](Self::set_active); a second
    /// factor may still be needed, as after a password.
    ///
    /// # Errors
    /// Clerk's refusal (`form_code_incorrect`, `verification_expired`, too many attempts),
    /// [`NO_SIGN_IN`](crate::NO_SIGN_IN) when no sign-in is in progress, or that clerk-js did not
    /// load.
    pub async fn attempt_email_code(self, code: &str) -> Result<SignInAttempt, ClerkApiError> {
        client::attempt_sign_in_email_code(code).await
    }

    /// Signs in with an OAuth provider (`strategy`: `oauth_google`, `oauth_github`, … as enabled
    /// for the instance): clerk-js's `signIn.authenticateWithRedirect({ strategy, redirectUrl,
    /// redirectUrlComplete })`. The browser goes to the provider, which sends it back to
    /// `redirect_url`, a page of this app that renders
    /// [`<AuthenticateWithRedirectCallback/>`](crate::AuthenticateWithRedirectCallback) to
    /// finish: a new user becomes a sign-up there. `redirect_url_complete` goes to Clerk's
    /// Frontend API with the sign-in; where the user lands from the callback page is the
    /// callback's redirect props, so give them the same path. Both are this app's paths (or URLs
    /// on its origin).
    ///
    /// # Errors
    /// Clerk's refusal (e.g. a provider the instance does not enable), or that clerk-js did not
    /// load. On success the page is already on its way to the
    /// provider.
    pub async fn authenticate_with_redirect(
        self,
        strategy: &str,
        redirect_url: &str,
        redirect_url_complete: &str,
    ) -> Result<(), ClerkApiError> {
        client::authenticate_with_redirect(
            client::Attempt::SignIn,
            strategy,
            redirect_url,
            redirect_url_complete,
        )
        .await
    }

    /// Makes `session_id` (a completed sign-in's `created_session_id`) the browser's session,
    /// then goes to `redirect_url` (a path of this app): clerk-js's
    /// `setActive({ session, redirectUrl })`, through the app's router (a full page load in
    /// the browsers clerk-js gives a cookie "touch" to, as Safari). clerk-js navigates before it
    /// tells the hooks, which follow a moment later; the server sees the session from the next
    /// request on.
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

/// Sign-in steps for a form of your own. A sign-in that needs more than a password
/// ([`SignInStatus::NeedsSecondFactor`](crate::SignInStatus::NeedsSecondFactor),
/// [`NeedsClientTrust`](crate::SignInStatus::NeedsClientTrust)) is finished by Clerk's
/// `<SignIn/>` at `/sign-in/factor-two`, which continues it.
///
/// # Usage
/// ```no_run
/// use leptos::html::Input;
/// use leptos::prelude::*;
/// use leptos::task::spawn_local;
/// use leptos_clerk::{use_sign_in, SignInStatus};
///
/// #[component]
/// fn PasswordSignIn() -> impl IntoView {
///     let sign_in = use_sign_in();
///     // Read when submitted (not bound to signals, which hydration would write back over what
///     // the browser autofilled).
///     let (email, password) = (NodeRef::<Input>::new(), NodeRef::<Input>::new());
///     let value = |input: NodeRef<Input>| input.get().map(|i| i.value()).unwrap_or_default();
///     let error = RwSignal::new(None::<String>);
///     let submit = move |ev: leptos::ev::SubmitEvent| {
///         ev.prevent_default();
///         let (email, password) = (value(email), value(password));
///         spawn_local(async move {
///             let attempt = sign_in.create_with_password(&email, &password).await;
///             match attempt {
///                 Ok(a) if a.status == SignInStatus::Complete => {
///                     let session = a.created_session_id.unwrap_or_default();
///                     if let Err(e) = sign_in.set_active(&session, Some("/dashboard")).await {
///                         error.set(Some(e.message));
///                     }
///                 }
///                 Ok(a) => error.set(Some(format!("one more step: {:?}", a.status))),
///                 Err(e) => error.set(Some(e.message)),
///             }
///         });
///     };
///     view! {
///         <form on:submit=submit>
///             <input type="email" node_ref=email/>
///             <input type="password" node_ref=password/>
///             <button disabled=move || !sign_in.is_loaded.get()>"Sign in"</button>
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
pub fn use_sign_in() -> UseSignIn {
    sign_in_from(use_clerk_context())
}

/// [`use_sign_in`], or `None` outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
pub fn try_use_sign_in() -> Option<UseSignIn> {
    try_use_clerk_context().map(sign_in_from)
}

fn sign_in_from(ctx: ClerkContext) -> UseSignIn {
    let status = ctx.status;
    UseSignIn {
        is_loaded: Signal::derive(move || status.get().is_loaded()),
    }
}
