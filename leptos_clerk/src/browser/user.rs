//! The signed-in user's own changes through clerk-js: `Clerk.user.update(…)`,
//! `updateMetadata(…)` and `reload()`, awaited. Each answers with clerk-js's updated user;
//! clerk-js also emits it to its listeners, which `use_user()` follows.

use wasm_bindgen::JsValue;

use super::actions::{js_object, outcome};
use super::json::to_js;
use super::resources::{field, time, user_from_resource};
use super::sign_in::{call, loaded, refusal};
use crate::{ClerkApiError, UserSnapshot, UserUpdate};

/// `Clerk.user.update({ firstName, … })`.
pub(crate) async fn update_user(changes: UserUpdate) -> Result<UserSnapshot, ClerkApiError> {
    let entries: Vec<_> = changes
        .fields()
        .into_iter()
        .map(|(key, value)| (key, JsValue::from_str(value)))
        .collect();
    if entries.is_empty() {
        return on_user("reload", &JsValue::UNDEFINED).await;
    }
    change_user("update", &js_object(&entries)).await
}

/// `Clerk.user.updateMetadata({ unsafeMetadata })`: a merge.
pub(crate) async fn update_user_metadata(
    unsafe_metadata: serde_json::Value,
) -> Result<UserSnapshot, ClerkApiError> {
    change_user(
        "updateMetadata",
        &js_object(&[("unsafeMetadata", to_js(&unsafe_metadata))]),
    )
    .await
}

/// `Clerk.user.reload()`.
pub(crate) async fn reload_user_now() -> Result<UserSnapshot, ClerkApiError> {
    on_user("reload", &JsValue::UNDEFINED).await
}

/// [`on_user`] for a change, which must reach Clerk.
///
/// clerk-js resolves a request it could not send, with the user unchanged, when it takes the
/// browser for offline (`navigator.onLine` false, or an automated browser:
/// `navigator.webdriver`); Clerk's React hooks then report a change that was never made. A
/// change Clerk made moves the user's `updatedAt`, so an unmoved one there is "not sent".
async fn change_user(method: &str, argument: &JsValue) -> Result<UserSnapshot, ClerkApiError> {
    let before = time(&field(&signed_in_user().await?, "updatedAt"));
    let (updated, snapshot) = on_user_resource(method, argument).await?;
    if clerk_js_thinks_offline() && time(&field(&updated, "updatedAt")) == before {
        return Err(ClerkApiError {
            code: Some("network_error".to_owned()),
            ..ClerkApiError::without_code("Clerk could not be reached: nothing was changed")
        });
    }
    Ok(snapshot)
}

/// `Clerk.user[method](argument)` once clerk-js has loaded, as the user it resolves to.
async fn on_user(method: &str, argument: &JsValue) -> Result<UserSnapshot, ClerkApiError> {
    Ok(on_user_resource(method, argument).await?.1)
}

async fn on_user_resource(
    method: &str,
    argument: &JsValue,
) -> Result<(JsValue, UserSnapshot), ClerkApiError> {
    let user = signed_in_user().await?;
    let updated = outcome(call(&user, method, argument))
        .await
        .map_err(refusal)?;
    let snapshot = user_from_resource(&updated);
    Ok((updated, snapshot))
}

/// clerk-js's user once it has loaded, or why there is none.
async fn signed_in_user() -> Result<JsValue, ClerkApiError> {
    let user = loaded().await?.user();
    if user.is_object() {
        Ok(user)
    } else {
        Err(ClerkApiError::without_code(
            "signed out: there is no user to change",
        ))
    }
}

/// clerk-js's `isValidBrowserOnline()` is false: it answers `null` for a request that failed.
fn clerk_js_thinks_offline() -> bool {
    let navigator = field(&js_sys::global(), "navigator");
    field(&navigator, "onLine").as_bool() == Some(false)
        || field(&navigator, "webdriver").as_bool() == Some(true)
}
