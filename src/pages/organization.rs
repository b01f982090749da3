use leptos::prelude::*;
use leptos_clerk::{
    use_auth, use_clerk, use_organization, use_organization_list, use_organization_memberships,
    OrganizationMemberSnapshot, OrganizationSwitcher, Protect,
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
/// server's page says they are loading.
#[component]
fn Members() -> impl IntoView {
    let auth = use_auth();
    let members = use_organization_memberships(MEMBERS_PAGE_SIZE);
    // Each row one text, and the list's state one line: every reactive part of a view brings
    // its own rendering code into the page's wasm (README, "Page weight").
    let rows = move || {
        members
            .data
            .get()
            .into_iter()
            .map(|member| view! { <li>{member_text(member)}</li> })
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

/// "Ada Lovelace ada@example.com (Admin)".
fn member_text(member: OrganizationMemberSnapshot) -> String {
    let name = [member.first_name, member.last_name, member.identifier]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let role = member.role_name.or(member.role).unwrap_or_default();
    format!("{name} ({role})")
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
