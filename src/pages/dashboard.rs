use leptos::prelude::*;
use leptos_clerk::{use_auth, use_user, RedirectToSignIn, SignedIn, SignedOut};

/// Protected: a signed-out visitor is sent to `/sign-in?redirect_url=%2Fdashboard`, with a 302
/// from the server on a page load and by the router on a client-side navigation.
#[component]
pub fn Dashboard() -> impl IntoView {
    view! {
        <SignedIn>
            <Greeting/>
        </SignedIn>
        <SignedOut>
            <RedirectToSignIn/>
        </SignedOut>
    }
}

#[component]
fn Greeting() -> impl IntoView {
    let user = use_user().user;
    let user_id = use_auth().user_id;
    let first_name = move || user.get().and_then(|u| u.first_name).unwrap_or_default();
    view! {
        <h1 id="greeting">"Hello, " {first_name}</h1>
        <p>"Your user id is " <code id="user-id">{move || user_id.get()}</code> "."</p>
    }
}
