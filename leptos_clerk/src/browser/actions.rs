//! Calls into clerk-js made on the user's behalf: sign-out, modals, redirects, switching the
//! active organization. One asked for while clerk-js loads runs once it has loaded; each logs
//! (never panics) when clerk-js fails to load or refuses.

use js_sys::{Object, Promise, Reflect};
use leptos::prelude::{Set, WithValue};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::bindings::ClerkJs;
use super::load::{describe, loaded_clerk};
use super::resources::{organization, user_memberships as user_memberships_of};
use crate::client::AfterAuth;
use crate::{ClerkContext, OrganizationSnapshot, SignOutOptions, UserMembershipSnapshot};

/// The modals `use_clerk()` can open.
pub enum Modal {
    SignIn,
    SignUp,
    UserProfile,
    OrganizationProfile,
    CreateOrganization,
}

/// `Clerk.signOut({ redirectUrl, sessionId })`; the redirect defaults to `after_sign_out_url`.
pub(crate) fn sign_out(ctx: ClerkContext, options: SignOutOptions) {
    let redirect = options
        .redirect_url
        .unwrap_or_else(|| ctx.options.with_value(|o| o.after_sign_out_url.clone()));
    let mut entries = vec![("redirectUrl", JsValue::from_str(&redirect))];
    if let Some(session) = options.session_id {
        entries.push(("sessionId", JsValue::from_str(&session)));
    }
    let options = js_object(&entries);
    when_loaded("sign_out", move |clerk| {
        ctx.signing_out.set(true);
        spawn_local(async move {
            let result = settle("sign-out", clerk.sign_out(&options)).await;
            ctx.signing_out.set(false);
            drop(result);
        });
    });
}

/// `Clerk.openSignIn()` / `openSignUp()` / `openUserProfile()`, with the sign-in or sign-up
/// form's `forceRedirectUrl` / `fallbackRedirectUrl` when given.
pub(crate) fn open(modal: Modal, after: AfterAuth) {
    let props = js_object(&after.entries("forceRedirectUrl", "fallbackRedirectUrl"));
    when_loaded("open a modal", move |clerk| {
        let result = match modal {
            Modal::SignIn => clerk.open_sign_in(&props),
            Modal::SignUp => clerk.open_sign_up(&props),
            Modal::UserProfile => clerk.open_user_profile(&props),
            Modal::OrganizationProfile => clerk.open_organization_profile(&props),
            Modal::CreateOrganization => clerk.open_create_organization(&props),
        };
        if let Err(error) = result {
            leptos::logging::error!("leptos_clerk: opening a modal failed: {}", describe(error));
        }
    });
}

/// `Clerk.redirectToSignIn/SignUp({ redirectUrl: <this page>, … })`: after signing in or up,
/// the user comes back here, unless `after` forces another page.
pub(crate) fn redirect(sign_up: bool, after: AfterAuth) {
    let here = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let mut entries = if sign_up {
        after.entries("signUpForceRedirectUrl", "signUpFallbackRedirectUrl")
    } else {
        after.entries("signInForceRedirectUrl", "signInFallbackRedirectUrl")
    };
    entries.push(("redirectUrl", JsValue::from_str(&here)));
    let options = js_object(&entries);
    when_loaded("redirect", move |clerk| {
        let promise = if sign_up {
            clerk.redirect_to_sign_up(&options)
        } else {
            clerk.redirect_to_sign_in(&options)
        };
        spawn_local(async move {
            drop(settle("redirect", promise).await);
        });
    });
}

impl AfterAuth {
    /// The URLs given, under clerk-js's names for them.
    fn entries(self, force: &'static str, fallback: &'static str) -> Vec<(&'static str, JsValue)> {
        let urls = [
            (force, self.force_redirect_url),
            (fallback, self.fallback_redirect_url),
        ];
        urls.into_iter()
            .filter_map(|(key, url)| Some((key, JsValue::from_str(&url?))))
            .collect()
    }
}

/// `Clerk.setActive({ organization })`: `None` is the personal account.
pub(crate) fn set_active_organization(organization: Option<String>) {
    let org = organization.map_or(JsValue::NULL, |id| JsValue::from_str(&id));
    let params = js_object(&[("organization", org)]);
    when_loaded("set_active_organization", move |clerk| {
        spawn_local(async move {
            drop(settle("setActive", clerk.set_active(&params)).await);
        });
    });
}

/// `Clerk.createOrganization({ name, slug })`, once clerk-js has loaded: the new organization
/// (the signed-in user is its admin; clerk-js's user lists it at once), or why not.
pub(crate) async fn create_organization(
    name: &str,
    slug: Option<&str>,
) -> Result<OrganizationSnapshot, String> {
    let clerk = loaded_clerk()
        .await
        .ok_or_else(|| "clerk-js did not load".to_owned())?;
    let mut params = vec![("name", JsValue::from_str(name))];
    if let Some(slug) = slug.filter(|slug| !slug.is_empty()) {
        params.push(("slug", JsValue::from_str(slug)));
    }
    let created = outcome(clerk.create_organization(&js_object(&params)))
        .await
        .map_err(describe)?;
    organization(&created).ok_or_else(|| "clerk-js answered no organization".to_owned())
}

/// The signed-in user's organizations as clerk-js has them now (none when signed out), or
/// `None` while clerk-js is between two states (its user is `undefined` while `setActive` or a
/// sign-out navigates) or not loaded.
pub(crate) fn user_memberships() -> Option<Vec<UserMembershipSnapshot>> {
    let user = ClerkJs::loaded_from_window()?.user();
    (!user.is_undefined()).then(|| user_memberships_of(&user))
}

/// `Clerk.user.reload()`: clerk-js fetches the user and notifies its listeners.
pub(crate) fn reload_user() {
    when_loaded("reload_user", |clerk| {
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
    });
}

/// What was asked of clerk-js while it loads, in the order asked.
type Pending = Vec<(&'static str, Box<dyn FnOnce(ClerkJs)>)>;

thread_local! {
    static PENDING: std::cell::RefCell<Pending> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `action` with clerk-js: at once when it has loaded, else once it has, after whatever
/// was asked before it (a click on a button rendered by the server is not lost while clerk-js
/// loads); dropped with a warning if clerk-js does not load (see [`loaded_clerk`]).
fn when_loaded(what: &'static str, action: impl FnOnce(ClerkJs) + 'static) {
    if let Some(clerk) = ClerkJs::loaded_from_window() {
        return action(clerk);
    }
    let first = PENDING.with_borrow_mut(|pending| {
        pending.push((what, Box::new(action)));
        pending.len() == 1
    });
    if first {
        spawn_local(async {
            let clerk = loaded_clerk().await;
            for (what, action) in PENDING.take() {
                match &clerk {
                    Some(clerk) => action(clerk.clone()),
                    None => {
                        leptos::logging::warn!(
                            "leptos_clerk: {what} ignored: clerk-js did not load"
                        );
                    }
                }
            }
        });
    }
}

/// Awaits a clerk-js promise, logging a rejection.
async fn settle(what: &str, promise: Result<Promise, JsValue>) -> Result<JsValue, ()> {
    outcome(promise).await.map_err(|error| {
        leptos::logging::error!("leptos_clerk: {what} failed: {}", describe(error));
    })
}

/// What a clerk-js call that answers a promise came to: its value, or the call's or the
/// promise's error.
pub(super) async fn outcome(promise: Result<Promise, JsValue>) -> Result<JsValue, JsValue> {
    match promise {
        Ok(promise) => JsFuture::from(promise).await,
        Err(error) => Err(error),
    }
}

/// A JS object from `(key, value)` pairs.
pub(crate) fn js_object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}
