use leptos::prelude::*;
use leptos_clerk::{use_auth, use_clerk, use_organization, OrganizationSwitcher, Protect};

/// The active organization: Clerk's switcher, and what `use_organization()` and `use_auth()`
/// say about it (they change without a reload when you switch). Protected by `ProtectedRoute`
/// in `app.rs`.
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
    }
}

#[component]
fn ActiveOrganization() -> impl IntoView {
    let org = use_organization();
    let auth = use_auth();
    let clerk = use_clerk();
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
                on:click=move |_| clerk.set_active_organization.run(None)
            >
                "Switch to your personal account"
            </button>
        </Show>
    }
}
