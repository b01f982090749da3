//! The signed-in user's invitations to organizations, each with a Join button: Clerk's "accept
//! organization invitations" guide, with `use_user_invitations()`.

use leptos::prelude::*;
use leptos_clerk::{use_user_invitations, UseUserInvitations, UserOrganizationInvitationSnapshot};

use super::Pager;

/// Invitations to a page; the list shows only when there are some.
const PAGE_SIZE: u32 = 5;

#[component]
pub(super) fn InvitationsToYou() -> impl IntoView {
    let invitations = use_user_invitations(PAGE_SIZE);
    // What the last acceptance came to.
    let outcome = RwSignal::new(None::<String>);
    let rows = move || {
        invitations
            .data
            .get()
            .into_iter()
            .map(|invitation| invitation_row(invitation, invitations, outcome))
            .collect_view()
    };
    view! {
        <Show when=move || !invitations.data.with(Vec::is_empty)>
            <h3>"Invitations to you"</h3>
            <ul id="my-invitations">{rows}</ul>
            <Pager list=invitations label="Pages of your invitations"/>
        </Show>
        <p id="my-invitations-outcome" role="status">{move || outcome.get()}</p>
    }
}

/// "Engines, as org:member", and its Join button.
fn invitation_row(
    invitation: UserOrganizationInvitationSnapshot,
    invitations: UseUserInvitations,
    outcome: RwSignal<Option<String>>,
) -> impl IntoView {
    let org = invitation.organization.name.clone();
    let org = org.unwrap_or_else(|| invitation.organization.id.clone());
    let role = invitation.role.clone().unwrap_or_default();
    let text = format!("{org}, as {role}");
    let label = format!("Join {org}");
    let join = move |_| {
        let (invitation, org) = (invitation.clone(), org.clone());
        leptos::task::spawn_local(async move {
            outcome.set(Some(match invitations.accept(&invitation).await {
                Ok(_) => format!("You joined {org}."),
                Err(refused) => refused.to_string(),
            }));
        });
    };
    view! {
        <li>
            {text}
            " "
            <button type="button" aria-label=label on:click=join>"Join"</button>
        </li>
    }
}
