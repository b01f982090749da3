//! `<SignInButton>` and `<SignUpButton>`: plain buttons that start Clerk's sign-in or sign-up,
//! on its page or in a modal.

use leptos::prelude::*;

use crate::client::{self, AfterAuth, Modal};

/// Where `<SignInButton>` and `<SignUpButton>` show Clerk's form (Clerk's `mode` prop).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ButtonMode {
    /// The sign-in or sign-up page (`sign_in_url`, `sign_up_url`), coming back to this page.
    #[default]
    Redirect,
    /// A modal over this page: it stays, and the hooks follow the new session in place.
    Modal,
}

/// A `<button>` that starts signing in (Clerk's `<SignInButton>`).
///
/// The server renders the button; a click while clerk-js loads acts once it has loaded.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::{ButtonMode, SignInButton, SignedOut};
///
/// #[component]
/// fn Header() -> impl IntoView {
///     view! { <SignedOut><SignInButton mode=ButtonMode::Modal/></SignedOut> }
/// }
/// ```
#[component]
pub fn SignInButton(
    /// The button's content (default: "Sign in").
    #[prop(optional)]
    children: Option<Children>,
    /// CSS class of the button.
    #[prop(optional, into)]
    class: Option<String>,
    /// Clerk's page (default) or a modal.
    #[prop(optional)]
    mode: ButtonMode,
    /// Where to go once signed in, whatever else says otherwise.
    #[prop(optional, into)]
    force_redirect_url: Option<String>,
    /// Where to go once signed in when nothing says otherwise (the redirect mode comes back to
    /// this page).
    #[prop(optional, into)]
    fallback_redirect_url: Option<String>,
) -> impl IntoView {
    let after = AfterAuth {
        force_redirect_url,
        fallback_redirect_url,
    };
    auth_button(false, mode, after, class, children, "Sign in")
}

/// A `<button>` that starts signing up (Clerk's `<SignUpButton>`).
///
/// The server renders the button; a click while clerk-js loads acts once it has loaded.
#[component]
pub fn SignUpButton(
    /// The button's content (default: "Sign up").
    #[prop(optional)]
    children: Option<Children>,
    /// CSS class of the button.
    #[prop(optional, into)]
    class: Option<String>,
    /// Clerk's page (default) or a modal.
    #[prop(optional)]
    mode: ButtonMode,
    /// Where to go once signed up, whatever else says otherwise.
    #[prop(optional, into)]
    force_redirect_url: Option<String>,
    /// Where to go once signed up when nothing says otherwise (the redirect mode comes back to
    /// this page).
    #[prop(optional, into)]
    fallback_redirect_url: Option<String>,
) -> impl IntoView {
    let after = AfterAuth {
        force_redirect_url,
        fallback_redirect_url,
    };
    auth_button(true, mode, after, class, children, "Sign up")
}

fn auth_button(
    sign_up: bool,
    mode: ButtonMode,
    after: AfterAuth,
    class: Option<String>,
    children: Option<Children>,
    label: &'static str,
) -> impl IntoView {
    let start = move |_| match (mode, sign_up) {
        (ButtonMode::Redirect, _) => client::redirect(sign_up, after.clone()),
        (ButtonMode::Modal, false) => client::open(Modal::SignIn, after.clone()),
        (ButtonMode::Modal, true) => client::open(Modal::SignUp, after.clone()),
    };
    view! {
        <button type="button" class=class on:click=start>
            {children.map(|c| c().into_any()).unwrap_or_else(|| label.into_any())}
        </button>
    }
}
