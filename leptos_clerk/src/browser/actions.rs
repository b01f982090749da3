//! Calls into clerk-js made on the user's behalf (sign-out, component mounting).

use js_sys::{Object, Reflect};
use leptos::prelude::{Set, WithValue};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::bindings::ClerkJs;
use super::load::describe;
use crate::ClerkContext;

/// `Clerk.signOut({ redirectUrl: after_sign_out_url })`.
pub(crate) fn sign_out(ctx: ClerkContext) {
    let Some(clerk) = ClerkJs::from_window().filter(|c| c.loaded()) else {
        leptos::logging::warn!("leptos_clerk: sign_out called before clerk-js loaded; ignored");
        return;
    };
    let options = Object::new();
    let redirect = ctx.options.with_value(|o| o.after_sign_out_url.clone());
    let _ = Reflect::set(
        &options,
        &"redirectUrl".into(),
        &JsValue::from_str(&redirect),
    );
    ctx.signing_out.set(true);
    spawn_local(async move {
        let result = match clerk.sign_out(&options) {
            Ok(promise) => JsFuture::from(promise).await.map(|_| ()),
            Err(error) => Err(error),
        };
        ctx.signing_out.set(false);
        if let Err(error) = result {
            leptos::logging::error!("leptos_clerk: sign-out failed: {}", describe(error));
        }
    });
}

/// A JS object from `(key, value)` pairs.
pub(crate) fn js_object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}
