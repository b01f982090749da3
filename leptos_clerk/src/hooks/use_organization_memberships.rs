//! `use_organization_memberships()`: the active organization's members, a page at a time.

use super::paginated::{active_organization, paginated, Paginated};
use crate::state::{try_use_clerk_context, use_clerk_context};
use crate::{client, ClerkApiError, ClerkContext, OrganizationMemberSnapshot};

/// The active organization's members, a page at a time: the Leptos form of Clerk's
/// `useOrganization({ memberships: { pageSize, keepPreviousData: true } }).memberships`, with
/// the changes Clerk's "manage members" guide makes (a member's role, a member removed).
pub type UseOrganizationMemberships = Paginated<OrganizationMemberSnapshot>;

impl Paginated<OrganizationMemberSnapshot> {
    /// Gives `member` another role (`role`, a key such as `"org:admin"`, from
    /// [`UseOrganization::roles`](crate::UseOrganization::roles)): Clerk's `membership.update({ role })`. The page is then
    /// fetched again. Clerk refuses without `org:sys_memberships:manage`, and when the
    /// organization would be left without a member who has it
    /// (`organization_minimum_permissions_needed`).
    pub async fn update_role(
        self,
        member: &OrganizationMemberSnapshot,
        role: &str,
    ) -> Result<OrganizationMemberSnapshot, ClerkApiError> {
        let (org_id, user_id) = self.target(member)?;
        let updated = client::update_organization_member(&org_id, &user_id, role).await?;
        self.revalidate();
        Ok(updated)
    }

    /// Removes `member` from the organization: Clerk's `membership.destroy()`. The page is
    /// then fetched again. The signed-in user's own membership leaves the organization; any
    /// other needs `org:sys_memberships:manage`, and the last member who has it stays.
    pub async fn remove(self, member: &OrganizationMemberSnapshot) -> Result<(), ClerkApiError> {
        let (org_id, user_id) = self.target(member)?;
        client::remove_organization_member(&org_id, &user_id).await?;
        self.revalidate();
        Ok(())
    }

    /// The active organization and `member`'s user: what Clerk's requests name.
    fn target(
        self,
        member: &OrganizationMemberSnapshot,
    ) -> Result<(String, String), ClerkApiError> {
        let org_id = self.active_organization()?;
        let user_id = member
            .user_id
            .clone()
            .ok_or_else(|| ClerkApiError::without_code("this membership names no user"))?;
        Ok((org_id, user_id))
    }
}

/// The active organization's members, `page_size` to a page (Clerk's default is 10).
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::use_organization_memberships;
///
/// #[component]
/// fn Members() -> impl IntoView {
///     let members = use_organization_memberships(10);
///     view! {
///         <ul>
///             <For each=move || members.data.get() key=|m| m.id.clone() let:m>
///                 <li>{m.identifier.clone()} " (" {m.role_name.clone()} ")"</li>
///             </For>
///         </ul>
///         <button disabled=move || !members.has_next_page.get() on:click=move |_| members.fetch_next()>
///             "Next"
///         </button>
///     }
/// }
/// ```
///
/// # Panics
/// Outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
#[track_caller]
pub fn use_organization_memberships(page_size: u32) -> UseOrganizationMemberships {
    memberships_from(use_clerk_context(), page_size)
}

/// [`use_organization_memberships`], or `None` outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
pub fn try_use_organization_memberships(page_size: u32) -> Option<UseOrganizationMemberships> {
    try_use_clerk_context().map(|ctx| memberships_from(ctx, page_size))
}

fn memberships_from(ctx: ClerkContext, page_size: u32) -> UseOrganizationMemberships {
    paginated(
        active_organization(ctx),
        page_size,
        |org_id: String, page, page_size| async move {
            client::organization_members(&org_id, page, page_size).await
        },
    )
}
