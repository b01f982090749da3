//! `<SignOutButton>`: a plain button that signs out through clerk-js.

use leptos::prelude::*;

use crate::client;
use crate::state::use_clerk_context;
use crate::SignOutOptions;

/// A `<button>` that signs the user out (Clerk's `<SignOutButton>`), then goes to
/// `redirect_url`, by default the provider's `after_sign_out_url`.
///
/// The server renders the button; a click while clerk-js loads signs out once it has loaded.
#[component]
pub fn SignOutButton(
    /// The button's content.
    #[prop(optional)]
    children: Option<Children>,
    /// CSS class of the button.
    #[prop(optional, into)]
    class: Option<String>,
    /// Where to go once signed out, instead of `after_sign_out_url`.
    #[prop(optional, into)]
    redirect_url: Option<String>,
    /// End only this session (multi-session apps); by default every session of the browser.
    #[prop(optional, into)]
    session_id: Option<String>,
) -> impl IntoView {
    let ctx = use_clerk_context();
    let options = SignOutOptions {
        redirect_url,
        session_id,
    };
    view! {
        <button type="button" class=class on:click=move |_| client::sign_out(ctx, options.clone())>
            {children.map(|c| c().into_any()).unwrap_or_else(|| "Sign out".into_any())}
        </button>
    }
}
