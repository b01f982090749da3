//! Hosting one of Clerk's prebuilt components in a `<div>`: mount once clerk-js is ready, pass
//! prop changes on, unmount on cleanup.

use leptos::{html::Div, prelude::*};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlDivElement;

use super::bindings::ClerkJs;
use super::json::to_js;
use super::load::describe;
use super::menu_items::custom_menu_items;
use crate::mountable::Mountable;
use crate::state::use_clerk_context;
use crate::UserButtonMenuItem;

/// Mounts once clerk-js is ready and the `<div>` exists, passes later prop changes on, and
/// unmounts on cleanup. Mounted at most once per host, however often the Effect re-runs.
///
/// Clerk renders into a `<div>` of its own, appended inside the host: Leptos may reuse the
/// host element for the next route's component (two pages with the same view shape are
/// rebuilt in place), and the outgoing component's unmount must not wipe the incoming one.
pub(crate) fn keep_mounted(
    component: Mountable,
    node: NodeRef<Div>,
    menu_items: Vec<UserButtonMenuItem>,
    props: impl Fn() -> Value + Send + Sync + 'static,
) {
    let ctx = use_clerk_context();
    let mounted = StoredValue::new_local(None::<Mounted>);
    Effect::new(move |_| {
        let props = props();
        if !ctx.status.get().is_loaded() {
            return;
        }
        let (Some(host), Some(clerk)) = (node.get(), ClerkJs::loaded_from_window()) else {
            return;
        };
        let props = to_js(&props);
        let current =
            mounted.with_value(|m| m.as_ref().map(|m| (m.target.clone(), m.menu.clone())));
        let (doing, result) = match current {
            Some((target, menu)) => {
                // Clerk replaces the props: the menu goes with each update.
                with_menu(&props, menu.as_ref());
                ("passing new props to", clerk.update_props(&target, &props))
            }
            None => {
                let menu = custom_menu_items(&menu_items);
                with_menu(&props, menu.as_ref());
                let result = mount_in(&host, &clerk, component, &props).map(|target| {
                    mounted.set_value(Some(Mounted { target, menu }));
                });
                ("mounting", result)
            }
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
        let Some(Mounted { target, .. }) = mounted.try_update_value(Option::take).flatten() else {
            return;
        };
        if let Some(clerk) = ClerkJs::from_window() {
            let _ = clerk.unmount(component, &target);
        }
        target.remove();
    });
}

/// A mounted component: Clerk's `<div>`, and its menu entries (sent again with each update).
struct Mounted {
    target: HtmlDivElement,
    menu: Option<js_sys::Array>,
}

/// Sets `customMenuItems` on a props object, when there are any.
fn with_menu(props: &JsValue, menu: Option<&js_sys::Array>) {
    if let Some(menu) = menu {
        let _ = js_sys::Reflect::set(props, &JsValue::from_str("customMenuItems"), menu);
    }
}

/// Mounts into a fresh `<div>` inside `host`, answering it; a failed mount takes its `<div>`
/// away again, so a retry does not leave an empty one behind.
fn mount_in(
    host: &HtmlDivElement,
    clerk: &ClerkJs,
    component: Mountable,
    props: &JsValue,
) -> Result<HtmlDivElement, JsValue> {
    let target = own_target(host)?;
    if let Err(error) = clerk.mount(component, &target, props) {
        target.remove();
        return Err(error);
    }
    Ok(target)
}

/// A fresh `<div>` inside `host` for Clerk to render into.
fn own_target(host: &HtmlDivElement) -> Result<HtmlDivElement, JsValue> {
    let target: HtmlDivElement = document().create_element("div")?.unchecked_into();
    host.append_child(&target)?;
    Ok(target)
}
