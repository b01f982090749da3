//! `/waitlist`: Clerk's `<Waitlist/>`, for when sign-ups go through the waitlist (Clerk's
//! dashboard: Access mode → Waitlist; `sign_up_mode = "waitlist"` in `Leptos.toml` for the local
//! instance). `<SignIn/>` and `<SignUp/>` then send visitors here (`waitlist_url`), and an
//! address is let in when the Backend API invites its entry
//! (`clerk_client()?.waitlist_entries().invite_waitlist_entry(..)`).

use leptos::prelude::*;
use leptos_clerk::Waitlist;

#[component]
pub fn WaitlistPage() -> impl IntoView {
    view! {
        <section class="centered">
            <Waitlist/>
        </section>
    }
}
