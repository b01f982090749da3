use leptos::prelude::*;
use leptos_clerk::{use_clerk, RedirectToSignIn, SignedIn, SignedOut, UserProfile};
use serde_json::{Map, Value};

use crate::clerk_theme;

/// Clerk's account page (name, email addresses, password, sessions), with path routing below
/// `/user`, and a switch between Clerk's look and a dark one: `use_clerk().set_appearance(..)`,
/// and clerk-js renders the mounted `<UserProfile/>` again.
#[component]
pub fn Account() -> impl IntoView {
    let clerk = use_clerk();
    // Dark already if it was switched on earlier in this visit.
    let dark = clerk.appearance().is_some_and(|a| clerk_theme::is_dark(&a));
    let switch = move |event| {
        // Clerk's own look: an empty `appearance`.
        clerk.set_appearance(if event_target_checked(&event) {
            clerk_theme::dark()
        } else {
            Value::Object(Map::new())
        });
    };
    view! {
        <SignedIn>
            <section class="centered">
                <label class="option">
                    <input
                        type="checkbox"
                        id="dark-clerk"
                        prop:checked=dark
                        on:change=switch
                    />
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
