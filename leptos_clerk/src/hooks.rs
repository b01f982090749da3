//! Hooks named after Clerk's React hooks: `use_auth()`, `use_user()`, `use_session()`,
//! `use_organization()` (and `use_organization_memberships()` and
//! `use_organization_invitations()`, its `memberships` and `invitations`),
//! `use_organization_list()` (and `use_user_invitations()`, its `userInvitations`),
//! `use_clerk()`.
//!
//! Each returns a `Copy` struct of signals. During SSR and hydration they hold the server's
//! snapshot, so the first render matches the HTML; once clerk-js loads they follow it. Each has
//! a `try_` form that returns `None` outside a [`ClerkProvider`](crate::ClerkProvider).
//!
//! Their `async` methods take `self` (the structs are `Copy`), so the future owns what it needs
//! and can be returned from an `Action`'s closure: `Action::new_local(move |name: &String|
//! user.update(UserUpdate::new().first_name(name)))`.

mod paginated;
mod use_clerk;
mod use_organization_invitations;
mod use_organization_list;
mod use_organization_memberships;
mod use_sign_in;
mod use_sign_up;
mod use_user_invitations;

use leptos::prelude::*;

use crate::state::{try_use_clerk_context, use_clerk_context};
use crate::{
    AuthSnapshot, ClerkApiError, ClerkContext, ClerkStatus, MembershipSnapshot,
    OrganizationRoleSnapshot, OrganizationSnapshot, SessionSnapshot, UserSnapshot,
};

pub use paginated::Paginated;
pub use use_clerk::{try_use_clerk, use_clerk, UseClerk};
pub use use_organization_invitations::{
    try_use_organization_invitations, use_organization_invitations, UseOrganizationInvitations,
};
pub use use_organization_list::{
    try_use_organization_list, use_organization_list, UseOrganizationList,
};
pub use use_organization_memberships::{
    try_use_organization_memberships, use_organization_memberships, UseOrganizationMemberships,
};
pub use use_sign_in::{try_use_sign_in, use_sign_in, UseSignIn};
pub use use_sign_up::{try_use_sign_up, use_sign_up, UseSignUp};
pub use use_user_invitations::{
    try_use_user_invitations, use_user_invitations, UseUserInvitations,
};

/// Auth state and actions: the Leptos form of Clerk's `useAuth()`.
#[derive(Clone, Copy, Debug)]
pub struct UseAuth {
    /// Whether the auth state is known. With the server's snapshot it always is.
    pub is_loaded: Signal<bool>,
    /// `Some(true)` signed in, `Some(false)` signed out, `None` not known yet (the shape
    /// leptos_router's `ProtectedRoute` `condition` takes).
    pub is_signed_in: Signal<Option<bool>>,
    /// The user id (`user_…`).
    pub user_id: Signal<Option<String>>,
    /// The session id (`sess_…`).
    pub session_id: Signal<Option<String>>,
    /// The active organization's id.
    pub org_id: Signal<Option<String>>,
    /// The active organization role, `org:`-prefixed.
    pub org_role: Signal<Option<String>>,
    /// The active organization's slug.
    pub org_slug: Signal<Option<String>>,
    /// The active organization permissions.
    pub org_permissions: Signal<Option<Vec<String>>>,
    /// The session token's claims.
    pub session_claims: Signal<Option<serde_json::Value>>,
    /// The impersonator (`act` claim), when an admin is signed in as this user.
    pub actor: Signal<Option<serde_json::Value>>,
    /// Signs out through clerk-js, then goes to `after_sign_out_url`. Does nothing before
    /// clerk-js has loaded (and on the server).
    pub sign_out: Callback<()>,
    pub(crate) state: Signal<AuthSnapshot>,
}

impl UseAuth {
    /// Whether the signed-in user passes `check`, as Clerk's `has()`: tracked, so a view or
    /// memo that calls it updates when the session or organization changes.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_clerk::{use_auth, Check};
    ///
    /// #[component]
    /// fn AdminLink() -> impl IntoView {
    ///     let auth = use_auth();
    ///     view! { <Show when=move || auth.has(&Check::role("admin"))><a href="/admin">"Admin"</a></Show> }
    /// }
    /// ```
    #[must_use]
    pub fn has(&self, check: &crate::Check) -> bool {
        self.state.with(|auth| auth.has(check))
    }

    /// A fresh session token for your own APIs; `Ok(None)` when signed out (see
    /// [`get_token`](crate::get_token)).
    pub async fn get_token(
        self,
        options: crate::GetTokenOptions,
    ) -> Result<Option<String>, crate::TokenError> {
        crate::get_token(options).await
    }
}

/// The signed-in user: the Leptos form of Clerk's `useUser()`.
#[derive(Clone, Copy, Debug)]
pub struct UseUser {
    /// Whether `user` is known: at once when signed out; when signed in, once the server sent
    /// the profile (`load_user`) or clerk-js loaded; for a pending session (signed out for
    /// [`use_auth`], with a user), once clerk-js loaded.
    pub is_loaded: Signal<bool>,
    /// As in [`UseAuth::is_signed_in`], but `None` until `is_loaded` (as Clerk's `useUser()`).
    pub is_signed_in: Signal<Option<bool>>,
    /// The user's public profile.
    pub user: Signal<Option<UserSnapshot>>,
}

/// The active session: the Leptos form of Clerk's `useSession()`.
#[derive(Clone, Copy, Debug)]
pub struct UseSession {
    /// Always `true`: the id and status come from the server's token until clerk-js loads.
    pub is_loaded: Signal<bool>,
    /// As in [`UseAuth::is_signed_in`].
    pub is_signed_in: Signal<Option<bool>>,
    /// The session; `last_active_at`/`expire_at` are filled once clerk-js loads.
    pub session: Signal<Option<SessionSnapshot>>,
}

/// The active organization: the Leptos form of Clerk's `useOrganization()`.
#[derive(Clone, Copy, Debug)]
pub struct UseOrganization {
    /// `true` when no organization is active, or once clerk-js has loaded it (the server's token
    /// carries its id and slug, not its name).
    pub is_loaded: Signal<bool>,
    /// The active organization.
    pub organization: Signal<Option<OrganizationSnapshot>>,
    /// The signed-in user's membership in it.
    pub membership: Signal<Option<MembershipSnapshot>>,
}

impl UseOrganization {
    /// The roles a member of the active organization can be given, for a choice of role (when
    /// inviting, or changing a member's): Clerk's `organization.getRoles()`, through clerk-js.
    pub async fn roles(self) -> Result<Vec<OrganizationRoleSnapshot>, ClerkApiError> {
        let org_id = self
            .organization
            .with_untracked(|o| o.as_ref().map(|o| o.id.clone()))
            .ok_or_else(|| ClerkApiError::without_code("no organization is active"))?;
        crate::client::organization_roles(&org_id).await
    }
}

/// Auth state and actions.
///
/// - **SSR / hydration:** the request's verified session (from `ClerkLayer`).
/// - **After clerk-js loads:** clerk-js's session, updated on sign-in, sign-out, organization
///   switch and token refresh.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::use_auth;
///
/// #[component]
/// fn Greeting() -> impl IntoView {
///     let auth = use_auth();
///     view! { <p>{move || auth.user_id.get().unwrap_or_else(|| "signed out".into())}</p> }
/// }
/// ```
///
/// # Panics
/// Outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
#[track_caller]
pub fn use_auth() -> UseAuth {
    use_context::<UseAuth>().unwrap_or_else(|| auth_from(use_clerk_context()))
}

/// [`use_auth`], or `None` outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
pub fn try_use_auth() -> Option<UseAuth> {
    use_context::<UseAuth>().or_else(|| try_use_clerk_context().map(auth_from))
}

/// The signed-in user's public profile.
///
/// - **SSR / hydration:** the profile the server loaded for this request (`load_user = true`),
///   so the HTML already shows the user's name.
/// - **After clerk-js loads:** `Clerk.user`, updated when the profile changes.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::use_user;
///
/// #[component]
/// fn Hello() -> impl IntoView {
///     let user = use_user().user;
///     view! { <h1>"Hello, " {move || user.get().and_then(|u| u.first_name)}</h1> }
/// }
/// ```
///
/// # Panics
/// Outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
#[track_caller]
pub fn use_user() -> UseUser {
    use_context::<UseUser>().unwrap_or_else(|| user_from(use_clerk_context()))
}

/// [`use_user`], or `None` outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
pub fn try_use_user() -> Option<UseUser> {
    use_context::<UseUser>().or_else(|| try_use_clerk_context().map(user_from))
}

/// Makes the signals of `use_auth` and `use_user` once for the provider, which every call then
/// shares: each is a dozen memos, and a page calls these hooks in every `<SignedIn>`,
/// `<SignedOut>` and `<Protect>` (a fifth of a server render's CPU went into making them anew).
pub(crate) fn provide_shared_hooks(ctx: ClerkContext) {
    provide_context(auth_from(ctx));
    provide_context(user_from(ctx));
}

/// The active session.
///
/// - **SSR / hydration:** id and status from the request's token.
/// - **After clerk-js loads:** `Clerk.session`, with its timestamps.
///
/// # Panics
/// Outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
#[track_caller]
pub fn use_session() -> UseSession {
    session_from(use_clerk_context())
}

/// [`use_session`], or `None` outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
pub fn try_use_session() -> Option<UseSession> {
    try_use_clerk_context().map(session_from)
}

/// The active organization and the user's membership in it.
///
/// - **SSR / hydration:** id and slug from the token (no name); loaded when none is active.
/// - **After clerk-js loads:** `Clerk.organization` and the matching membership.
///
/// # Panics
/// Outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
#[track_caller]
pub fn use_organization() -> UseOrganization {
    organization_from(use_clerk_context())
}

/// [`use_organization`], or `None` outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
pub fn try_use_organization() -> Option<UseOrganization> {
    try_use_clerk_context().map(organization_from)
}

/// clerk-js's status: `Loading` until `Clerk.load()` resolves, then `Ready` (or `Failed`).
///
/// # Panics
/// Outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
#[track_caller]
pub fn use_clerk_status() -> Signal<ClerkStatus> {
    use_clerk_context().status()
}

/// One field of the state as a signal. In the browser a memo, which notifies its readers only
/// when the field changes: clerk-js emits on every token refresh, and most emissions change
/// nothing a page shows; on the server, where a page reads each
/// field once and nothing changes, a plain derived signal (a memo's bookkeeping costs more
/// than the read).
fn field<T>(compute: impl Fn() -> T + Send + Sync + 'static) -> Signal<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    #[cfg(feature = "ssr")]
    {
        Signal::derive(compute)
    }
    #[cfg(not(feature = "ssr"))]
    {
        Memo::new(move |_| compute()).into()
    }
}

fn auth_from(ctx: ClerkContext) -> UseAuth {
    let auth = ctx.auth;
    let text = move |get: fn(&AuthSnapshot) -> Option<String>| field(move || auth.with(get));
    UseAuth {
        is_loaded: Signal::stored(true),
        is_signed_in: signed_in(ctx),
        user_id: text(|a| a.user_id.clone()),
        session_id: text(|a| a.session_id.clone()),
        org_id: text(|a| a.org_id.clone()),
        org_role: text(|a| a.org_role.clone()),
        org_slug: text(|a| a.org_slug.clone()),
        org_permissions: field(move || auth.with(|a| a.org_permissions.clone())),
        session_claims: field(move || auth.with(|a| a.session_claims.clone())),
        actor: field(move || auth.with(|a| a.actor.clone())),
        sign_out: Callback::new(move |()| {
            crate::client::sign_out(ctx, crate::SignOutOptions::default())
        }),
        state: auth.into(),
    }
}

fn signed_in(ctx: ClerkContext) -> Signal<Option<bool>> {
    let auth = ctx.auth;
    field(move || Some(auth.with(AuthSnapshot::is_signed_in)))
}

fn user_from(ctx: ClerkContext) -> UseUser {
    let (auth, status, resources) = (ctx.auth, ctx.status, ctx.resources);
    // clerk-js's user once it has emitted (a pending session's too), the server's before.
    let user = field(
        move || match resources.with(|r| r.as_ref().map(|r| r.user.clone())) {
            Some(user) => user,
            None => auth.with(|a| a.user.clone()),
        },
    );
    let is_loaded = field(move || {
        // Signed out is known at once; a pending session's user only from clerk-js.
        let known_at_once =
            auth.with(|a| (!a.is_signed_in() && !a.is_pending()) || a.user.is_some());
        known_at_once || resources.with(Option::is_some) || status.get().is_loaded()
    });
    UseUser {
        is_loaded,
        // Unknown until the user is, as Clerk's `useUser()`: code ported from React that reads
        // `isSignedIn` before `isLoaded` would otherwise render a signed-in page with no user.
        is_signed_in: field(move || is_loaded.get().then(|| user.with(Option::is_some))),
        user,
    }
}

fn session_from(ctx: ClerkContext) -> UseSession {
    let (auth, resources) = (ctx.auth, ctx.resources);
    UseSession {
        is_loaded: Signal::stored(true),
        is_signed_in: signed_in(ctx),
        session: field(move || {
            if let Some(loaded) = resources.with(|r| r.as_ref().map(|r| r.session.clone())) {
                return loaded;
            }
            auth.with(|a| {
                a.session_id.clone().map(|id| SessionSnapshot {
                    id,
                    status: a.session_status.clone(),
                    ..SessionSnapshot::default()
                })
            })
        }),
    }
}

fn organization_from(ctx: ClerkContext) -> UseOrganization {
    let (auth, resources) = (ctx.auth, ctx.resources);
    UseOrganization {
        is_loaded: field(move || {
            resources.with(Option::is_some) || auth.with(|a| a.org_id.is_none())
        }),
        organization: field(move || {
            if let Some(loaded) = resources.with(|r| r.as_ref().map(|r| r.organization.clone())) {
                return loaded;
            }
            auth.with(|a| {
                a.org_id.clone().map(|id| OrganizationSnapshot {
                    id,
                    slug: a.org_slug.clone(),
                    ..OrganizationSnapshot::default()
                })
            })
        }),
        membership: field(move || {
            if let Some(loaded) = resources.with(|r| r.as_ref().map(|r| r.membership.clone())) {
                return loaded;
            }
            auth.with(|a| {
                a.org_id.as_ref().map(|_| MembershipSnapshot {
                    role: a.org_role.clone(),
                    permissions: a.org_permissions.clone().unwrap_or_default(),
                    ..MembershipSnapshot::default()
                })
            })
        }),
    }
}
