use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the profile page shows: a few fields of the Backend API's user.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ProfileData {
    pub id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub created_at: i64,
}

/// The Remix loader from Clerk's docs, as a server function: read the request's auth, send
/// signed-out visitors to sign-in, then fetch the user through the Backend API.
///
/// `AuthClient` sends a fresh session token with each call from the browser, so the call is
/// authenticated even when the 60-second `__session` cookie has lapsed in a background tab.
#[server(client = leptos_clerk::AuthClient)]
pub async fn load_profile() -> Result<ProfileData, ServerFnError> {
    use leptos_clerk::server::{clerk_client, get_auth, redirect_to_sign_in};

    let auth = get_auth().await?;
    let Some(user_id) = auth.user_id else {
        redirect_to_sign_in();
        return Err(ServerFnError::new("signed out"));
    };
    let user = clerk_client()?
        .users()
        .get_user(&user_id)
        .await
        .map_err(|e| ServerFnError::new(format!("Backend API: {e}")))?;
    Ok(ProfileData {
        email: user.primary_email_address().map(str::to_owned),
        id: user.id,
        first_name: user.first_name,
        last_name: user.last_name,
        created_at: user.created_at,
    })
}

/// Loads its data with a server function in a Resource: rendered on the server for a page
/// load, fetched over HTTP on a client-side navigation.
#[component]
pub fn Profile() -> impl IntoView {
    let profile = Resource::new(|| (), |_| load_profile());
    view! {
        <h1>"Profile"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(p) => view! {
                        <dl id="profile">
                            <dt>"Name"</dt>
                            <dd id="profile-name">
                                {p.first_name.unwrap_or_default()} " " {p.last_name.unwrap_or_default()}
                            </dd>
                            <dt>"Email"</dt>
                            <dd id="profile-email">{p.email.unwrap_or_default()}</dd>
                            <dt>"User id"</dt>
                            <dd><code>{p.id}</code></dd>
                        </dl>
                    }
                    .into_any(),
                    Err(e) => view! { <p class="error">"Could not load your profile: " {e.to_string()}</p> }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}
