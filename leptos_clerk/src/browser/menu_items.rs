//! `<UserButton>`'s own menu entries as Clerk UI takes them (`customMenuItems`): each link and
//! action needs `mountIcon` and `unmountIcon` functions (Clerk UI drops an entry without them,
//! with a console error), an action its `onClick`. The functions live as long as this value,
//! which the host keeps until Clerk has unmounted the button.

use js_sys::{Array, Object, Reflect};
use leptos::prelude::Callable;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::UserButtonMenuItem;

/// The `customMenuItems` array, and the functions it refers to.
pub(crate) struct CustomMenuItems {
    pub(crate) array: Array,
    _icons: Vec<Closure<dyn Fn(JsValue)>>,
    _clicks: Vec<Closure<dyn Fn()>>,
}

impl CustomMenuItems {
    /// `None` for no entries: Clerk's own menu, untouched.
    pub(crate) fn new(items: &[UserButtonMenuItem]) -> Option<Self> {
        if items.is_empty() {
            return None;
        }
        let mut this = Self {
            array: Array::new(),
            _icons: Vec::new(),
            _clicks: Vec::new(),
        };
        let unmount_icon = icon_setter(None);
        for item in items {
            let entry = Object::new();
            match item {
                // Clerk's own entries, moved: named by their label.
                UserButtonMenuItem::ManageAccount => set(&entry, "label", &"manageAccount".into()),
                UserButtonMenuItem::SignOut => set(&entry, "label", &"signOut".into()),
                UserButtonMenuItem::Link { label, href, icon } => {
                    set(&entry, "label", &label.into());
                    set(&entry, "href", &href.into());
                    this.icon(&entry, icon, &unmount_icon);
                }
                UserButtonMenuItem::Action {
                    label,
                    on_click,
                    icon,
                } => {
                    let on_click = *on_click;
                    let click = Closure::<dyn Fn()>::new(move || on_click.run(()));
                    set(&entry, "label", &label.into());
                    set(&entry, "onClick", click.as_ref());
                    this._clicks.push(click);
                    this.icon(&entry, icon, &unmount_icon);
                }
            }
            this.array.push(&entry);
        }
        this._icons.push(unmount_icon);
        Some(this)
    }

    fn icon(&mut self, entry: &Object, icon: &str, unmount: &Closure<dyn Fn(JsValue)>) {
        let mount = icon_setter(Some(icon.to_owned()));
        set(entry, "mountIcon", mount.as_ref());
        set(entry, "unmountIcon", unmount.as_ref());
        self._icons.push(mount);
    }
}

/// A function of the element Clerk UI gives for an icon: puts `text` in it, as text (`None`
/// empties it).
fn icon_setter(text: Option<String>) -> Closure<dyn Fn(JsValue)> {
    Closure::new(move |element: JsValue| {
        if let Some(node) = element.dyn_ref::<web_sys::Node>() {
            node.set_text_content(text.as_deref());
        }
    })
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}
