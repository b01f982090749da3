//! `/use-auth`: the guide's **`useAuth()`** component, with its `fetchExternalData`: a session
//! token from `get_token()` sent as `Authorization: Bearer` to an API (here the app's own
//! `/api/me`, with no cookies, as another service would be called).

use leptos::prelude::*;
use leptos_clerk::{use_auth, ButtonMode, GetTokenOptions, SignInButton, SignUpButton};

#[component]
pub fn UseAuthPage() -> impl IntoView {
    let auth = use_auth();
    view! {
        <h1>"use_auth()"</h1>
        {move || {
            if !auth.is_loaded.get() {
                view! { <p>"Loading…"</p> }.into_any()
            } else if auth.user_id.get().is_none() {
                // Clerk's buttons: the modal signs in over this page, which stays (instead of
                // going to the app's fallback, /dashboard) and follows the new session without a
                // reload; sign-up goes to its page and comes back here.
                view! {
                    <p id="use-auth-signed-out">"Sign in to view this page"</p>
                    <p>
                        <SignInButton
                            mode=ButtonMode::Modal
                            fallback_redirect_url="/use-auth"
                            class="button"
                        />
                        " "
                        <SignUpButton class="button"/>
                    </p>
                }
                .into_any()
            } else {
                view! {
                    <p id="use-auth-hello">
                        "Hello, " {move || auth.user_id.get()} "! Your current active session is "
                        {move || auth.session_id.get()} "."
                    </p>
                    <FetchWithToken/>
                }
                .into_any()
            }
        }}
    }
}

/// A button that calls `/api/me` with a fresh session token and shows the answer.
#[component]
fn FetchWithToken() -> impl IntoView {
    let auth = use_auth();
    let call = Action::new_local(move |_: &()| async move {
        // `Ok(None)` is signed out; an error is clerk-js failing (offline, not loaded), which
        // is not a reason to send a signed-in user to sign in.
        let token = match auth.get_token(GetTokenOptions::default()).await {
            Ok(Some(token)) => token,
            Ok(None) => return "no session token: are you signed in?".to_owned(),
            Err(error) => return format!("no session token: {error}"),
        };
        match fetch_with_bearer("/api/me", &token).await {
            Ok((status, body)) => format!("HTTP {status}\n{body}"),
            Err(error) => format!("the request failed: {error}"),
        }
    });
    view! {
        <button id="fetch-api" class="button" type="button" on:click=move |_| { call.dispatch(()); }>
            "Call /api/me with a session token"
        </button>
        <pre id="api-answer">{move || call.value().get()}</pre>
    }
}

/// `fetch(path, { headers: { Authorization: "Bearer …" }, credentials: "omit" })`: no cookies,
/// so the token alone authenticates the call, as it would for another origin.
#[cfg(feature = "hydrate")]
async fn fetch_with_bearer(path: &str, token: &str) -> Result<(u16, String), String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Headers, RequestCredentials, RequestInit, Response};

    let describe = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let headers = Headers::new().map_err(describe)?;
    headers
        .set("Authorization", &format!("Bearer {token}"))
        .map_err(describe)?;
    headers
        .set("Accept", "application/json")
        .map_err(describe)?;
    let init = RequestInit::new();
    init.set_headers(&headers);
    init.set_credentials(RequestCredentials::Omit);
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(describe)?
        .dyn_into()
        .map_err(describe)?;
    let text = JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    Ok((response.status(), text.as_string().unwrap_or_default()))
}

/// The server never runs the button's action: it only renders the page.
#[cfg(not(feature = "hydrate"))]
async fn fetch_with_bearer(_path: &str, _token: &str) -> Result<(u16, String), String> {
    Err("only in the browser".into())
}
