//! `<SignOutButton>`: a plain button that signs out through clerk-js.

use leptos::prelude::*;

use crate::use_auth;

/// A `<button>` that signs the user out and goes to `after_sign_out_url`.
///
/// During SSR it renders the button; it works once clerk-js has loaded.
#[component]
pub fn SignOutButton(
    /// The button's content.
    #[prop(optional)]
    children: Option<Children>,
    /// CSS class of the button.
    #[prop(optional, into)]
    class: Option<String>,
) -> impl IntoView {
    let sign_out = use_auth().sign_out;
    view! {
        <button type="button" class=class on:click=move |_| sign_out.run(())>
            {children.map(|c| c().into_any()).unwrap_or_else(|| "Sign out".into_any())}
        </button>
    }
}
