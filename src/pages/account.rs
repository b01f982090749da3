use leptos::prelude::*;
use leptos_clerk::{RedirectToSignIn, SignedIn, SignedOut, UserProfile};

use crate::app::DarkClerkComponents;

/// Clerk's account page (name, email addresses, password, sessions), with path routing below
/// `/user`, and a switch between Clerk's look and a dark one: `<ClerkProvider appearance>`
/// follows a signal (app.rs), and clerk-js renders the mounted `<UserProfile/>` again.
#[component]
pub fn Account() -> impl IntoView {
    let DarkClerkComponents(dark) = expect_context();
    view! {
        <SignedIn>
            <section class="centered">
                <label class="option">
                    <input type="checkbox" id="dark-clerk" bind:checked=dark/>
                    "Dark theme for Clerk's components"
                </label>
                <UserProfile path="/user"/>
            </section>
        </SignedIn>
        <SignedOut>
            <RedirectToSignIn/>
        </SignedOut>
    }
}
