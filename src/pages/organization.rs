mod invitations;
mod invitations_to_you;
mod members;

use leptos::prelude::*;
use leptos_clerk::{
    use_auth, use_clerk, use_organization, use_organization_list, Check, OrganizationRoleSnapshot,
    OrganizationSwitcher, Paginated, Protect,
};

use invitations::Invitations;
use invitations_to_you::InvitationsToYou;
use members::Members;

/// The active organization: Clerk's switcher, and what `use_organization()` and `use_auth()`
/// say about it (they change without a reload when you switch), its members and, for an admin,
/// its invitations; then the same switching in a list of the app's own
/// (`use_organization_list()`). Protected by `ProtectedRoute` in `app.rs`.
#[component]
pub fn Organization() -> impl IntoView {
    // A component's props follow signals: the mounted switcher gets the new value.
    let hide_personal = RwSignal::new(false);
    let manage = Management::new();
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
        <Members manage/>
        <Show when=move || manage.allowed.get()>
            <Invitations roles=manage.roles/>
        </Show>
        <YourOrganizations/>
    }
}

/// What managing the active organization's members takes: Clerk's permission for it, and the
/// roles there are to give (to a member, or to someone invited).
#[derive(Clone, Copy)]
struct Management {
    /// Whether the signed-in user has `org:sys_memberships:manage` in the active organization.
    /// Clerk's own members page follows the same rule. clerk-js knows; the server does not (a
    /// token leaves `org:sys_` permissions out), so the server's page shows no controls.
    allowed: Memo<bool>,
    /// The roles, fetched by clerk-js for each organization where `allowed`; empty until then.
    roles: RwSignal<Vec<OrganizationRoleSnapshot>>,
}

impl Management {
    fn new() -> Self {
        let auth = use_auth();
        let organization = use_organization();
        let allowed =
            Memo::new(move |_| auth.has(&Check::permission("org:sys_memberships:manage")));
        // Not a Resource: read in this page's `Transition` (ProtectedRoute's), a Resource
        // fetched again would hold the page back.
        let roles = RwSignal::new(Vec::new());
        Effect::new(move |_| {
            let org = auth.org_id.get();
            roles.set(Vec::new());
            if org.is_none() || !allowed.get() {
                return;
            }
            leptos::task::spawn_local(async move {
                // An answer for an organization no longer active is dropped.
                if let Ok(found) = organization.roles().await {
                    if auth.org_id.get_untracked() == org {
                        roles.try_set(found);
                    }
                }
            });
        });
        Self { allowed, roles }
    }
}

/// Previous and Next for one of the page's lists, and any further `children` buttons: a group
/// named `label`, so that each list's buttons are told apart (by a screen reader, by a test).
#[component]
fn Pager<T: Send + Sync + 'static>(
    list: Paginated<T>,
    label: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="pager" role="group" aria-label=label>
            <button
                type="button"
                disabled=move || !list.has_previous_page.get()
                on:click=move |_| list.fetch_previous()
            >
                "Previous"
            </button>
            <button
                type="button"
                disabled=move || !list.has_next_page.get()
                on:click=move |_| list.fetch_next()
            >
                "Next"
            </button>
            {children.map(|more| more())}
        </div>
    }
}

/// A change's outcome line, emptied when another organization is made active: a message about
/// one organization's members must not stay beside another's.
fn outcome_for_active_organization() -> RwSignal<Option<String>> {
    let auth = use_auth();
    let outcome = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        auth.org_id.track();
        outcome.set(None);
    });
    outcome
}

/// A switcher of the app's own, as Clerk's "custom organization switcher" guide builds one with
/// `useOrganizationList()`: each of the user's organizations with their role and a button to
/// make it active, the invitations to join others, a form that creates one (and makes it
/// active), and the active one's settings in Clerk's modal.
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
        <InvitationsToYou/>
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
