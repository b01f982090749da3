//! Reading clerk-js resources (`session`, `user`) into the SDK's plain Rust state.
//!
//! The shapes are clerk-js's camelCase resource classes (`@clerk/shared` `SessionResource`,
//! `UserResource`), not the Frontend API's snake_case JSON.

use js_sys::{Reflect, JSON};
use wasm_bindgen::JsValue;

use crate::{AuthSnapshot, UserSnapshot};

/// The auth state of one clerk-js emission (`{client, session, user, organization}`).
pub fn snapshot_from_resources(resources: &JsValue) -> AuthSnapshot {
    let session = field(resources, "session");
    let user = field(resources, "user");
    if is_absent(&session) || is_absent(&user) {
        return AuthSnapshot::signed_out();
    }
    let claims = json_of(&field(
        &field(&field(&session, "lastActiveToken"), "jwt"),
        "claims",
    ));
    let org = claims.as_ref().and_then(|c| c.get("o")).cloned();
    let org_text = |key: &str| {
        org.as_ref()
            .and_then(|o| o.get(key))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    AuthSnapshot {
        user_id: text(&user, "id"),
        session_id: text(&session, "id"),
        session_status: text(&session, "status"),
        org_id: org_text("id"),
        org_role: org_text("rol").map(|role| format!("org:{role}")),
        org_slug: org_text("slg"),
        org_permissions: None,
        actor: claims.as_ref().and_then(|c| c.get("act")).cloned(),
        session_claims: claims,
        user: Some(user_from_resource(&user)),
    }
}

/// A clerk-js `UserResource` as the SDK's public user profile.
pub fn user_from_resource(user: &JsValue) -> UserSnapshot {
    UserSnapshot {
        id: text(user, "id").unwrap_or_default(),
        first_name: text(user, "firstName"),
        last_name: text(user, "lastName"),
        username: text(user, "username"),
        image_url: text(user, "imageUrl"),
        primary_email_address: text(&field(user, "primaryEmailAddress"), "emailAddress"),
        public_metadata: json_of(&field(user, "publicMetadata")).unwrap_or_default(),
    }
}

fn field(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(object: &JsValue, key: &str) -> Option<String> {
    field(object, key).as_string().filter(|s| !s.is_empty())
}

fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// A plain JS object as JSON, through `JSON.stringify` (claims and metadata are plain data).
fn json_of(value: &JsValue) -> Option<serde_json::Value> {
    if is_absent(value) {
        return None;
    }
    let text = JSON::stringify(value).ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}
