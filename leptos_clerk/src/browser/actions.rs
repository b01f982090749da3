//! Calls into clerk-js made on the user's behalf: sign-out, modals, redirects, switching the
//! active organization. Each logs (never panics) when clerk-js is not loaded or refuses.

use js_sys::{Object, Promise, Reflect};
use leptos::prelude::{Set, WithValue};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::bindings::ClerkJs;
use super::load::describe;
use crate::ClerkContext;

/// The modals `use_clerk()` can open.
pub enum Modal {
    SignIn,
    SignUp,
    UserProfile,
}

/// `Clerk.signOut({ redirectUrl: after_sign_out_url })`.
pub(crate) fn sign_out(ctx: ClerkContext) {
    let Some(clerk) = loaded("sign_out") else {
        return;
    };
    let redirect = ctx.options.with_value(|o| o.after_sign_out_url.clone());
    let options = js_object(&[("redirectUrl", JsValue::from_str(&redirect))]);
    ctx.signing_out.set(true);
    spawn_local(async move {
        let result = settle("sign-out", clerk.sign_out(&options)).await;
        ctx.signing_out.set(false);
        drop(result);
    });
}

/// `Clerk.openSignIn()` / `openSignUp()` / `openUserProfile()`.
pub(crate) fn open(modal: Modal) {
    let Some(clerk) = loaded("open a modal") else {
        return;
    };
    let props = Object::new().into();
    let result = match modal {
        Modal::SignIn => clerk.open_sign_in(&props),
        Modal::SignUp => clerk.open_sign_up(&props),
        Modal::UserProfile => clerk.open_user_profile(&props),
    };
    if let Err(error) = result {
        leptos::logging::error!("leptos_clerk: opening a modal failed: {}", describe(error));
    }
}

/// `Clerk.redirectToSignIn/SignUp({ redirectUrl: <this page> })`.
pub(crate) fn redirect(sign_up: bool) {
    let Some(clerk) = loaded("redirect") else {
        return;
    };
    let here = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let options = js_object(&[("redirectUrl", JsValue::from_str(&here))]);
    let promise = if sign_up {
        clerk.redirect_to_sign_up(&options)
    } else {
        clerk.redirect_to_sign_in(&options)
    };
    spawn_local(async move {
        drop(settle("redirect", promise).await);
    });
}

/// `Clerk.setActive({ organization })`: `None` is the personal account.
pub(crate) fn set_active_organization(organization: Option<String>) {
    let Some(clerk) = loaded("set_active_organization") else {
        return;
    };
    let org = organization.map_or(JsValue::NULL, |id| JsValue::from_str(&id));
    let params = js_object(&[("organization", org)]);
    spawn_local(async move {
        drop(settle("setActive", clerk.set_active(&params)).await);
    });
}

/// `Clerk.user.reload()`: clerk-js fetches the user and notifies its listeners.
pub(crate) fn reload_user() {
    let Some(clerk) = loaded("reload_user") else {
        return;
    };
    let user = clerk.user();
    let reload = Reflect::get(&user, &JsValue::from_str("reload"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(reload) = reload else {
        return; // signed out: no user to reload
    };
    let promise = reload.call0(&user).and_then(JsCast::dyn_into::<Promise>);
    spawn_local(async move {
        drop(settle("user.reload", promise).await);
    });
}

fn loaded(action: &str) -> Option<ClerkJs> {
    let clerk = ClerkJs::loaded_from_window();
    if clerk.is_none() {
        leptos::logging::warn!("leptos_clerk: {action} called before clerk-js loaded; ignored");
    }
    clerk
}

/// Awaits a clerk-js promise, logging a rejection.
async fn settle(what: &str, promise: Result<Promise, JsValue>) -> Result<JsValue, ()> {
    let result = match promise {
        Ok(promise) => JsFuture::from(promise).await,
        Err(error) => Err(error),
    };
    result.map_err(|error| {
        leptos::logging::error!("leptos_clerk: {what} failed: {}", describe(error));
    })
}

/// A JS object from `(key, value)` pairs.
pub(crate) fn js_object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}
