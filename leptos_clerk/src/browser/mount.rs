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
        let result = match mounted.with_value(Clone::clone) {
            Some(target) => clerk.update_props(&target, &props),
            None => own_target(&host).and_then(|target| {
                clerk.mount(component, &target, &props)?;
                mounted.set_value(Some(target));
                Ok(())
            }),
        };
        if let Err(error) = result {
            leptos::logging::error!(
                "leptos_clerk: mounting <{}/> failed: {}",
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

/// A fresh `<div>` inside `host` for Clerk to render into.
fn own_target(host: &HtmlDivElement) -> Result<HtmlDivElement, JsValue> {
    let target: HtmlDivElement = document().create_element("div")?.unchecked_into();
    host.append_child(&target)?;
    Ok(target)
}
