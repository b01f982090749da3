//! `/api-keys`: the signed-in user's API keys, for scripts that call the JSON API (`/api/notes`)
//! as the user, without a browser session. Clerk's `<APIKeys/>` lists, makes (showing the
//! secret once) and revokes them through the Frontend API; the app's server takes them with
//! `ApiKeyAuth` (`src/server/api/viewer.rs`). `<UserProfile/>` has the same list in its
//! "API keys" page.

use leptos::prelude::*;
use leptos_clerk::{APIKeys, RedirectToSignIn, SignedIn, SignedOut};

/// The page: how a script uses a key, then Clerk's component.
#[component]
pub fn ApiKeys() -> impl IntoView {
    view! {
        <SignedIn>
            <h1>"API keys"</h1>
            <p>
                "A key lets a script call the JSON API as you, on your personal notes, with no browser session: "
                <code>"curl -H \"Authorization: Bearer ak_…\" …/api/notes"</code>
            </p>
            <APIKeys show_description=true/>
        </SignedIn>
        <SignedOut>
            <RedirectToSignIn/>
        </SignedOut>
    }
}
