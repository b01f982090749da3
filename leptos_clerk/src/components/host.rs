//! Hosting Clerk's prebuilt components: one `<div>`, mounted after hydration, props updated
//! reactively, unmounted on cleanup — what Clerk's React `ClerkHostRenderer` does.

use leptos::{html::Div, prelude::*};
use serde_json::{Map, Value};

use crate::mountable::Mountable;

/// Builds a component's props object: camelCase keys, unset options left out.
#[derive(Default)]
pub(crate) struct Props(Map<String, Value>);

impl Props {
    pub(crate) fn set(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.0.insert(key.to_owned(), value.into());
        self
    }

    pub(crate) fn set_some<T: Into<Value>>(self, key: &str, value: Option<T>) -> Self {
        match value {
            Some(value) => self.set(key, value),
            None => self,
        }
    }

    /// `routing: "path"` on `path` when given, else `routing: "hash"` (works on any route).
    pub(crate) fn routing(self, path: Option<String>) -> Self {
        match path {
            Some(path) => self.set("routing", "path").set("path", path),
            None => self.set("routing", "hash"),
        }
    }

    pub(crate) fn build(self) -> Value {
        Value::Object(self.0)
    }
}

/// The host `<div>` for `component`, with `props` kept in step.
///
/// During SSR (and until clerk-js is ready) it is an empty `<div>`; Clerk renders into it.
pub(crate) fn host(
    component: Mountable,
    props: impl Fn() -> Value + Send + Sync + 'static,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    #[cfg(feature = "hydrate")]
    mount::keep_mounted(component, node, props);
    #[cfg(not(feature = "hydrate"))]
    let _ = props;
    view! { <div data-clerk-component=component.kebab_name() node_ref=node></div> }
}

#[cfg(feature = "hydrate")]
mod mount {
    use leptos::{html::Div, prelude::*};
    use serde_json::Value;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::HtmlDivElement;

    use super::Mountable;
    use crate::browser::{describe, ClerkJs};
    use crate::state::use_clerk_context;

    /// Mounts once clerk-js is ready and the `<div>` exists, passes later prop changes on, and
    /// unmounts on cleanup. Mounted at most once per host, however often the Effect re-runs.
    ///
    /// Clerk renders into a `<div>` of its own, appended inside the host: Leptos may reuse the
    /// host element for the next route's component (two pages with the same view shape are
    /// rebuilt in place), and the outgoing component's unmount must not wipe the incoming one.
    pub(super) fn keep_mounted(
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

    fn to_js(props: &Value) -> JsValue {
        js_sys::JSON::parse(&props.to_string()).unwrap_or(JsValue::UNDEFINED)
    }
}
