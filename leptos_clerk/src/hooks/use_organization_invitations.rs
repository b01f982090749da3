//! `use_organization_invitations()`: the active organization's pending invitations, a page at
//! a time, and the means to invite and revoke.

use super::paginated::{active_organization, paginated, Paginated};
use crate::state::{try_use_clerk_context, use_clerk_context};
use crate::{client, ClerkApiError, ClerkContext, OrganizationInvitationSnapshot};

/// The active organization's pending invitations, a page at a time: the Leptos form of Clerk's
/// `useOrganization({ invitations: { status: ['pending'], pageSize, keepPreviousData: true } })
/// .invitations`, with the changes Clerk's "manage invitations" guide makes (an address
/// invited, an invitation revoked).
pub type UseOrganizationInvitations = Paginated<OrganizationInvitationSnapshot>;

impl Paginated<OrganizationInvitationSnapshot> {
    /// Invites `email_address` to the active organization as `role` (a key such as
    /// `"org:member"`, from [`UseOrganization::roles`](crate::UseOrganization::roles)): Clerk's
    /// `organization.inviteMember({ emailAddress, role })`. Clerk emails the invitation; the
    /// page is then fetched again. Clerk refuses without `org:sys_memberships:manage`, and an
    /// address already invited (`duplicate_record`) or already a member.
    pub async fn invite(
        self,
        email_address: &str,
        role: &str,
    ) -> Result<OrganizationInvitationSnapshot, ClerkApiError> {
        let org_id = self.active_organization()?;
        let made = client::invite_organization_member(&org_id, email_address, role).await?;
        self.revalidate();
        Ok(made)
    }

    /// Invites each of `email_addresses` as `role`, in one request: Clerk's
    /// `organization.inviteMembers({ emailAddresses, role })`. One refused address refuses
    /// them all, and nobody is invited.
    pub async fn invite_many(
        self,
        email_addresses: &[String],
        role: &str,
    ) -> Result<Vec<OrganizationInvitationSnapshot>, ClerkApiError> {
        let org_id = self.active_organization()?;
        let made = client::invite_organization_members(&org_id, email_addresses, role).await?;
        self.revalidate();
        Ok(made)
    }

    /// Revokes `invitation`, so that its link no longer lets anyone in: Clerk's
    /// `invitation.revoke()`. The invitation must be one of this hook's pages (or one it made).
    /// The page is then fetched again.
    pub async fn revoke(
        self,
        invitation: &OrganizationInvitationSnapshot,
    ) -> Result<OrganizationInvitationSnapshot, ClerkApiError> {
        let revoked = client::revoke_organization_invitation(&invitation.id).await?;
        self.revalidate();
        Ok(revoked)
    }
}

/// The active organization's pending invitations, `page_size` to a page (Clerk's default is
/// 10). Only members with `org:sys_memberships:manage` may list them.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::use_organization_invitations;
///
/// #[component]
/// fn Invitations() -> impl IntoView {
///     let invitations = use_organization_invitations(10);
///     let email = RwSignal::new(String::new());
///     let invite = Action::new_local(move |_: &()| {
///         let email = email.get_untracked();
///         async move { invitations.invite(&email, "org:member").await.map(drop) }
///     });
///     view! {
///         <ul>
///             <For each=move || invitations.data.get() key=|i| i.id.clone() let:i>
///                 <li>{i.email_address.clone()}</li>
///             </For>
///         </ul>
///         <input type="email" bind:value=email/>
///         <button on:click=move |_| { invite.dispatch(()); }>"Invite"</button>
///     }
/// }
/// ```
///
/// # Panics
/// Outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
#[track_caller]
pub fn use_organization_invitations(page_size: u32) -> UseOrganizationInvitations {
    invitations_from(use_clerk_context(), page_size)
}

/// [`use_organization_invitations`], or `None` outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
pub fn try_use_organization_invitations(page_size: u32) -> Option<UseOrganizationInvitations> {
    try_use_clerk_context().map(|ctx| invitations_from(ctx, page_size))
}

fn invitations_from(ctx: ClerkContext, page_size: u32) -> UseOrganizationInvitations {
    paginated(
        active_organization(ctx),
        page_size,
        |org_id: String, page, page_size| async move {
            client::organization_invitations(&org_id, page, page_size).await
        },
    )
}
