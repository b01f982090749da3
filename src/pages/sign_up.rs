use leptos::prelude::*;
use leptos_clerk::SignUp;

/// Clerk's own sign-up form, on a splat route like the sign-in page.
#[component]
pub fn SignUpPage() -> impl IntoView {
    view! {
        <section class="centered">
            <SignUp/>
        </section>
    }
}
