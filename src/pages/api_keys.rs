//! `/api-keys`: the signed-in user's API keys, for scripts that call the JSON API (`/api/notes`)
//! as the user, without a browser session. Keys are made, listed and revoked through the
//! Backend API on the server; a new key's secret is shown once, in the answer that made it.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::ErrorPage;

/// Longest key name accepted, in characters.
const MAX_KEY_NAME_CHARS: usize = 64;

/// A key as the page lists it: never its secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeySummary {
    pub id: String,
    pub name: String,
}

/// A key just made: the only time its secret is seen.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct NewKey {
    pub key: KeySummary,
    pub secret: String,
}

// By hand, so that the secret never reaches a log line.
impl std::fmt::Debug for NewKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewKey")
            .field("key", &self.key)
            .field("secret", &"[redacted]")
            .finish()
    }
}

#[cfg(feature = "ssr")]
impl From<&leptos_clerk::server::ApiKey> for KeySummary {
    fn from(key: &leptos_clerk::server::ApiKey) -> Self {
        Self {
            id: key.id.clone(),
            name: key.name.clone(),
        }
    }
}

/// The signed-in user's live keys, newest first.
#[server(client = leptos_clerk::AuthClient)]
pub async fn list_api_keys() -> Result<Vec<KeySummary>, ServerFnError> {
    use crate::server::context::{backend_error, viewer_or_sign_in};

    let viewer = viewer_or_sign_in().await?;
    let keys = leptos_clerk::server::clerk_client()?
        .api_keys()
        .list_api_keys(&viewer.user_id)
        .await
        .map_err(backend_error)?;
    Ok(keys.iter().map(KeySummary::from).collect())
}

/// A new key for the signed-in user, named `name`.
#[server(client = leptos_clerk::AuthClient)]
pub async fn create_api_key(name: String) -> Result<NewKey, ServerFnError> {
    use crate::server::context::{backend_error, set_status, viewer_or_sign_in};
    use leptos_clerk::server::ApiKeyParams;

    let viewer = viewer_or_sign_in().await?;
    let name = name.trim().to_owned();
    if name.is_empty() || name.chars().count() > MAX_KEY_NAME_CHARS {
        set_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        return Err(ServerFnError::new(format!(
            "a key needs a name of 1 to {MAX_KEY_NAME_CHARS} characters"
        )));
    }
    let mut params = ApiKeyParams::new(name, viewer.user_id.clone());
    params.created_by = Some(viewer.user_id);
    let key = leptos_clerk::server::clerk_client()?
        .api_keys()
        .create_api_key(&params)
        .await
        .map_err(backend_error)?;
    let secret = key
        .secret
        .clone()
        .ok_or_else(|| ServerFnError::new("Backend API: the new key came without its secret"))?;
    Ok(NewKey {
        key: KeySummary::from(&key),
        secret,
    })
}

/// Revokes one of the signed-in user's keys: scripts using it are refused from then on.
#[server(client = leptos_clerk::AuthClient)]
pub async fn revoke_api_key(id: String) -> Result<(), ServerFnError> {
    use crate::server::context::{backend_error, set_status, viewer_or_sign_in};

    let viewer = viewer_or_sign_in().await?;
    let client = leptos_clerk::server::clerk_client()?;
    let keys = client.api_keys();
    // Only the user's own: another's key is "no such key", as an unknown one is.
    let own = match keys.get_api_key(&id).await {
        Ok(key) => key.subject == viewer.user_id,
        Err(error) if error.status() == Some(404) => false,
        Err(error) => return Err(backend_error(error)),
    };
    if !own {
        set_status(axum::http::StatusCode::NOT_FOUND);
        return Err(ServerFnError::new("no such key"));
    }
    keys.revoke_api_key(&id, Some("revoked by its owner"))
        .await
        .map_err(backend_error)?;
    Ok(())
}

/// The page: how a script uses a key, a form to make one, and the list with a revoke button
/// each. Revoking works without JavaScript (an `<ActionForm>` posts); making a key needs it: a
/// plain form post is answered with a redirect back to the page, and the secret, in that
/// answer's body, would never be seen. So the button is enabled once the page is live.
#[component]
pub fn ApiKeys() -> impl IntoView {
    let create = ServerAction::<CreateApiKey>::new();
    // Effects run in the browser only, once hydrated: the server renders the button disabled.
    let live = RwSignal::new(false);
    Effect::new(move || live.set(true));
    let revoke = ServerAction::<RevokeApiKey>::new();
    let keys = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_api_keys(),
    );
    let created = move || {
        create.value().get().map(|result| match result {
            Ok(NewKey { key, secret }) => view! {
                <div class="new-key" id="api-key-created">
                    <p>"Your new key " <strong>{key.name}</strong> ". Copy it now: it is not shown again."</p>
                    <code id="api-key-secret">{secret}</code>
                </div>
            }
            .into_any(),
            Err(error) => view! { <p class="error" id="api-keys-error">{error.to_string()}</p> }
                .into_any(),
        })
    };
    let revoke_error = move || {
        revoke
            .value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <p class="error">{error.to_string()}</p> })
    };

    view! {
        <h1>"API keys"</h1>
        <p>
            "A key lets a script call the JSON API as you, on your personal notes, with no browser session: "
            <code>"curl -H \"Authorization: Bearer ak_…\" …/api/notes"</code>
        </p>
        <ActionForm action=create attr:class="inline-form" attr:id="new-api-key">
            <label>
                "Name "
                <input type="text" name="name" required maxlength=MAX_KEY_NAME_CHARS placeholder="laptop"/>
            </label>
            <button type="submit" class="button" disabled=move || !live.get() || create.pending().get()>
                "Create key"
            </button>
        </ActionForm>
        <noscript><p class="hint">"Making a key needs JavaScript: its secret is shown in the page."</p></noscript>
        {created}
        {revoke_error}
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors/> }>
                {move || Suspend::new(async move {
                    let list = keys.await?;
                    Ok::<_, ServerFnError>(if list.is_empty() {
                        view! { <p id="api-keys-empty">"No keys yet."</p> }.into_any()
                    } else {
                        view! {
                            <ul id="api-keys" class="api-keys">
                                {list
                                    .into_iter()
                                    .map(|key| view! { <KeyItem key revoke/> })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any()
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn KeyItem(key: KeySummary, revoke: ServerAction<RevokeApiKey>) -> impl IntoView {
    let KeySummary { id, name } = key;
    let item_id = id.clone();
    view! {
        <li class="api-key" data-key-id=item_id>
            <span class="api-key-name">{name}</span>
            <ActionForm action=revoke attr:class="inline-form">
                <input type="hidden" name="id" value=id/>
                <button type="submit" class="button danger">"Revoke"</button>
            </ActionForm>
        </li>
    }
}
