//! `Clerk.session.getToken(..)`, once clerk-js has loaded.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::actions::js_object;
use super::bindings::ClerkJs;
use super::load::{describe, loaded_clerk};
use crate::GetTokenOptions;

/// The current session's token, waiting for clerk-js to load (see [`loaded_clerk`]).
pub(crate) async fn session_token(options: &GetTokenOptions) -> Option<String> {
    token_from(&loaded_clerk().await?, options).await
}

/// The current session's token if clerk-js is loaded; `None` at once otherwise.
pub(crate) async fn session_token_if_loaded(options: &GetTokenOptions) -> Option<String> {
    token_from(&ClerkJs::loaded_from_window()?, options).await
}

async fn token_from(clerk: &ClerkJs, options: &GetTokenOptions) -> Option<String> {
    let session = clerk.session();
    if session.is_null() || session.is_undefined() {
        return None;
    }
    let get_token = Reflect::get(&session, &"getToken".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let mut entries = vec![("skipCache", JsValue::from_bool(options.skip_cache))];
    if let Some(template) = &options.template {
        entries.push(("template", JsValue::from_str(template)));
    }
    if let Some(org) = &options.organization_id {
        entries.push(("organizationId", JsValue::from_str(org)));
    }
    let promise: Promise = get_token
        .call1(&session, &js_object(&entries))
        .ok()?
        .dyn_into()
        .ok()?;
    match JsFuture::from(promise).await {
        Ok(token) => token.as_string(),
        Err(error) => {
            leptos::logging::warn!("leptos_clerk: getToken failed: {}", describe(error));
            None
        }
    }
}
