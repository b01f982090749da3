//! The active organization's pending invitations, for an admin: a form that invites, and the
//! list, a page at a time, with a Revoke button for each. Clerk's "manage invitations" guide,
//! with `use_organization_invitations()`.

use leptos::html::Select;
use leptos::prelude::*;
use leptos_clerk::{
    use_organization_invitations, OrganizationInvitationSnapshot, OrganizationRoleSnapshot,
    UseOrganizationInvitations,
};

use super::{outcome_for_active_organization, Pager};

/// Invitations to a page.
const INVITATIONS_PAGE_SIZE: u32 = 5;

/// The role the form starts on: Clerk's default for new members.
const DEFAULT_ROLE: &str = "org:member";

/// Shown to members who may manage members only: Clerk refuses the list to anyone else.
#[component]
pub(super) fn Invitations(roles: RwSignal<Vec<OrganizationRoleSnapshot>>) -> impl IntoView {
    let invitations = use_organization_invitations(INVITATIONS_PAGE_SIZE);
    // What the last invitation or revocation came to: Clerk's refusal, or what was done.
    let outcome = outcome_for_active_organization();
    let rows = move || {
        invitations
            .data
            .get()
            .into_iter()
            .map(|invitation| invitation_row(invitation, invitations, outcome))
            .collect_view()
    };
    let state = move || {
        if let Some(refused) = invitations.error.get() {
            return refused.to_string();
        }
        if !invitations.is_loaded.get() {
            return "Loading the invitations…".to_owned();
        }
        let (page, pages) = (invitations.page.get(), invitations.page_count.get());
        match invitations.count.get() {
            0 => "No pending invitations".to_owned(),
            1 => format!("Page {page} of {pages}, 1 pending invitation"),
            count => format!("Page {page} of {pages}, {count} pending invitations"),
        }
    };
    view! {
        <h2>"Invitations"</h2>
        <InviteForm invitations roles outcome/>
        <p id="org-invite-outcome" role="status">{move || outcome.get()}</p>
        <ul id="org-invitations">{rows}</ul>
        <p id="org-invitations-pages" class="hint" role="status">{state}</p>
        <Pager list=invitations label="Pages of invitations"/>
    }
}

/// Email addresses (one, or several separated by commas or spaces) and a role. One address is
/// `invite`, several are `invite_many`: one request, refused as a whole.
#[component]
fn InviteForm(
    invitations: UseOrganizationInvitations,
    roles: RwSignal<Vec<OrganizationRoleSnapshot>>,
    outcome: RwSignal<Option<String>>,
) -> impl IntoView {
    let addresses = RwSignal::new(String::new());
    let role = NodeRef::<Select>::new();
    let sending = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let typed = addresses.get_untracked();
        let emails: Vec<String> = typed
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|e| !e.is_empty())
            .map(str::to_owned)
            .collect();
        let Some(role) = role.get_untracked().map(|select| select.value()) else {
            return;
        };
        if emails.is_empty() || sending.get_untracked() {
            return;
        }
        sending.set(true);
        leptos::task::spawn_local(async move {
            let answer = match emails.as_slice() {
                [one] => invitations
                    .invite(one, &role)
                    .await
                    .map(|made| format!("Invited {}.", made.email_address)),
                many => invitations
                    .invite_many(many, &role)
                    .await
                    .map(|made| format!("Invited {} people.", made.len())),
            };
            match answer {
                Ok(done) => {
                    // The addresses are kept when Clerk refuses, to correct and send again.
                    addresses.set(String::new());
                    outcome.set(Some(done));
                }
                Err(refused) => outcome.set(Some(refused.to_string())),
            }
            sending.set(false);
        });
    };
    let options = move || {
        roles
            .get()
            .into_iter()
            .map(|r| {
                let selected = r.key == DEFAULT_ROLE;
                view! { <option value=r.key selected=selected>{r.name}</option> }
            })
            .collect_view()
    };
    view! {
        <form id="org-invite" class="stacked" on:submit=submit>
            <label>
                "Email addresses"
                <input
                    type="text"
                    name="email_addresses"
                    required
                    placeholder="ada@example.com, grace@example.com"
                    bind:value=addresses
                />
            </label>
            <label>"Role" <select name="role" node_ref=role>{options}</select></label>
            <button
                type="submit"
                class="button"
                disabled=move || sending.get() || roles.with(Vec::is_empty)
            >
                "Invite"
            </button>
        </form>
    }
}

/// "hedy@example.com (Member)", and its Revoke button.
fn invitation_row(
    invitation: OrganizationInvitationSnapshot,
    invitations: UseOrganizationInvitations,
    outcome: RwSignal<Option<String>>,
) -> impl IntoView {
    let role = invitation.role_name.as_ref().or(invitation.role.as_ref());
    let text = format!(
        "{} ({})",
        invitation.email_address,
        role.map_or("", String::as_str)
    );
    let label = format!("Revoke the invitation of {}", invitation.email_address);
    let revoke = move |_| {
        let invitation = invitation.clone();
        leptos::task::spawn_local(async move {
            outcome.set(Some(match invitations.revoke(&invitation).await {
                Ok(revoked) => format!("Revoked the invitation of {}.", revoked.email_address),
                Err(refused) => refused.to_string(),
            }));
        });
    };
    view! {
        <li>
            <span class="invitation">{text}</span>
            " "
            <button type="button" aria-label=label on:click=revoke>"Revoke"</button>
        </li>
    }
}
