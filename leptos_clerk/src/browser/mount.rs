//! Hosting one of Clerk's prebuilt components in a `<div>`: mount once clerk-js is ready, pass
//! prop changes on, unmount on cleanup.

use leptos::{html::Div, prelude::*};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlDivElement;

use super::bindings::ClerkJs;
use super::json::to_js;
use super::load::describe;
use crate::mountable::Mountable;
use crate::state::use_clerk_context;

/// Mounts once clerk-js is ready and the `<div>` exists, passes later prop changes on, and
/// unmounts on cleanup. Mounted at most once per host, however often the Effect re-runs.
///
/// Clerk renders into a `<div>` of its own, appended inside the host: Leptos may reuse the
/// host element for the next route's component (two pages with the same view shape are
/// rebuilt in place), and the outgoing component's unmount must not wipe the incoming one.
pub(crate) fn keep_mounted(
    component: Mountable,
    node: NodeRef<Div>,
    props: impl Fn() -> Value + Send + Sync + 'static,
) {
    let ctx = use_clerk_context();
    let mounted = StoredValue::new_local(None::<HtmlDivElement>);
    Effect::new(move |_| {
        let props = props();
        if !ctx.status.get().is_loaded() {
            return;
        }
        let (Some(host), Some(clerk)) = (node.get(), ClerkJs::loaded_from_window()) else {
            return;
        };
        let props = to_js(&props);
        let (doing, result) = match mounted.with_value(Clone::clone) {
            Some(target) => ("passing new props to", clerk.update_props(&target, &props)),
            None => (
                "mounting",
                mount_in(&host, &clerk, component, &props, mounted),
            ),
        };
        if let Err(error) = result {
            leptos::logging::error!(
                "leptos_clerk: {doing} <{}/> failed: {}",
                component.js_name(),
                describe(error)
            );
        }
    });
    on_cleanup(move || {
        let Some(target) = mounted.try_update_value(Option::take).flatten() else {
            return;
        };
        if let Some(clerk) = ClerkJs::from_window() {
            let _ = clerk.unmount(component, &target);
        }
        target.remove();
    });
}

/// Mounts into a fresh `<div>` inside `host`, kept in `mounted`; a failed mount takes its
/// `<div>` away again, so a retry does not leave an empty one behind.
fn mount_in(
    host: &HtmlDivElement,
    clerk: &ClerkJs,
    component: Mountable,
    props: &JsValue,
    mounted: StoredValue<Option<HtmlDivElement>, LocalStorage>,
) -> Result<(), JsValue> {
    let target = own_target(host)?;
    if let Err(error) = clerk.mount(component, &target, props) {
        target.remove();
        return Err(error);
    }
    mounted.set_value(Some(target));
    Ok(())
}

/// A fresh `<div>` inside `host` for Clerk to render into.
fn own_target(host: &HtmlDivElement) -> Result<HtmlDivElement, JsValue> {
    let target: HtmlDivElement = document().create_element("div")?.unchecked_into();
    host.append_child(&target)?;
    Ok(target)
}
