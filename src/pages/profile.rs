//! `/profile`: the guide's **loader** and **action** on one page, as a Remix route has both, and
//! the same change made from the browser instead (`use_user().update(..)`, `update_user.rs`).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::update_user::UpdateUser;
use super::ErrorPage;

/// What the profile page shows: a few fields of the Backend API's user.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ProfileData {
    pub id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    /// The social accounts the user signs in with, as the page shows them:
    /// "Google (ada@example.com), GitHub", or "none". Made on the server, so the browser's code
    /// stays small.
    pub connected_accounts: String,
    pub created_at: i64,
}

/// Longest name accepted, in characters.
const MAX_NAME_CHARS: usize = 100;

/// **Loader** (Remix: `getAuth(args)` in a `loader`, then `users.getUser(userId)`): read the
/// request's auth, send a signed-out visitor to `/sign-in?redirect_url=/profile`
/// (`require_user()?`), then fetch the user through the Backend API.
///
/// `AuthClient` sends a fresh session token with each call from the browser, so the call is
/// authenticated even when the 60-second `__session` cookie has lapsed in a background tab.
#[server(client = leptos_clerk::AuthClient)]
pub async fn load_profile() -> Result<ProfileData, ServerFnError> {
    use leptos_clerk::server::{clerk_client, get_auth};

    let auth = get_auth().await?.require_user()?;
    let user = clerk_client()?
        .users()
        .get_user(auth.user_id())
        .await
        .map_err(crate::server::context::backend_error)?;
    Ok(profile_data(user))
}

/// **Action** (Remix: `getAuth(args)` in an `action`): the same guard, then a change through
/// the Backend API, answering with the updated user. Submitted by `<ActionForm>`, it works
/// without JavaScript too: the browser posts the form and comes back to `/profile`.
#[server(client = leptos_clerk::AuthClient)]
pub async fn update_name(
    first_name: String,
    last_name: String,
) -> Result<ProfileData, ServerFnError> {
    use leptos_clerk::server::{clerk_client, clerk_from_context, UserParams};

    let viewer = crate::server::context::viewer_or_sign_in().await?;
    let name = |value: String, what: &str| {
        let value = value.trim().to_owned();
        if value.chars().count() > MAX_NAME_CHARS {
            crate::server::context::set_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY);
            return Err(ServerFnError::new(format!(
                "the {what} is longer than {MAX_NAME_CHARS} characters"
            )));
        }
        Ok(value)
    };
    let mut params = UserParams::default();
    params.first_name = Some(name(first_name, "first name")?);
    params.last_name = Some(name(last_name, "last name")?);
    let user = clerk_client()?
        .users()
        .update_user(&viewer.user_id, &params)
        .await
        .map_err(crate::server::context::backend_error)?;
    // The next page render shows the new name, not the one cached for `use_user()`.
    if let Some(clerk) = clerk_from_context() {
        clerk.forget_user(&viewer.user_id);
    }
    Ok(profile_data(user))
}

#[cfg(feature = "ssr")]
fn profile_data(user: leptos_clerk::server::User) -> ProfileData {
    ProfileData {
        email: user.primary_email_address().map(str::to_owned),
        connected_accounts: connected_accounts_text(&user.external_accounts),
        id: user.id,
        first_name: user.first_name,
        last_name: user.last_name,
        created_at: user.created_at,
    }
}

/// Loads its data with a server function in a Resource: rendered on the server for a page
/// load, fetched over HTTP on a client-side navigation, and again after each saved change.
#[component]
pub fn Profile() -> impl IntoView {
    let update = ServerAction::<UpdateName>::new();
    let profile = Resource::new(move || update.version().get(), |_| load_profile());
    // clerk-js keeps its own copy of the user: reload it, and `use_user()` follows.
    let clerk = leptos_clerk::use_clerk();
    Effect::new(move |_| {
        if matches!(update.value().get(), Some(Ok(_))) {
            clerk.reload_user();
        }
    });
    let user = leptos_clerk::use_user().user;
    let hook_name = move || user.get().and_then(|u| u.first_name).unwrap_or_default();

    view! {
        <h1>"Profile"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            // An error shows the error page (status 500 on a server render). The boundary sits
            // inside the Suspense, so the server renders it once the Resource has resolved.
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors/> }>
                {move || Suspend::new(async move {
                    let p = profile.await?;
                    Ok::<_, ServerFnError>(view! { <ProfileView profile=p update/> })
                })}
            </ErrorBoundary>
        </Suspense>
        <p class="hint">"use_user() says your first name is " <b id="profile-hook-name">{hook_name}</b> "."</p>
        <UpdateUser/>
    }
}

#[component]
fn ProfileView(profile: ProfileData, update: ServerAction<UpdateName>) -> impl IntoView {
    let ProfileData {
        id,
        first_name,
        last_name,
        email,
        connected_accounts,
        ..
    } = profile;
    let (first_name, last_name) = (
        first_name.unwrap_or_default(),
        last_name.unwrap_or_default(),
    );
    let error = move || match update.value().get() {
        Some(Err(e)) => Some(view! { <p class="error" id="name-error">{e.to_string()}</p> }),
        _ => None,
    };
    view! {
        <dl id="profile">
            <dt>"Name"</dt>
            <dd id="profile-name">{first_name.clone()} " " {last_name.clone()}</dd>
            <dt>"Email"</dt>
            <dd id="profile-email">{email.unwrap_or_default()}</dd>
            <dt>"Connected accounts"</dt>
            // One text, not a list: each view type adds its own rendering code to the page's wasm.
            <dd id="profile-connected">{connected_accounts}</dd>
            <dt>"User id"</dt>
            <dd><code>{id}</code></dd>
        </dl>
        <h2>"Change your name"</h2>
        <ActionForm action=update attr:id="name-form" attr:class="stacked">
            <label>"First name" <input type="text" name="first_name" value=first_name maxlength=MAX_NAME_CHARS/></label>
            <label>"Last name" <input type="text" name="last_name" value=last_name maxlength=MAX_NAME_CHARS/></label>
            <button type="submit" class="button" disabled=move || update.pending().get()>"Save"</button>
        </ActionForm>
        {error}
    }
}

/// "Google (ada@example.com), GitHub"; "none" for a user who signs in with a password or a
/// code only. Each account as `use_user()` has it (the provider without its `oauth_`).
#[cfg(feature = "ssr")]
fn connected_accounts_text(accounts: &[leptos_clerk::server::ExternalAccount]) -> String {
    if accounts.is_empty() {
        return "none".to_owned();
    }
    let describe = |account: &leptos_clerk::server::ExternalAccount| {
        let account = account.to_snapshot();
        let provider = provider_name(&account.provider);
        match account.email_address {
            Some(email) => format!("{provider} ({email})"),
            None => provider,
        }
    };
    accounts.iter().map(describe).collect::<Vec<_>>().join(", ")
}

/// `google` as "Google"; a custom provider (`custom_acme`) as Clerk names it (ASCII, as Clerk's
/// provider names are).
#[cfg(feature = "ssr")]
fn provider_name(provider: &str) -> String {
    let mut name = provider.to_owned();
    if let Some(first) = name.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    name
}
