//! The signed-in user's own changes through clerk-js: `Clerk.user.update(…)`,
//! `updateMetadata(…)` and `reload()`, awaited. Each answers with clerk-js's updated user;
//! clerk-js also emits it to its listeners, which `use_user()` follows.

use js_sys::Object;
use wasm_bindgen::JsValue;

use super::actions::{js_object, outcome};
use super::json::to_js;
use super::resources::{field, time, user_from_resource};
use super::sign_in::{call, loaded, not_sent, refusal};
use crate::{ClerkApiError, UserSnapshot, UserUpdate};

/// `Clerk.user.update({ firstName, … })`; with nothing to change, `reload()`.
pub(crate) async fn update_user(changes: UserUpdate) -> Result<UserSnapshot, ClerkApiError> {
    let entries: Vec<_> = changes
        .fields()
        .into_iter()
        .map(|(key, value)| (key, JsValue::from_str(value)))
        .collect();
    if entries.is_empty() {
        return reload_user_now().await;
    }
    on_user("update", &js_object(&entries)).await
}

/// `Clerk.user.updateMetadata({ unsafeMetadata })`: a merge.
pub(crate) async fn update_user_metadata(
    unsafe_metadata: serde_json::Value,
) -> Result<UserSnapshot, ClerkApiError> {
    on_user(
        "updateMetadata",
        &js_object(&[("unsafeMetadata", to_js(&unsafe_metadata))]),
    )
    .await
}

/// `Clerk.user.reload()`.
pub(crate) async fn reload_user_now() -> Result<UserSnapshot, ClerkApiError> {
    on_user("reload", &JsValue::UNDEFINED).await
}

/// `Clerk.user[method](argument)` once clerk-js has loaded, as the user it resolves to.
///
/// When clerk-js takes the browser for offline (`navigator.onLine` false, an automated or
/// in-app browser), it resolves a request that failed as if Clerk had answered, with the user
/// unchanged; Clerk's React hooks then report a change that was never made. Clerk's answer
/// either replaces `Clerk.user` (every answer to the browser carries the client) or at least
/// moves the user's `updatedAt`: neither happening means nothing reached Clerk.
async fn on_user(method: &str, argument: &JsValue) -> Result<UserSnapshot, ClerkApiError> {
    let clerk = loaded().await?;
    let user = clerk.user();
    if !user.is_object() {
        return Err(ClerkApiError::without_code(
            "signed out: there is no user to change",
        ));
    }
    let before = time(&field(&user, "updatedAt"));
    let answered = outcome(call(&user, method, argument))
        .await
        .map_err(refusal)?;
    let untouched =
        Object::is(&clerk.user(), &user) && time(&field(&answered, "updatedAt")) == before;
    if untouched {
        return Err(not_sent());
    }
    Ok(user_from_resource(&answered))
}
