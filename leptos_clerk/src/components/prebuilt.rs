//! Clerk's prebuilt components, mounted from Leptos: `<SignIn/>`, `<SignUp/>`, `<UserButton/>`,
//! `<UserProfile/>`, `<OrganizationSwitcher/>`, `<OrganizationProfile/>`,
//! `<CreateOrganization/>`, `<OrganizationList/>`, `<APIKeys/>`, `<UserAvatar/>`,
//! `<Waitlist/>`.
//!
//! Each renders an empty `<div>` during SSR; after hydration, once clerk-js is ready, Clerk
//! renders into it. Props are reactive (`MaybeProp`) and passed on when they change; the
//! component is unmounted when Leptos cleans it up (e.g. on navigation). `appearance` takes
//! Clerk's appearance object as JSON, and `props` any of Clerk's props not named here, e.g.
//! `props=json!({"userProfileMode": "navigation", "userProfileUrl": "/user"})`.

use leptos::prelude::*;
use serde_json::Value;

use super::host::{host, host_with_menu, Props};
use super::UserButtonMenuItem;
use crate::mountable::Mountable;
use crate::state::use_clerk_context;

/// Clerk's sign-in form.
///
/// Host it on a wildcard route (`/sign-in/*any`, which matches `/sign-in` itself too; axum
/// needs the bare path as a route of its own, see the starter's `src/server/router.rs`): Clerk
/// routes its own steps (e.g. `/sign-in/factor-one`) below the path.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::SignIn;
///
/// #[component]
/// fn SignInPage() -> impl IntoView {
///     view! { <SignIn fallback_redirect_url="/dashboard"/> }
/// }
/// ```
#[component]
pub fn SignIn(
    /// The route the component lives on; defaults to the configured sign-in URL.
    #[prop(optional, into)]
    path: MaybeProp<String>,
    /// Where to go after signing in, whatever the URL's `redirect_url` says.
    #[prop(optional, into)]
    force_redirect_url: MaybeProp<String>,
    /// Where to go after signing in when the URL has no `redirect_url`.
    #[prop(optional, into)]
    fallback_redirect_url: MaybeProp<String>,
    /// The sign-up page the form links to; defaults to the configured sign-up URL.
    #[prop(optional, into)]
    sign_up_url: MaybeProp<String>,
    /// Clerk's `appearance` object.
    #[prop(optional, into)]
    appearance: MaybeProp<Value>,
    /// Any other of Clerk's props for this component, as a JSON object with Clerk's camelCase
    /// names; the props above take precedence.
    #[prop(optional, into)]
    props: MaybeProp<Value>,
) -> impl IntoView {
    let default_path = use_clerk_context().options().sign_in_url;
    host(Mountable::SignIn, move || {
        Props::from_other(props.get())
            .routing(Some(path.get().unwrap_or_else(|| default_path.clone())))
            .set_some("forceRedirectUrl", force_redirect_url.get())
            .set_some("fallbackRedirectUrl", fallback_redirect_url.get())
            .set_some("signUpUrl", sign_up_url.get())
            .set_some("appearance", appearance.get())
            .build()
    })
}

/// Clerk's sign-up form. Host it on a wildcard route (`/sign-up/*any`), as [`SignIn`].
#[component]
pub fn SignUp(
    /// The route the component lives on; defaults to the configured sign-up URL.
    #[prop(optional, into)]
    path: MaybeProp<String>,
    /// Where to go after signing up, whatever the URL's `redirect_url` says.
    #[prop(optional, into)]
    force_redirect_url: MaybeProp<String>,
    /// Where to go after signing up when the URL has no `redirect_url`.
    #[prop(optional, into)]
    fallback_redirect_url: MaybeProp<String>,
    /// The sign-in page the form links to; defaults to the configured sign-in URL.
    #[prop(optional, into)]
    sign_in_url: MaybeProp<String>,
    /// Clerk's `appearance` object.
    #[prop(optional, into)]
    appearance: MaybeProp<Value>,
    /// Any other of Clerk's props for this component, as a JSON object with Clerk's camelCase
    /// names; the props above take precedence.
    #[prop(optional, into)]
    props: MaybeProp<Value>,
) -> impl IntoView {
    let default_path = use_clerk_context().options().sign_up_url;
    host(Mountable::SignUp, move || {
        Props::from_other(props.get())
            .routing(Some(path.get().unwrap_or_else(|| default_path.clone())))
            .set_some("forceRedirectUrl", force_redirect_url.get())
            .set_some("fallbackRedirectUrl", fallback_redirect_url.get())
            .set_some("signInUrl", sign_in_url.get())
            .set_some("appearance", appearance.get())
            .build()
    })
}

/// The signed-in user's avatar button, with a menu to manage the account and sign out.
#[component]
pub fn UserButton(
    /// Show the user's name beside the avatar.
    #[prop(optional, into)]
    show_name: MaybeProp<bool>,
    /// Where to go after switching sessions (multi-session instances).
    #[prop(optional, into)]
    after_switch_session_url: MaybeProp<String>,
    /// Clerk's `appearance` object.
    #[prop(optional, into)]
    appearance: MaybeProp<Value>,
    /// Any other of Clerk's props for this component, as a JSON object with Clerk's camelCase
    /// names; the props above take precedence.
    #[prop(optional, into)]
    props: MaybeProp<Value>,
    /// The app's own menu entries (Clerk's `<UserButton.MenuItems>`), set when it mounts.
    #[prop(optional)]
    menu_items: Vec<UserButtonMenuItem>,
) -> impl IntoView {
    host_with_menu(Mountable::UserButton, menu_items, move || {
        Props::from_other(props.get())
            .set_some("showName", show_name.get())
            .set_some("afterSwitchSessionUrl", after_switch_session_url.get())
            .set_some("appearance", appearance.get())
            .build()
    })
}

/// The user's account page: profile, email addresses, password, sessions.
///
/// With `path`, Clerk routes its tabs below it (host it on a splat route); without, it uses
/// hash routing and works on any route.
#[component]
pub fn UserProfile(
    /// The splat route it lives on, for path routing.
    #[prop(optional, into)]
    path: MaybeProp<String>,
    /// Clerk's `appearance` object.
    #[prop(optional, into)]
    appearance: MaybeProp<Value>,
    /// Any other of Clerk's props for this component, as a JSON object with Clerk's camelCase
    /// names; the props above take precedence.
    #[prop(optional, into)]
    props: MaybeProp<Value>,
) -> impl IntoView {
    host(Mountable::UserProfile, move || {
        Props::from_other(props.get())
            .routing(path.get())
            .set_some("appearance", appearance.get())
            .build()
    })
}

/// Switch the active organization, or the personal account.
#[component]
pub fn OrganizationSwitcher(
    /// Hide the personal account from the list.
    #[prop(optional, into)]
    hide_personal: MaybeProp<bool>,
    /// Where to go after choosing an organization.
    #[prop(optional, into)]
    after_select_organization_url: MaybeProp<String>,
    /// Where to go after creating an organization.
    #[prop(optional, into)]
    after_create_organization_url: MaybeProp<String>,
    /// Clerk's `appearance` object.
    #[prop(optional, into)]
    appearance: MaybeProp<Value>,
    /// Any other of Clerk's props for this component, as a JSON object with Clerk's camelCase
    /// names; the props above take precedence.
    #[prop(optional, into)]
    props: MaybeProp<Value>,
) -> impl IntoView {
    host(Mountable::OrganizationSwitcher, move || {
        Props::from_other(props.get())
            .set_some("hidePersonal", hide_personal.get())
            .set_some(
                "afterSelectOrganizationUrl",
                after_select_organization_url.get(),
            )
            .set_some(
                "afterCreateOrganizationUrl",
                after_create_organization_url.get(),
            )
            .set_some("appearance", appearance.get())
            .build()
    })
}

/// The active organization's settings and members.
#[component]
pub fn OrganizationProfile(
    /// The splat route it lives on, for path routing; hash routing without.
    #[prop(optional, into)]
    path: MaybeProp<String>,
    /// Clerk's `appearance` object.
    #[prop(optional, into)]
    appearance: MaybeProp<Value>,
    /// Any other of Clerk's props for this component, as a JSON object with Clerk's camelCase
    /// names; the props above take precedence.
    #[prop(optional, into)]
    props: MaybeProp<Value>,
) -> impl IntoView {
    host(Mountable::OrganizationProfile, move || {
        Props::from_other(props.get())
            .routing(path.get())
            .set_some("appearance", appearance.get())
            .build()
    })
}

/// A form to create an organization.
#[component]
pub fn CreateOrganization(
    /// The splat route it lives on, for path routing; hash routing without.
    #[prop(optional, into)]
    path: MaybeProp<String>,
    /// Where to go after creating it.
    #[prop(optional, into)]
    after_create_organization_url: MaybeProp<String>,
    /// Clerk's `appearance` object.
    #[prop(optional, into)]
    appearance: MaybeProp<Value>,
    /// Any other of Clerk's props for this component, as a JSON object with Clerk's camelCase
    /// names; the props above take precedence.
    #[prop(optional, into)]
    props: MaybeProp<Value>,
) -> impl IntoView {
    host(Mountable::CreateOrganization, move || {
        Props::from_other(props.get())
            .routing(path.get())
            .set_some(
                "afterCreateOrganizationUrl",
                after_create_organization_url.get(),
            )
            .set_some("appearance", appearance.get())
            .build()
    })
}

/// The user's organizations, to choose or create one.
#[component]
pub fn OrganizationList(
    /// Hide the personal account from the list.
    #[prop(optional, into)]
    hide_personal: MaybeProp<bool>,
    /// Where to go after choosing an organization.
    #[prop(optional, into)]
    after_select_organization_url: MaybeProp<String>,
    /// Clerk's `appearance` object.
    #[prop(optional, into)]
    appearance: MaybeProp<Value>,
    /// Any other of Clerk's props for this component, as a JSON object with Clerk's camelCase
    /// names; the props above take precedence.
    #[prop(optional, into)]
    props: MaybeProp<Value>,
) -> impl IntoView {
    host(Mountable::OrganizationList, move || {
        Props::from_other(props.get())
            .set_some("hidePersonal", hide_personal.get())
            .set_some(
                "afterSelectOrganizationUrl",
                after_select_organization_url.get(),
            )
            .set_some("appearance", appearance.get())
            .build()
    })
}

/// The signed-in user's (or, in an organization, the organization's) API keys: list, search,
/// make (the secret is shown once) and revoke. A server takes them with
/// [`ApiKeyAuth`](crate::server::ApiKeyAuth).
///
/// Needs API keys enabled for users (or organizations) in the instance: Clerk's dashboard, or
/// `[clerk_local.api_keys]` for the local instance. Otherwise clerk-js renders nothing, and in a
/// development instance throws `cannot_render_api_keys_disabled`.
#[component]
pub fn APIKeys(
    /// Keys per page (Clerk's default: 10).
    #[prop(optional, into)]
    per_page: MaybeProp<u32>,
    /// Offer a description field when making a key.
    #[prop(optional, into)]
    show_description: MaybeProp<bool>,
    /// Clerk's `appearance` object.
    #[prop(optional, into)]
    appearance: MaybeProp<Value>,
    /// Any other of Clerk's props for this component, as a JSON object with Clerk's camelCase
    /// names; the props above take precedence.
    #[prop(optional, into)]
    props: MaybeProp<Value>,
) -> impl IntoView {
    host(Mountable::ApiKeys, move || {
        Props::from_other(props.get())
            .set_some("perPage", per_page.get())
            .set_some("showDescription", show_description.get())
            .set_some("appearance", appearance.get())
            .build()
    })
}

/// The signed-in user's avatar: their image, or their initials.
#[component]
pub fn UserAvatar(
    /// Round (Clerk's default) or square.
    #[prop(optional, into)]
    rounded: MaybeProp<bool>,
    /// Clerk's `appearance` object.
    #[prop(optional, into)]
    appearance: MaybeProp<Value>,
    /// Any other of Clerk's props for this component, as a JSON object with Clerk's camelCase
    /// names; the props above take precedence.
    #[prop(optional, into)]
    props: MaybeProp<Value>,
) -> impl IntoView {
    host(Mountable::UserAvatar, move || {
        Props::from_other(props.get())
            .set_some("rounded", rounded.get())
            .set_some("appearance", appearance.get())
            .build()
    })
}

/// "Join the waitlist": an email address form, for instances whose sign-ups go through the
/// waitlist (Clerk's dashboard: Access mode → Waitlist; `sign_up_mode = "waitlist"` for the
/// local instance). `<SignIn/>` and `<SignUp/>` link here (the `waitlist_url` setting). The
/// Backend API then invites or rejects each entry ([`ClerkClient::waitlist_entries`]); an
/// invited address may sign up.
///
/// [`ClerkClient::waitlist_entries`]: crate::server::ClerkClient::waitlist_entries
#[component]
pub fn Waitlist(
    /// Where to go a moment after joining.
    #[prop(optional, into)]
    after_join_waitlist_url: MaybeProp<String>,
    /// The sign-in page, for "Already have access? Sign in" (default: the `sign_in_url`
    /// setting).
    #[prop(optional, into)]
    sign_in_url: MaybeProp<String>,
    /// Clerk's `appearance` object.
    #[prop(optional, into)]
    appearance: MaybeProp<Value>,
    /// Any other of Clerk's props for this component, as a JSON object with Clerk's camelCase
    /// names; the props above take precedence.
    #[prop(optional, into)]
    props: MaybeProp<Value>,
) -> impl IntoView {
    host(Mountable::Waitlist, move || {
        Props::from_other(props.get())
            .set_some("afterJoinWaitlistUrl", after_join_waitlist_url.get())
            .set_some("signInUrl", sign_in_url.get())
            .set_some("appearance", appearance.get())
            .build()
    })
}

/// A session task of this app's own page (Clerk's `<TaskChooseOrganization/>`): a pending
/// session chooses or creates an organization here, where the instance requires one, then goes
/// to `redirect_url_complete`. Name the page in `[clerk.task_urls]` (`choose-organization =
/// "/your-page"`) so that clerk-js sends pending sessions to it; leave the page unprotected (a
/// pending session is signed out for the server).
#[component]
pub fn TaskChooseOrganization(
    /// Where to go once every task is done.
    #[prop(into)]
    redirect_url_complete: Signal<String>,
    /// Clerk's `appearance` object.
    #[prop(optional, into)]
    appearance: MaybeProp<Value>,
    /// Any other of Clerk's props for this component, as a JSON object with Clerk's camelCase
    /// names; the props above take precedence.
    #[prop(optional, into)]
    props: MaybeProp<Value>,
) -> impl IntoView {
    task(
        Mountable::TaskChooseOrganization,
        redirect_url_complete,
        appearance,
        props,
    )
}

/// The `reset-password` session task on a page of this app's own (Clerk's
/// `<TaskResetPassword/>`): Clerk asks the user for a new password (e.g. one found in a
/// breach). `[clerk.task_urls]`: `reset-password = "/your-page"`.
#[component]
pub fn TaskResetPassword(
    /// Where to go once every task is done.
    #[prop(into)]
    redirect_url_complete: Signal<String>,
    /// Clerk's `appearance` object.
    #[prop(optional, into)]
    appearance: MaybeProp<Value>,
    /// Any other of Clerk's props for this component, as a JSON object with Clerk's camelCase
    /// names; the props above take precedence.
    #[prop(optional, into)]
    props: MaybeProp<Value>,
) -> impl IntoView {
    task(
        Mountable::TaskResetPassword,
        redirect_url_complete,
        appearance,
        props,
    )
}

/// The `setup-mfa` session task on a page of this app's own (Clerk's `<TaskSetupMFA/>`): the
/// user sets up a second factor, where the instance requires one. `[clerk.task_urls]`:
/// `setup-mfa = "/your-page"`.
#[component]
pub fn TaskSetupMFA(
    /// Where to go once every task is done.
    #[prop(into)]
    redirect_url_complete: Signal<String>,
    /// Clerk's `appearance` object.
    #[prop(optional, into)]
    appearance: MaybeProp<Value>,
    /// Any other of Clerk's props for this component, as a JSON object with Clerk's camelCase
    /// names; the props above take precedence.
    #[prop(optional, into)]
    props: MaybeProp<Value>,
) -> impl IntoView {
    task(
        Mountable::TaskSetupMfa,
        redirect_url_complete,
        appearance,
        props,
    )
}

/// The three task components take the same props.
fn task(
    component: Mountable,
    redirect_url_complete: Signal<String>,
    appearance: MaybeProp<Value>,
    props: MaybeProp<Value>,
) -> impl IntoView {
    host(component, move || {
        Props::from_other(props.get())
            .set("redirectUrlComplete", redirect_url_complete.get())
            .set_some("appearance", appearance.get())
            .build()
    })
}
