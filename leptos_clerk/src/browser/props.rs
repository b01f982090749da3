//! A new `appearance` or `localization` for Clerk's components after the page loaded, handed to
//! clerk-js as Clerk's React provider hands a changed prop: `__internal_updateProps`, after
//! which clerk-js renders its mounted components (and any it mounts later) with it.

use leptos::prelude::UpdateValue;
use leptos::task::spawn_local;

use super::actions::js_object;
use super::json::to_js;
use super::load::loaded_clerk;
use crate::client::Look;
use crate::ClerkContext;

/// Keeps `look` in the options (a load still to come starts from it) and hands it to clerk-js
/// once it has loaded.
pub(crate) fn update_look(ctx: ClerkContext, look: Look) {
    ctx.options.update_value(|options| match &look {
        Look::Appearance(appearance) => options.appearance = Some(appearance.clone()),
        Look::Localization(localization) => options.localization = Some(localization.clone()),
    });
    spawn_local(async move {
        let Some(clerk) = loaded_clerk().await else {
            return;
        };
        let props = match &look {
            Look::Appearance(appearance) => js_object(&[("appearance", to_js(appearance))]),
            Look::Localization(localization) => js_object(&[(
                "options",
                js_object(&[("localization", to_js(localization))]),
            )]),
        };
        if let Err(error) = clerk.update_global_props(&props) {
            leptos::logging::error!("leptos_clerk: clerk-js did not take the new look: {error:?}");
        }
    });
}
