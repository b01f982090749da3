//! The active organization's members, a page at a time, and an admin's changes to them.

use leptos::prelude::*;
use leptos_clerk::{
    use_auth, use_organization_memberships, OrganizationMemberSnapshot, OrganizationRoleSnapshot,
    UseOrganizationMemberships,
};

use super::{outcome_for_active_organization, Management, Pager};

/// Members to a page in the list of the active organization's members.
const MEMBERS_PAGE_SIZE: u32 = 5;

/// The active organization's members, a page at a time, as Clerk's custom members list builds
/// it with `useOrganization({ memberships })`: clerk-js fetches them in the browser, so the
/// server's page says they are loading. A member who may manage members (an admin) changes a
/// member's role and removes members here, as Clerk's "manage members" guide does.
#[component]
pub(super) fn Members(manage: Management) -> impl IntoView {
    let auth = use_auth();
    let members = use_organization_memberships(MEMBERS_PAGE_SIZE);
    // What the last change came to: Clerk's refusal, or what was done.
    let outcome = outcome_for_active_organization();
    // Each row one text, and the list's state one line: every reactive part of a view brings
    // its own rendering code into the page's wasm (README, "Page weight").
    let rows = move || {
        let roles = manage.roles.get();
        let own_id = auth.user_id.get();
        let manage = manage.allowed.get() && !roles.is_empty();
        members
            .data
            .get()
            .into_iter()
            .map(|member| {
                let who = member_name(&member);
                let role = member.role_name.as_ref().or(member.role.as_ref());
                // "Ada Lovelace ada@example.com (Admin)".
                let text = format!("{who} ({})", role.map_or("", String::as_str));
                let controls = manage.then(|| {
                    let own = member.user_id == own_id;
                    member_controls(member, who, &roles, own, members, outcome)
                });
                view! { <li><span class="member">{text}</span>{controls}</li> }
            })
            .collect_view()
    };
    let state = move || {
        if let Some(refused) = members.error.get() {
            return refused.to_string();
        }
        if !members.is_loaded.get() {
            return "Loading the members…".to_owned();
        }
        let (page, pages) = (members.page.get(), members.page_count.get());
        match members.count.get() {
            1 => format!("Page {page} of {pages}, 1 member"),
            count => format!("Page {page} of {pages}, {count} members"),
        }
    };
    view! {
        <Show when=move || auth.org_id.get().is_some()>
            <h2>"Members"</h2>
            <ul id="org-members">{rows}</ul>
            <p id="org-members-pages" class="hint" role="status">{state}</p>
            <p id="org-members-change" role="status">{move || outcome.get()}</p>
            <Pager list=members label="Pages of members">
                <button
                    type="button"
                    disabled=members.is_fetching
                    on:click=move |_| members.revalidate()
                >
                    "Refresh"
                </button>
            </Pager>
        </Show>
    }
}

/// A member's role, to change, and a button that removes them (not on your own row, as in
/// Clerk's members page: leaving is in the organization's settings). Each change says what it
/// came to in `outcome`; the list is then fetched again by the hook.
fn member_controls(
    member: OrganizationMemberSnapshot,
    who: String,
    roles: &[OrganizationRoleSnapshot],
    own: bool,
    members: UseOrganizationMemberships,
    outcome: RwSignal<Option<String>>,
) -> impl IntoView {
    let label = format!("Role of {who}");
    let options = roles
        .iter()
        .map(|role| {
            let selected = member.role.as_deref() == Some(role.key.as_str());
            view! { <option value=role.key.clone() selected=selected>{role.name.clone()}</option> }
        })
        .collect_view();
    let change_role = {
        let (member, who) = (member.clone(), who.clone());
        move |event: leptos::ev::Event| {
            let select: leptos::web_sys::HtmlSelectElement = event_target(&event);
            let (member, who) = (member.clone(), who.clone());
            leptos::task::spawn_local(async move {
                let role = select.value();
                match members.update_role(&member, &role).await {
                    Ok(updated) => {
                        let name = updated.role_name.or(updated.role).unwrap_or(role);
                        outcome.set(Some(format!("{who} is now {name}.")));
                    }
                    Err(refused) => {
                        // The choice is undone: the member keeps their role.
                        select.set_value(member.role.as_deref().unwrap_or_default());
                        outcome.set(Some(refused.to_string()));
                    }
                }
            });
        }
    };
    let remove = move |_| {
        let (member, who) = (member.clone(), who.clone());
        leptos::task::spawn_local(async move {
            outcome.set(Some(match members.remove(&member).await {
                Ok(()) => format!("{who} was removed."),
                Err(refused) => refused.to_string(),
            }));
        });
    };
    view! {
        " "
        <select aria-label=label on:change=change_role>{options}</select>
        " "
        <button type="button" disabled=own on:click=remove>"Remove"</button>
    }
}

/// "Ada Lovelace ada@example.com": the names Clerk has, and how they sign in.
fn member_name(member: &OrganizationMemberSnapshot) -> String {
    [&member.first_name, &member.last_name, &member.identifier]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}
