//! `use_organization_list()`: the signed-in user's organizations, for a list or switcher of your
//! own (Clerk's `useOrganizationList()`).

use leptos::prelude::*;

use crate::client;
use crate::state::{try_use_clerk_context, use_clerk_context};
use crate::{ClerkContext, OrganizationSnapshot, UserMembershipSnapshot};

/// The signed-in user's organizations: the Leptos form of Clerk's `useOrganizationList()`.
#[derive(Clone, Copy, Debug)]
pub struct UseOrganizationList {
    /// Whether the list is known: once clerk-js has loaded, with a user (signed in, or a pending
    /// session's). The server does not load the user's memberships, so its render (and the
    /// first client render, which must match it) shows the list as not loaded yet.
    pub is_loaded: Signal<bool>,
    /// Each organization with the user's role and permissions in it (Clerk's
    /// `userMemberships`), as clerk-js has them: it follows a creation, an accepted invitation,
    /// a departure. Empty when signed out.
    pub user_memberships: Signal<Vec<UserMembershipSnapshot>>,
    /// Makes an organization active (`Some(id or slug)`) or the personal account (`None`):
    /// Clerk's `setActive({ organization })`, for an event handler. To act once it is done (or
    /// show why not), await [`activate_organization`](Self::activate_organization) instead.
    pub set_active: Callback<Option<String>>,
}

impl UseOrganizationList {
    /// `set_active`, awaited: resolves once clerk-js holds a session token for the organization
    /// (`None`: the personal account), so that a navigation after it reaches server functions
    /// and pages that see the new organization. Clerk's `await setActive({ organization })`.
    ///
    /// # Errors
    /// clerk-js's refusal (not a member, signed out), or that it did not load.
    pub async fn activate_organization(
        self,
        organization: Option<&str>,
    ) -> Result<(), crate::ClerkApiError> {
        client::activate_organization(organization).await
    }

    /// Creates an organization with the signed-in user as its admin (Clerk's
    /// `createOrganization({ name, slug })`), once clerk-js has loaded; it is in
    /// `user_memberships` at once. It is not made active: `set_active` does that.
    ///
    /// # Errors
    /// clerk-js's refusal (a slug taken, organizations turned off, signed out), or that it did
    /// not load.
    pub async fn create_organization(
        self,
        name: &str,
        slug: Option<&str>,
    ) -> Result<OrganizationSnapshot, String> {
        client::create_organization(name, slug).await
    }
}

/// The signed-in user's organizations.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::use_organization_list;
///
/// #[component]
/// fn MyOrganizations() -> impl IntoView {
///     let list = use_organization_list();
///     view! {
///         <ul>
///             <For each=move || list.user_memberships.get() key=|m| m.organization.id.clone() let:m>
///                 <li>
///                     {m.organization.name.clone()}
///                     <button on:click=move |_| list.set_active.run(Some(m.organization.id.clone()))>
///                         "Switch"
///                     </button>
///                 </li>
///             </For>
///         </ul>
///     }
/// }
/// ```
///
/// # Panics
/// Outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
#[track_caller]
pub fn use_organization_list() -> UseOrganizationList {
    organization_list_from(use_clerk_context())
}

/// [`use_organization_list`], or `None` outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
pub fn try_use_organization_list() -> Option<UseOrganizationList> {
    try_use_clerk_context().map(organization_list_from)
}

fn organization_list_from(ctx: ClerkContext) -> UseOrganizationList {
    let (status, resources) = (ctx.status, ctx.resources);
    // Clerk's `useOrganizationList()` follows the user, not the auth state: a pending session
    // (its task: choose an organization) has the list it chooses from.
    let has_user = move || resources.with(|r| r.as_ref().is_some_and(|r| r.user.is_some()));
    // Read from clerk-js again at each of its emissions (each one sets `resources`); only once
    // it has loaded (before, the server's render had no list to show). Between two of
    // clerk-js's states the last list stays, as the other hooks keep the last state.
    let user_memberships = Memo::new(move |last: Option<&Vec<UserMembershipSnapshot>>| {
        if !status.get().is_loaded() || !has_user() {
            return Vec::new();
        }
        client::user_memberships().unwrap_or_else(|| last.cloned().unwrap_or_default())
    });
    UseOrganizationList {
        is_loaded: Signal::derive(move || status.get().is_loaded() && has_user()),
        user_memberships: user_memberships.into(),
        set_active: Callback::new(client::set_active_organization),
    }
}
