//! `<UserButton>`'s own menu entries as Clerk UI takes them (`customMenuItems`): each link and
//! action needs `mountIcon` and `unmountIcon` functions (Clerk UI drops an entry without them),
//! an action its `onClick`.
//!
//! The functions are handed to JS for good (`Closure::into_js_value`): Clerk UI may call
//! `unmountIcon` after `unmountUserButton` has returned (clerk-js queues the unmount, and React
//! runs effect cleanups later), so no point at which Rust could free them is safe. What stays
//! behind is a few small functions per mounted button.

use js_sys::{Array, Function, Object, Reflect};
use leptos::prelude::Callable;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::UserButtonMenuItem;

/// The `customMenuItems` array for `items`; `None` for none (Clerk's own menu, untouched).
pub(crate) fn custom_menu_items(items: &[UserButtonMenuItem]) -> Option<Array> {
    if items.is_empty() {
        return None;
    }
    let array = Array::new();
    let unmount_icon = icon_setter(None);
    for item in items {
        let entry = Object::new();
        match item {
            // Clerk's own entries, moved: named by their ids.
            UserButtonMenuItem::ManageAccount => set(&entry, "label", &"manageAccount".into()),
            UserButtonMenuItem::SignOut => set(&entry, "label", &"signOut".into()),
            UserButtonMenuItem::Link { label, href, icon } => {
                set(&entry, "label", &label.into());
                set(&entry, "href", &href.into());
                set_icon(&entry, icon, &unmount_icon);
            }
            UserButtonMenuItem::Action {
                label,
                on_click,
                icon,
            } => {
                let on_click = *on_click;
                // `try_run`: the app's callback may be gone by the time Clerk UI calls this.
                let click = Closure::<dyn Fn()>::new(move || {
                    let _ = on_click.try_run(());
                });
                set(&entry, "label", &label.into());
                set(&entry, "onClick", &click.into_js_value());
                set_icon(&entry, icon, &unmount_icon);
            }
        }
        array.push(&entry);
    }
    Some(array)
}

fn set_icon(entry: &Object, icon: &str, unmount: &Function) {
    set(entry, "mountIcon", &icon_setter(Some(icon.to_owned())));
    set(entry, "unmountIcon", unmount);
}

/// A function of the element Clerk UI gives for an icon: puts `text` in it, as text (`None`
/// empties it).
fn icon_setter(text: Option<String>) -> Function {
    Closure::<dyn Fn(JsValue)>::new(move |element: JsValue| {
        if let Some(node) = element.dyn_ref::<web_sys::Node>() {
            node.set_text_content(text.as_deref());
        }
    })
    .into_js_value()
    .unchecked_into()
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}
