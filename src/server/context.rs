//! What server functions need from the server: the database, the signed-in viewer (or a
//! redirect to sign-in), and a way to answer with the status an error deserves (a failed
//! Backend API call's too).

use axum::http::{header, request::Parts, Method, StatusCode};
use leptos::prelude::{use_context, ServerFnError};
use leptos_axum::ResponseOptions;
use leptos_clerk::server::get_auth;

use super::db::Db;
use super::notes::Viewer;
use super::state::AppState;

/// The pool, from the `AppState` the router provides to every server function.
pub fn db() -> Result<Db, ServerFnError> {
    use_context::<AppState>()
        .map(|state| state.db)
        .ok_or_else(|| ServerFnError::new("no AppState in context: see server/router.rs"))
}

/// The signed-in viewer. Signed out, the caller is sent to sign-in, coming back to the page it
/// was on (`redirect_url`), and the server function ends with an error.
pub async fn viewer_or_sign_in() -> Result<Viewer, ServerFnError> {
    Ok(Viewer::from(&get_auth().await?.require_user()?))
}

/// Answers the request with `status` (a server function's error is a 500 otherwise, which
/// clients retry and the request log reports as the server's failure). Not for a form posted
/// without JavaScript: leptos_axum answers it with a redirect back to the page and applies this
/// status after it, replacing it. Its test for such a post (`Accept` names `text/html`, a
/// `Referer` is sent), narrowed to POST: a page's own render, which must get the status, is a GET
/// that passes the same header test.
pub fn set_status(status: StatusCode) {
    let Some(response) = use_context::<ResponseOptions>() else {
        return;
    };
    let plain_form_post = use_context::<Parts>().is_some_and(|parts| {
        let accepts_html = parts
            .headers
            .get(header::ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"));
        parts.method == Method::POST && accepts_html && parts.headers.contains_key(header::REFERER)
    });
    if !plain_form_post {
        response.set_status(status);
    }
}

/// A failed Backend API call, for the browser: Clerk's own answer to a bad request (400, 404,
/// 422) is shown; anything else (the API's URL, the network's error, a rejected secret key) goes
/// to the log only. A refused input (400, 422: a name Clerk does not take) is answered with that
/// status, as the JSON API answers one; the rest is the server's failure (500), a user unknown
/// to Clerk (404) too: the page cannot be shown.
pub fn backend_error(error: leptos_clerk::server::ClerkError) -> ServerFnError {
    tracing::error!("Backend API call failed: {error}");
    // Not 401/403: those are about the server's secret key, not the visitor's request.
    let Some(status @ (400 | 404 | 422)) = error.status() else {
        return ServerFnError::new("Backend API: unavailable, try again in a moment");
    };
    if let Some(refused) = axum::http::StatusCode::from_u16(status)
        .ok()
        .filter(|_| status != 404)
    {
        set_status(refused);
    }
    ServerFnError::new(match error.long_message().or(error.message()) {
        Some(message) => format!("Backend API: {message} ({status})"),
        None => format!("Backend API: the request was refused ({status})"),
    })
}
