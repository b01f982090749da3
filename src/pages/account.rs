use leptos::prelude::*;
use leptos_clerk::{RedirectToSignIn, SignedIn, SignedOut, UserProfile};

/// Clerk's account page (name, email addresses, password, sessions), with path routing below
/// `/user`.
#[component]
pub fn Account() -> impl IntoView {
    view! {
        <SignedIn>
            <section class="centered">
                <UserProfile path="/user"/>
            </section>
        </SignedIn>
        <SignedOut>
            <RedirectToSignIn/>
        </SignedOut>
    }
}
