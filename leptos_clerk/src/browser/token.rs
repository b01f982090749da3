//! `Clerk.session.getToken(..)`, once clerk-js has loaded.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::actions::js_object;
use super::bindings::ClerkJs;
use super::load::{describe, loaded_clerk};
use crate::{GetTokenOptions, TokenError};

/// The current session's token, waiting for clerk-js to load (see [`loaded_clerk`]).
pub(crate) async fn session_token(options: &GetTokenOptions) -> Result<Option<String>, TokenError> {
    let clerk = loaded_clerk().await.ok_or(TokenError::ClerkNotLoaded)?;
    token_from(&clerk, options).await
}

/// The current session's token if clerk-js is loaded; `None` at once otherwise, and when it
/// fails (logged): the caller goes on without one.
pub(crate) async fn session_token_if_loaded(options: &GetTokenOptions) -> Option<String> {
    let clerk = ClerkJs::loaded_from_window()?;
    token_from(&clerk, options).await.unwrap_or_else(|error| {
        leptos::logging::warn!("leptos_clerk: {error}");
        None
    })
}

/// `session.getToken(options)`: `Ok(None)` without a session (or when it resolves to `null`), as
/// Clerk's `getToken` returns `null` only then; a rejection is the error it threw.
async fn token_from(
    clerk: &ClerkJs,
    options: &GetTokenOptions,
) -> Result<Option<String>, TokenError> {
    let session = clerk.session();
    if session.is_null() || session.is_undefined() {
        return Ok(None);
    }
    let not_callable = || TokenError::Failed("this clerk-js has no session.getToken".to_owned());
    let get_token = Reflect::get(&session, &"getToken".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(not_callable)?;
    let mut entries = vec![("skipCache", JsValue::from_bool(options.skip_cache))];
    if let Some(template) = &options.template {
        entries.push(("template", JsValue::from_str(template)));
    }
    if let Some(org) = &options.organization_id {
        entries.push(("organizationId", JsValue::from_str(org)));
    }
    let promise: Promise = get_token
        .call1(&session, &js_object(&entries))
        .map_err(|error| TokenError::Failed(describe(error)))?
        .dyn_into()
        .map_err(|_| not_callable())?;
    match JsFuture::from(promise).await {
        Ok(token) => Ok(token.as_string()),
        Err(error) => Err(TokenError::Failed(describe(error))),
    }
}
