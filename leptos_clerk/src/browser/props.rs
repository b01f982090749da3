//! `<ClerkProvider>`'s `appearance` and `localization` as they change after the page loaded,
//! handed to clerk-js as Clerk's React provider hands them: `__internal_updateProps`, after
//! which clerk-js renders its mounted components (and any it mounts later) with them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use wasm_bindgen::JsValue;

use super::actions::js_object;
use super::json::to_js;
use super::load::loaded_clerk;
use crate::ClerkContext;

/// Follows the two props. Their values at hydration went into `Clerk.load()` already; each
/// later change is kept in the options (a load still to come starts from it) and handed to
/// clerk-js once it has loaded.
pub(crate) fn follow_props(
    ctx: ClerkContext,
    appearance: Option<Signal<Value>>,
    localization: Option<Signal<Value>>,
) {
    if appearance.is_none() && localization.is_none() {
        return;
    }
    Effect::new(move |followed: Option<()>| {
        let appearance = appearance.map(|a| a.get());
        let localization = localization.map(|l| l.get());
        if followed.is_none() {
            return;
        }
        ctx.options.update_value(|options| {
            options.appearance.clone_from(&appearance);
            options.localization.clone_from(&localization);
        });
        spawn_local(async move {
            let Some(clerk) = loaded_clerk().await else {
                return;
            };
            let js = |value: &Option<Value>| value.as_ref().map_or(JsValue::UNDEFINED, to_js);
            let props = js_object(&[
                ("appearance", js(&appearance)),
                ("options", js_object(&[("localization", js(&localization))])),
            ]);
            if let Err(error) = clerk.update_global_props(&props) {
                leptos::logging::error!(
                    "leptos_clerk: clerk-js did not take the new appearance: {error:?}"
                );
            }
        });
    });
}
