//! "Continue with Google" for the app's own sign-in and sign-up forms: Clerk's custom OAuth
//! flow, `authenticate_with_redirect`, which comes back through `/sso-callback`
//! (`super::sso_callback`). Google must be enabled for the instance (the local one enables it in
//! `Leptos.toml`); otherwise Clerk's refusal is shown.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_clerk::{use_sign_in, use_sign_up};

/// Where Google sends the browser back to.
const SSO_CALLBACK: &str = "/sso-callback";

/// Whether the button starts a sign-in or a sign-up. Either way a known address is signed in
/// and a new one signed up (clerk-js transfers one to the other on the callback page).
#[derive(Clone, Copy)]
pub enum Intent {
    SignIn,
    SignUp,
}

#[component]
pub fn ContinueWithGoogle(
    intent: Intent,
    /// Where the user lands (the callback page's redirect props say the same).
    landing: &'static str,
    /// The form's busy flag: set while the browser leaves for Google.
    busy: RwSignal<bool>,
    /// The form's error line.
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let (sign_in, sign_up) = (use_sign_in(), use_sign_up());
    let start = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let started = match intent {
                Intent::SignIn => {
                    sign_in
                        .authenticate_with_redirect("oauth_google", SSO_CALLBACK, landing)
                        .await
                }
                Intent::SignUp => {
                    sign_up
                        .authenticate_with_redirect("oauth_google", SSO_CALLBACK, landing)
                        .await
                }
            };
            // On success the browser is leaving for Google: the form stays busy.
            if let Err(refused) = started {
                error.set(Some(refused.message));
                busy.set(false);
            }
        });
    };
    // Back from Google, the browser may show the page from its back/forward cache, as it was
    // left: busy.
    let back_from_cache = window_event_listener(leptos::ev::pageshow, move |event| {
        if event.persisted() {
            busy.set(false);
        }
    });
    on_cleanup(move || back_from_cache.remove());
    view! {
        <button
            type="button"
            class="button secondary continue-with-google"
            disabled=move || !sign_in.is_loaded.get() || busy.get()
            on:click=start
        >
            "Continue with Google"
        </button>
    }
}
