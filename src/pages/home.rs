use leptos::prelude::*;
use leptos_clerk::{use_user, SignedIn, SignedOut};

/// Public: shows both auth states, rendered on the server for whoever asks.
#[component]
pub fn Home() -> impl IntoView {
    let user = use_user().user;
    let first_name = move || user.get().and_then(|u| u.first_name).unwrap_or_default();
    view! {
        <h1>"Clerk + Leptos"</h1>
        <SignedOut>
            <p id="home-signed-out">"You are signed out. " <a href="/sign-in">"Sign in"</a> " to see your dashboard."</p>
        </SignedOut>
        <SignedIn>
            <p id="home-signed-in">"Welcome back, " {first_name} ". Go to your " <a href="/dashboard">"dashboard"</a> "."</p>
        </SignedIn>
    }
}
