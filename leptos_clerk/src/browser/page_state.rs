//! Reading the server's [`PageState`] JSON while hydrating, from the element `<ClerkScripts/>`
//! wrote into the `<head>`: `JSON.parse`, then field by field,
//! with the names and defaults that `#[derive(Deserialize)]` gives the same types on the server.
//! Reading every value exactly as the server wrote it keeps the first render equal to the HTML.

use js_sys::{Array, Reflect, JSON};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

use super::json::from_js;
use super::resources::each;
use crate::page_state::PageState;
use crate::{
    AuthSnapshot, ClerkOptions, EmailAddressSnapshot, ExternalAccountSnapshot, PhoneNumberSnapshot,
    UserSnapshot,
};

/// The page state the server wrote, or `None` when the page has none (no `<ClerkScripts/>`).
pub fn read() -> Option<PageState> {
    let json = web_sys::window()?
        .document()?
        .get_element_by_id(crate::page_state::ELEMENT_ID)?
        .text_content()?;
    parse(&json)
}

/// The page state in `json`, or `None` when it is not the server's JSON.
fn parse(json: &str) -> Option<PageState> {
    let root = JSON::parse(json).ok()?;
    Some(PageState {
        auth: auth(&object(&root, "auth")?),
        options: options(&object(&root, "options")?)?,
    })
}

fn auth(auth: &JsValue) -> AuthSnapshot {
    AuthSnapshot {
        user_id: text(auth, "user_id"),
        session_id: text(auth, "session_id"),
        session_status: text(auth, "session_status"),
        org_id: text(auth, "org_id"),
        org_role: text(auth, "org_role"),
        org_slug: text(auth, "org_slug"),
        org_permissions: texts(auth, "org_permissions"),
        session_claims: json(auth, "session_claims"),
        actor: json(auth, "actor"),
        user: object(auth, "user").map(|user| user_snapshot(&user)),
    }
}

fn user_snapshot(user: &JsValue) -> UserSnapshot {
    UserSnapshot {
        id: text(user, "id").unwrap_or_default(),
        first_name: text(user, "first_name"),
        last_name: text(user, "last_name"),
        username: text(user, "username"),
        image_url: text(user, "image_url"),
        primary_email_address: text(user, "primary_email_address"),
        email_addresses: each(user, "email_addresses", email_address),
        primary_phone_number: text(user, "primary_phone_number"),
        phone_numbers: each(user, "phone_numbers", phone_number),
        external_accounts: each(user, "external_accounts", external_account),
        public_metadata: from_js(&field(user, "public_metadata")),
        unsafe_metadata: from_js(&field(user, "unsafe_metadata")),
        has_image: flag(user, "has_image"),
        password_enabled: flag(user, "password_enabled"),
        two_factor_enabled: flag(user, "two_factor_enabled"),
        created_at: millis(user, "created_at"),
        last_sign_in_at: millis(user, "last_sign_in_at"),
    }
}

fn email_address(email: &JsValue) -> EmailAddressSnapshot {
    EmailAddressSnapshot {
        id: text(email, "id").unwrap_or_default(),
        email_address: text(email, "email_address").unwrap_or_default(),
        verified: flag(email, "verified"),
    }
}

fn phone_number(phone: &JsValue) -> PhoneNumberSnapshot {
    PhoneNumberSnapshot {
        id: text(phone, "id").unwrap_or_default(),
        phone_number: text(phone, "phone_number").unwrap_or_default(),
        verified: flag(phone, "verified"),
    }
}

fn external_account(account: &JsValue) -> ExternalAccountSnapshot {
    ExternalAccountSnapshot {
        id: text(account, "id").unwrap_or_default(),
        provider: text(account, "provider").unwrap_or_default(),
        email_address: text(account, "email_address"),
        username: text(account, "username"),
        image_url: text(account, "image_url"),
        verified: flag(account, "verified"),
    }
}

/// The options; the required fields must be there, as `Deserialize` requires them.
fn options(options: &JsValue) -> Option<ClerkOptions> {
    Some(ClerkOptions {
        sign_in_url: text(options, "sign_in_url")?,
        sign_up_url: text(options, "sign_up_url")?,
        sign_in_fallback_redirect_url: text(options, "sign_in_fallback_redirect_url")?,
        sign_up_fallback_redirect_url: text(options, "sign_up_fallback_redirect_url")?,
        sign_in_force_redirect_url: text(options, "sign_in_force_redirect_url"),
        sign_up_force_redirect_url: text(options, "sign_up_force_redirect_url"),
        waitlist_url: text(options, "waitlist_url"),
        task_urls: json(options, "task_urls"),
        after_sign_out_url: text(options, "after_sign_out_url")?,
        is_satellite: flag(options, "is_satellite"),
        satellite_auto_sync: flag(options, "satellite_auto_sync"),
        treat_pending_as_signed_out: field(options, "treat_pending_as_signed_out")
            .as_bool()
            .unwrap_or(true),
        telemetry: field(options, "telemetry").as_bool()?,
        load_timeout_ms: field(options, "load_timeout_ms").as_f64()? as u32,
        // Props of `<ClerkProvider>`, which sets them: not in the page.
        appearance: None,
        localization: None,
        load_options: None,
    })
}

fn field(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `key` when it holds an object (`null` is `None`, as `Option` deserializes it).
fn object(object: &JsValue, key: &str) -> Option<JsValue> {
    let value = field(object, key);
    value.is_object().then_some(value)
}

fn text(object: &JsValue, key: &str) -> Option<String> {
    field(object, key).as_string()
}

fn flag(object: &JsValue, key: &str) -> bool {
    field(object, key).as_bool().unwrap_or_default()
}

/// A Unix-milliseconds number (JSON numbers are `f64` in JS; these are whole).
#[allow(clippy::cast_possible_truncation)]
fn millis(object: &JsValue, key: &str) -> Option<i64> {
    field(object, key).as_f64().map(|ms| ms as i64)
}

fn texts(object: &JsValue, key: &str) -> Option<Vec<String>> {
    let list = field(object, key).dyn_into::<Array>().ok()?;
    Some(list.iter().filter_map(|item| item.as_string()).collect())
}

/// `key` as JSON data; absent or `null` is `None`, as `Option<Value>` deserializes it.
fn json(object: &JsValue, key: &str) -> Option<Value> {
    let value = field(object, key);
    (!value.is_undefined() && !value.is_null()).then(|| from_js(&value))
}
