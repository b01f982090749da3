//! `use_user_invitations()`: the signed-in user's pending invitations to organizations, a page
//! at a time, and the means to accept one.

use super::paginated::{paginated, signed_in_user, Paginated};
use crate::state::{try_use_clerk_context, use_clerk_context};
use crate::{client, ClerkApiError, ClerkContext, UserOrganizationInvitationSnapshot};

/// The signed-in user's pending invitations to organizations, a page at a time: the Leptos
/// form of Clerk's `useOrganizationList({ userInvitations: { status: 'pending', pageSize,
/// keepPreviousData: true } }).userInvitations`, with the acceptance Clerk's "accept
/// organization invitations" guide makes.
pub type UseUserInvitations = Paginated<UserOrganizationInvitationSnapshot>;

impl Paginated<UserOrganizationInvitationSnapshot> {
    /// Accepts `invitation`: the user joins its organization with its role (Clerk's
    /// `invitation.accept()`). The organization is then in
    /// [`use_organization_list`](crate::use_organization_list)'s `user_memberships`, not yet
    /// active; the page is fetched again. `invitation` must be one of this hook's pages.
    pub async fn accept(
        self,
        invitation: &UserOrganizationInvitationSnapshot,
    ) -> Result<UserOrganizationInvitationSnapshot, ClerkApiError> {
        let accepted = client::accept_user_invitation(&invitation.id).await?;
        self.revalidate();
        Ok(accepted)
    }
}

/// The signed-in user's pending invitations to organizations, `page_size` to a page (Clerk's
/// default is 10): those sent to any of their verified email addresses.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::use_user_invitations;
///
/// #[component]
/// fn InvitationsToYou() -> impl IntoView {
///     let invitations = use_user_invitations(10);
///     view! {
///         <ul>
///             <For each=move || invitations.data.get() key=|i| i.id.clone() let:i>
///                 <li>
///                     {i.organization.name.clone()}
///                     <button on:click=move |_| {
///                         let i = i.clone();
///                         leptos::task::spawn_local(async move {
///                             let _ = invitations.accept(&i).await;
///                         });
///                     }>"Join"</button>
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
pub fn use_user_invitations(page_size: u32) -> UseUserInvitations {
    invitations_from(use_clerk_context(), page_size)
}

/// [`use_user_invitations`], or `None` outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
pub fn try_use_user_invitations(page_size: u32) -> Option<UseUserInvitations> {
    try_use_clerk_context().map(|ctx| invitations_from(ctx, page_size))
}

fn invitations_from(ctx: ClerkContext, page_size: u32) -> UseUserInvitations {
    paginated(
        signed_in_user(ctx),
        page_size,
        |_user_id: String, page, page_size| async move {
            client::user_invitations(page, page_size).await
        },
    )
}
