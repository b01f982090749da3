use leptos::prelude::*;
use leptos_clerk::{
    use_auth, use_clerk, use_organization, use_organization_list, use_organization_memberships,
    Check, OrganizationMemberSnapshot, OrganizationRoleSnapshot, OrganizationSwitcher, Protect,
    UseOrganizationMemberships,
};

/// Members to a page in the list of the active organization's members.
const MEMBERS_PAGE_SIZE: u32 = 5;

/// The active organization: Clerk's switcher, and what `use_organization()` and `use_auth()`
/// say about it (they change without a reload when you switch), and its members; then the same
/// switching in a list of the app's own (`use_organization_list()`). Protected by `ProtectedRoute` in `app.rs`.
#[component]
pub fn Organization() -> impl IntoView {
    // A component's props follow signals: the mounted switcher gets the new value.
    let hide_personal = RwSignal::new(false);
    view! {
        <h1>"Organization"</h1>
        <OrganizationSwitcher hide_personal/>
        <label class="option">
            <input type="checkbox" id="hide-personal" bind:checked=hide_personal/>
            "Hide the personal account in the switcher"
        </label>
        <ActiveOrganization/>
        <Protect
            permission="org:teams:manage"
            fallback=|| view! { <p id="teams-locked">"Managing teams needs the org:teams:manage permission."</p> }
        >
            <p id="teams-manage">"You can manage this organization's teams."</p>
        </Protect>
        <Members/>
        <YourOrganizations/>
    }
}

/// A switcher of the app's own, as Clerk's "custom organization switcher" guide builds one with
/// `useOrganizationList()`: each of the user's organizations with their role and a button to
/// make it active, a form that creates one (and makes it active), and the active one's settings
/// in Clerk's modal.
#[component]
fn YourOrganizations() -> impl IntoView {
    let list = use_organization_list();
    let clerk = use_clerk();
    let auth = use_auth();
    let name = RwSignal::new(String::new());
    let creating = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let typed = name.get_untracked().trim().to_owned();
        if typed.is_empty() || creating.get_untracked() {
            return;
        }
        creating.set(true);
        // Local: clerk-js's promises live in this thread only.
        leptos::task::spawn_local(async move {
            match list.create_organization(&typed, None).await {
                Ok(created) => {
                    // The name is kept when the creation fails, to try again.
                    name.set(String::new());
                    // Awaited, so a refusal is shown rather than only logged.
                    let activated = list.activate_organization(Some(&created.id)).await;
                    error.set(activated.err().map(|refused| refused.to_string()));
                }
                Err(refused) => error.set(Some(refused)),
            }
            creating.set(false);
        });
    };
    let memberships = move || {
        list.user_memberships
            .get()
            .into_iter()
            .map(|m| {
                let id = m.organization.id;
                let name = m.organization.name.unwrap_or_else(|| id.clone());
                let role = m.membership.role.unwrap_or_default();
                let active = auth.org_id.get().as_deref() == Some(id.as_str());
                view! {
                    <li>
                        {name} " (" {role} ") "
                        <button
                            type="button"
                            disabled=active
                            on:click=move |_| list.set_active.run(Some(id.clone()))
                        >
                            {if active { "Active" } else { "Switch" }}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <h2>"Your organizations"</h2>
        <Show
            when=move || list.is_loaded.get()
            fallback=|| view! { <p class="hint">"Loading your organizations…"</p> }
        >
            <ul id="my-orgs">{memberships}</ul>
        </Show>
        <form id="new-org" class="stacked" on:submit=submit>
            <label>
                "New organization"
                <input type="text" name="name" required maxlength="100" bind:value=name/>
            </label>
            // Disabled in the server's HTML: the form works through clerk-js only.
            <button
                type="submit"
                class="button"
                disabled=move || !list.is_loaded.get() || creating.get()
            >
                "Create and switch to it"
            </button>
        </form>
        {move || error.get().map(|error| view! { <p class="error">{error}</p> })}
        <Show when=move || auth.org_id.get().is_some()>
            <button
                type="button"
                class="button"
                on:click=move |_| clerk.open_organization_profile()
            >
                "Organization settings"
            </button>
        </Show>
    }
}

/// The active organization's members, a page at a time, as Clerk's custom members list builds
/// it with `useOrganization({ memberships })`: clerk-js fetches them in the browser, so the
/// server's page says they are loading. A member who may manage members (an admin) changes a
/// member's role and removes members here, as Clerk's "manage members" guide does.
#[component]
fn Members() -> impl IntoView {
    let auth = use_auth();
    let members = use_organization_memberships(MEMBERS_PAGE_SIZE);
    // Clerk's rule, which its own members page follows: the controls need this permission,
    // which clerk-js knows (a token leaves `org:sys_` permissions out, so the server does not).
    let may_manage = Memo::new(move |_| auth.has(&Check::permission("org:sys_memberships:manage")));
    // The roles to choose from, fetched for each organization. Not a Resource: read in this
    // page's `Transition` (ProtectedRoute's), a Resource fetched again would hold the page back.
    let roles = RwSignal::new(Vec::<OrganizationRoleSnapshot>::new());
    Effect::new(move |_| {
        let org = auth.org_id.get();
        roles.set(Vec::new());
        if org.is_none() || !may_manage.get() {
            return;
        }
        leptos::task::spawn_local(async move {
            // An answer for an organization no longer active is dropped.
            if let Ok(found) = members.roles().await {
                if auth.org_id.get_untracked() == org {
                    roles.try_set(found);
                }
            }
        });
    });
    // What the last change came to: Clerk's refusal, or what was done.
    let outcome = RwSignal::new(None::<String>);
    // Each row one text, and the list's state one line: every reactive part of a view brings
    // its own rendering code into the page's wasm (README, "Page weight").
    let rows = move || {
        let roles = roles.get();
        let own_id = auth.user_id.get();
        let manage = may_manage.get() && !roles.is_empty();
        members
            .data
            .get()
            .into_iter()
            .map(|member| {
                let text = member_text(member.clone());
                let controls = manage.then(|| {
                    let own = member.user_id == own_id;
                    member_controls(member, &roles, own, members, outcome)
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
            <div class="pager">
                <button
                    type="button"
                    disabled=move || !members.has_previous_page.get()
                    on:click=move |_| members.fetch_previous()
                >
                    "Previous"
                </button>
                <button
                    type="button"
                    disabled=move || !members.has_next_page.get()
                    on:click=move |_| members.fetch_next()
                >
                    "Next"
                </button>
                <button
                    type="button"
                    disabled=members.is_fetching
                    on:click=move |_| members.revalidate()
                >
                    "Refresh"
                </button>
            </div>
        </Show>
    }
}

/// A member's role, to change, and a button that removes them (not on your own row, as in
/// Clerk's members page: leaving is in the organization's settings). Each change says what it
/// came to in `outcome`; the list is then fetched again by the hook.
fn member_controls(
    member: OrganizationMemberSnapshot,
    roles: &[OrganizationRoleSnapshot],
    own: bool,
    members: UseOrganizationMemberships,
    outcome: RwSignal<Option<String>>,
) -> impl IntoView {
    let who = member_name(&member);
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

/// "Ada Lovelace ada@example.com (Admin)".
fn member_text(member: OrganizationMemberSnapshot) -> String {
    let name = member_name(&member);
    let role = member.role_name.or(member.role).unwrap_or_default();
    format!("{name} ({role})")
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

#[component]
fn ActiveOrganization() -> impl IntoView {
    let org = use_organization();
    let auth = use_auth();
    let list = use_organization_list();
    // Awaited, so that a refusal shows: an instance that requires an organization has no
    // personal account to switch to.
    let to_personal = Action::new_local(move |_: &()| async move {
        list.activate_organization(None)
            .await
            .err()
            .map(|refused| refused.to_string())
    });
    let name = move || {
        org.organization
            .get()
            .map(|o| o.name.unwrap_or(o.id))
            .unwrap_or_else(|| "Personal account".into())
    };
    view! {
        <dl>
            <dt>"Active"</dt>
            <dd id="org-name">{name}</dd>
            <dt>"Your role"</dt>
            <dd id="org-role">{move || auth.org_role.get().unwrap_or_default()}</dd>
            <dt>"Permissions"</dt>
            <dd id="org-permissions">
                {move || auth.org_permissions.get().unwrap_or_default().join(", ")}
            </dd>
        </dl>
        <Show when=move || auth.org_id.get().is_some()>
            <button
                type="button"
                class="button"
                on:click=move |_| {
                    to_personal.dispatch(());
                }
            >
                "Switch to your personal account"
            </button>
        </Show>
        {move || {
            to_personal
                .value()
                .get()
                .flatten()
                .map(|refused| view! { <p id="personal-refused" class="error" role="alert">{refused}</p> })
        }}
    }
}
