//! Hosting Clerk's prebuilt components: one `<div>`, mounted after hydration, props updated
//! reactively, unmounted on cleanup — what Clerk's React `ClerkHostRenderer` does.

use leptos::{html::Div, prelude::*};
use serde_json::{Map, Value};

use crate::client;
use crate::mountable::Mountable;
use crate::UserButtonMenuItem;

/// Builds a component's props object: camelCase keys, unset options left out.
#[derive(Default)]
pub(crate) struct Props(Map<String, Value>);

impl Props {
    /// Starting from `other`: Clerk's props given as JSON, which the named ones then override.
    /// Anything but an object is ignored, with a warning.
    pub(crate) fn from_other(other: Option<Value>) -> Self {
        match other {
            None => Self::default(),
            Some(Value::Object(map)) => Self(map),
            Some(_) => {
                // Not the value itself: formatting JSON would bring serde_json's writer into
                // the wasm for one warning.
                leptos::logging::warn!(
                    "leptos_clerk: a Clerk component's `props` must be a JSON object; ignored"
                );
                Self::default()
            }
        }
    }

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
    host_with_menu(component, Vec::new(), props)
}

/// [`host`], with `<UserButton>`'s own menu entries (functions, which JSON props cannot carry).
pub(crate) fn host_with_menu(
    component: Mountable,
    menu_items: Vec<UserButtonMenuItem>,
    props: impl Fn() -> Value + Send + Sync + 'static,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    client::keep_mounted(component, node, menu_items, props);
    view! { <div data-clerk-component=component.kebab_name() node_ref=node></div> }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Props;

    #[test]
    fn named_props_override_the_other_props_given_as_json() {
        let built = Props::from_other(Some(
            json!({"userProfileMode": "navigation", "showName": true}),
        ))
        .set_some("showName", Some(false))
        .set_some("appearance", None::<String>)
        .build();
        assert_eq!(
            built,
            json!({"userProfileMode": "navigation", "showName": false})
        );
        assert_eq!(
            Props::from_other(Some(json!(["not", "an object"]))).build(),
            json!({})
        );
        assert_eq!(Props::from_other(None).build(), json!({}));
    }
}
