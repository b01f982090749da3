use leptos::prelude::*;
use leptos_clerk::SignIn;

/// Clerk's own sign-in form. The route is a splat (`/sign-in/*any`) because Clerk routes its
/// steps (e.g. `/sign-in/factor-one`) below it.
#[component]
pub fn SignInPage() -> impl IntoView {
    view! {
        <section class="centered">
            <SignIn/>
        </section>
    }
}
