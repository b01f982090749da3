//! `<UserButton>`'s own menu entries (Clerk's `<UserButton.MenuItems>`): links and actions of the
//! app's beside Clerk's "Manage account" and "Sign out".

use leptos::prelude::Callback;

/// An entry of [`UserButton`](crate::UserButton)'s menu.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::{UserButton, UserButtonMenuItem};
///
/// #[component]
/// fn Account() -> impl IntoView {
///     let items = vec![
///         UserButtonMenuItem::link("My notes", "/notes", "📝"),
///         UserButtonMenuItem::action("Say hello", "👋", || leptos::logging::log!("hello")),
///         UserButtonMenuItem::SignOut,
///     ];
///     view! { <UserButton menu_items=items/> }
/// }
/// ```
#[derive(Clone)]
pub enum UserButtonMenuItem {
    /// Goes to `href`: one of the app's pages (a router navigation; Clerk puts a `/` before a
    /// relative one) or elsewhere.
    Link {
        /// The entry's text.
        label: String,
        /// Where it goes.
        href: String,
        /// A short text shown as its icon (an emoji, a character), never read as HTML.
        icon: String,
    },
    /// Runs `on_click` (the menu closes).
    Action {
        /// The entry's text.
        label: String,
        /// What it does.
        on_click: Callback<()>,
        /// A short text shown as its icon, never read as HTML.
        icon: String,
    },
    /// Clerk's "Manage account", placed here rather than first.
    ManageAccount,
    /// Clerk's "Sign out", placed here rather than last.
    SignOut,
}

impl UserButtonMenuItem {
    /// A link entry.
    #[must_use]
    pub fn link(
        label: impl Into<String>,
        href: impl Into<String>,
        icon: impl Into<String>,
    ) -> Self {
        Self::Link {
            label: label.into(),
            href: href.into(),
            icon: icon.into(),
        }
    }

    /// An action entry.
    #[must_use]
    pub fn action(
        label: impl Into<String>,
        icon: impl Into<String>,
        on_click: impl Fn() + Send + Sync + 'static,
    ) -> Self {
        Self::Action {
            label: label.into(),
            on_click: Callback::new(move |()| on_click()),
            icon: icon.into(),
        }
    }
}
