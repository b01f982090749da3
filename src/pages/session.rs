use leptos::prelude::*;
use leptos_clerk::{
    use_auth, use_clerk_status, use_organization, use_organization_list, use_session, use_user,
};
use serde_json::json;

/// Everything the hooks return, as JSON: the server renders it, hydration reuses it, and it
/// updates when clerk-js loads or the session changes. Handy while building; remove at will.
#[component]
pub fn Session() -> impl IntoView {
    let (auth, user, session, org) = (use_auth(), use_user(), use_session(), use_organization());
    let org_list = use_organization_list();
    let status = use_clerk_status();
    let clerk_js_version = clerk_js_version();
    let state = move || {
        let value = json!({
            "status": status.get().as_str(),
            "clerk_js_version": clerk_js_version.get(),
            "auth": {
                "is_loaded": auth.is_loaded.get(),
                "is_signed_in": auth.is_signed_in.get(),
                "user_id": auth.user_id.get(),
                "session_id": auth.session_id.get(),
                "org_id": auth.org_id.get(),
                "org_role": auth.org_role.get(),
                "org_slug": auth.org_slug.get(),
            },
            "user": {
                "is_loaded": user.is_loaded.get(),
                "is_signed_in": user.is_signed_in.get(),
                "first_name": user.user.get().and_then(|u| u.first_name),
                "email": user.user.get().and_then(|u| u.primary_email_address),
                "email_addresses": user.user.get().map(|u| u.email_addresses),
                "phone_numbers": user.user.get().map(|u| u.phone_numbers),
                "external_accounts": user.user.get().map(|u| u.external_accounts),
                "created_at": user.user.get().and_then(|u| u.created_at),
                "last_sign_in_at": user.user.get().and_then(|u| u.last_sign_in_at),
                "has_image": user.user.get().map(|u| u.has_image),
                "password_enabled": user.user.get().map(|u| u.password_enabled),
                "two_factor_enabled": user.user.get().map(|u| u.two_factor_enabled),
            },
            "session": session.session.get().map(|s| json!({
                "id": s.id,
                "status": s.status,
                "is_signed_in": session.is_signed_in.get(),
            })),
            "organization": {
                "is_loaded": org.is_loaded.get(),
                "id": org.organization.get().map(|o| o.id),
            },
            "organization_list": {
                "is_loaded": org_list.is_loaded.get(),
                "count": org_list.user_memberships.with(Vec::len),
            },
        });
        serde_json::to_string_pretty(&value).unwrap_or_default()
    };
    view! {
        <h1>"Session"</h1>
        <pre id="hooks">{state}</pre>
    }
}

/// clerk-js's version, read from clerk-js itself through `use_clerk().clerk_js()`: the way to
/// anything the SDK does not wrap. `null` on the server and until clerk-js has loaded.
fn clerk_js_version() -> Signal<Option<String>> {
    let version = RwSignal::new(None);
    #[cfg(feature = "hydrate")]
    {
        let clerk = leptos_clerk::use_clerk();
        Effect::new(move |_| {
            if clerk.status.get().is_loaded() {
                let read = clerk
                    .clerk_js()
                    .and_then(|clerk| js_sys::Reflect::get(&clerk, &"version".into()).ok());
                version.set(read.and_then(|v| v.as_string()));
            }
        });
    }
    version.into()
}
