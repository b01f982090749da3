//! `/dashboard`: the guide's **`useUser()`** component, behind a page that only signed-in users
//! see.

use leptos::prelude::*;
use leptos_clerk::{use_user, RedirectToSignIn, SignedIn, SignedOut, UserAvatar};

/// Protected: a signed-out visitor is sent to `/sign-in?redirect_url=%2Fdashboard`, with a 302
/// from the server on a page load and by the router on a client-side navigation. Clerk's
/// `<UserAvatar/>` (the user's image, or initials) heads the page.
#[component]
pub fn Dashboard() -> impl IntoView {
    view! {
        <SignedIn>
            <UserAvatar/>
            <Greeting/>
        </SignedIn>
        <SignedOut>
            <RedirectToSignIn/>
        </SignedOut>
    }
}

/// `useUser()`'s three states, as the guide writes them. The server renders the last one
/// already (it puts the user in the page), so "Loading…" shows only while clerk-js fetches a
/// user the page did not carry.
#[component]
fn Greeting() -> impl IntoView {
    let user = use_user();
    move || {
        if !user.is_loaded.get() {
            return view! { <p id="greeting-loading">"Loading…"</p> }.into_any();
        }
        match user.user.get() {
            None => {
                view! { <p id="greeting-signed-out">"Sign in to view this page"</p> }.into_any()
            }
            Some(u) => view! {
                <h1 id="greeting">
                    "Hello, " {u.first_name.filter(|n| !n.is_empty()).unwrap_or_else(|| "there".into())} "!"
                </h1>
                <p>"Your user id is " <code id="user-id">{u.id}</code> "."</p>
            }
            .into_any(),
        }
    }
}
