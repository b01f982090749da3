//! `useUser()`'s "Update user data" and Clerk's user-metadata guide, on `/profile` beside the
//! server action that changes the same name: the user changes their own profile from the
//! browser, through clerk-js, as themselves.

use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_clerk::{use_user, ClerkApiError, UserSnapshot, UserUpdate};

/// The user changes their own name and their `unsafe_metadata` through clerk-js, as in Clerk's
/// `useUser()` and user-metadata guides (`user.update(..)`, `user.updateMetadata(..)`): no
/// server function and no secret key; `use_user()` (the line above) follows as soon as Clerk answers. A
/// refusal shows beside the form, and what was typed stays.
#[component]
pub fn UpdateUser() -> impl IntoView {
    let user = use_user();
    let (first_name, birthday) = (NodeRef::<Input>::new(), NodeRef::<Input>::new());
    let rename = Action::new_local(move |name: &String| {
        user.update(UserUpdate::new().first_name(name.trim()))
    });
    // Merged into the metadata (other keys stay); an empty birthday deletes the key.
    let save_birthday = Action::new_local(move |date: &String| {
        let date = date.trim();
        let value = if date.is_empty() {
            serde_json::Value::Null
        } else {
            date.into()
        };
        user.update_metadata(serde_json::json!({ "birthday": value }))
    });
    let submit = move |input: NodeRef<Input>, action: Action<String, _>| {
        move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(input) = input.get() {
                action.dispatch_local(input.value());
            }
        }
    };
    // One memo per field: a box is set again only when its own value changes, so saving one
    // form keeps what was typed in the other.
    let saved = move |read: fn(&UserSnapshot) -> Option<String>| {
        Memo::new(move |_| {
            user.user
                .with(|u| u.as_ref().and_then(read))
                .unwrap_or_default()
        })
    };
    let saved_name = saved(|u| u.first_name.clone());
    let saved_birthday = saved(|u| {
        u.unsafe_metadata
            .get("birthday")
            .and_then(|b| b.as_str())
            .map(str::to_owned)
    });
    view! {
        <h2>"Update your profile from the browser"</h2>
        <form id="browser-name-form" class="stacked" on:submit=submit(first_name, rename)>
            <label>
                "First name "
                // `value` for the server's HTML, `prop:value` to follow once hydrated.
                <input type="text" id="browser-first-name" node_ref=first_name
                    value=saved_name.get_untracked() prop:value=saved_name/>
            </label>
            <button type="submit" class="button" disabled=move || rename.pending().get()>
                "Save name"
            </button>
            <Refusal action=rename id="browser-name-error"/>
        </form>
        <form id="birthday-form" class="stacked" on:submit=submit(birthday, save_birthday)>
            <label>
                "Birthday (kept in your unsafe metadata) "
                <input type="text" id="birthday" placeholder="MM-DD" node_ref=birthday
                    value=saved_birthday.get_untracked() prop:value=saved_birthday/>
            </label>
            <button type="submit" class="button" disabled=move || save_birthday.pending().get()>
                "Save birthday"
            </button>
            // "none yet" while empty comes from the style sheet (`:empty`): no code for it here.
            <p>"Saved: " <span id="saved-birthday">{saved_birthday}</span></p>
            <Refusal action=save_birthday id="birthday-error"/>
        </form>
    }
}

/// Why the last change was refused, if it was.
#[component]
fn Refusal(
    action: Action<String, Result<UserSnapshot, ClerkApiError>>,
    id: &'static str,
) -> impl IntoView {
    move || {
        action.value().with(|result| match result {
            Some(Err(refused)) => {
                Some(view! { <p class="error" id=id role="alert">{refused.to_string()}</p> })
            }
            _ => None,
        })
    }
}
