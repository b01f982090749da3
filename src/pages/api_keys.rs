//! `/api-keys`: the signed-in user's API keys, for scripts that call the JSON API (`/api/notes`)
//! as the user, without a browser session. Clerk's `<APIKeys/>` lists, makes (showing the
//! secret once) and revokes them through the Frontend API; the app's server takes them with
//! `ApiKeyAuth` (`src/server/api/viewer.rs`). `<UserProfile/>` has the same list in its
//! "API keys" page.

use leptos::prelude::*;
use leptos_clerk::{use_clerk, use_organization, APIKeys, RedirectToSignIn, SignedIn, SignedOut};

/// The page: how a script uses a key, then Clerk's component.
#[component]
pub fn ApiKeys() -> impl IntoView {
    let organization = use_organization().organization;
    view! {
        <SignedIn>
            <h1>"API keys"</h1>
            <p>
                "A key lets a script call the JSON API as you, on your personal notes, with no browser session: "
                <code>"curl -H \"Authorization: Bearer ak_…\" …/api/notes"</code>
            </p>
            <Show when=move || organization.with(Option::is_none) fallback=PersonalAccountOnly>
                <APIKeys show_description=true/>
            </Show>
        </SignedIn>
        <SignedOut>
            <RedirectToSignIn/>
        </SignedOut>
    }
}

/// With an organization active, `<APIKeys/>` would manage the organization's keys, which this
/// instance does not enable (and the JSON API refuses): Clerk would render nothing at all.
#[component]
fn PersonalAccountOnly() -> impl IntoView {
    let clerk = use_clerk();
    view! {
        <p id="api-keys-personal-only">
            "Your keys belong to your personal account, not to the organization you are working in."
        </p>
        <button class="button" on:click=move |_| clerk.set_active_organization(None)>
            "Switch to your personal account"
        </button>
    }
}
