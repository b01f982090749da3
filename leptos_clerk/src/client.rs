//! Everything the hooks, components and provider ask of clerk-js, in one place: the real thing
//! under `hydrate` (`browser/`: clerk-js through wasm-bindgen) and a no-op otherwise. On the
//! server there is no clerk-js; what the hooks show comes from the server-rendered state.

/// Where Clerk sends the user after signing in or up from a button or a modal: always to
/// `force_redirect_url`; to `fallback_redirect_url` when no `redirect_url` says otherwise
/// (clerk-js's `forceRedirectUrl` and `fallbackRedirectUrl`).
#[derive(Clone, Debug, Default)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // read by clerk-js's calls only
pub(crate) struct AfterAuth {
    pub(crate) force_redirect_url: Option<String>,
    pub(crate) fallback_redirect_url: Option<String>,
}

/// `Clerk.signOut`'s options (for [`UseClerk::sign_out_with`](crate::UseClerk::sign_out_with)): where to go
/// afterwards, and which session to end.
///
/// ```no_run
/// use leptos_clerk::SignOutOptions;
///
/// let options = SignOutOptions { redirect_url: Some("/goodbye".into()), ..Default::default() };
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignOutOptions {
    /// Where to go (default: the provider's `after_sign_out_url`).
    pub redirect_url: Option<String>,
    /// The session to end (default: all of this browser's).
    pub session_id: Option<String>,
}

/// A new look for every Clerk component: one of `<ClerkProvider>`'s two props, changed.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // read by clerk-js's calls only
pub(crate) enum Look {
    Appearance(serde_json::Value),
    Localization(serde_json::Value),
}

/// Which of the client's attempts a step is on: clerk-js's `client.signIn` or `client.signUp`.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Attempt {
    SignIn,
    SignUp,
}

impl Attempt {
    /// Its field on clerk-js's `Clerk.client`.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // read by clerk-js's calls only
    pub(crate) fn field(self) -> &'static str {
        match self {
            Self::SignIn => "signIn",
            Self::SignUp => "signUp",
        }
    }
}

/// `text` as JSON. In the browser through `JSON.parse`, which the page already has, rather
/// than `serde_json`'s parser (12 KB of gzipped wasm, measured in the notes page's chunk).
pub(crate) fn parse_json(text: &str) -> Option<serde_json::Value> {
    #[cfg(feature = "hydrate")]
    return js_sys::JSON::parse(text)
        .ok()
        .map(|value| crate::browser::json_from_js(&value));
    #[cfg(not(feature = "hydrate"))]
    serde_json::from_str(text).ok()
}

#[cfg(feature = "hydrate")]
pub(crate) use crate::browser::{
    accept_user_invitation, activate_organization, activate_session, attempt_email_code,
    attempt_sign_in_email_code, authenticate_with_redirect, connect, create_organization,
    handle_redirect_callback, invite_organization_member, invite_organization_members,
    keep_mounted, open, organization_invitations, organization_members, organization_roles,
    prepare_email_code, read_page_state, redirect, reload_user, reload_user_now,
    remove_organization_member, revoke_organization_invitation, session_token,
    session_token_if_loaded, set_active_organization, sign_in_with_email_code,
    sign_in_with_password, sign_out, sign_up_with_password, update_look,
    update_organization_member, update_user, update_user_metadata, user_invitations,
    user_memberships, verify_again, Modal,
};

#[cfg(not(feature = "hydrate"))]
pub(crate) use without_browser::*;

#[cfg(not(feature = "hydrate"))]
mod without_browser {
    use leptos::html::Div;
    use leptos::prelude::NodeRef;
    use serde_json::Value;

    use super::{AfterAuth, SignOutOptions};
    use crate::mountable::Mountable;
    use crate::{ClerkContext, GetTokenOptions};

    /// Clerk's modals.
    pub(crate) enum Modal {
        SignIn,
        SignUp,
        UserProfile,
        OrganizationProfile,
        CreateOrganization,
    }

    pub(crate) fn connect(_: ClerkContext) {}
    pub(crate) fn keep_mounted(
        _: Mountable,
        _: NodeRef<Div>,
        _: Vec<crate::UserButtonMenuItem>,
        _: impl Fn() -> Value + Send + Sync + 'static,
    ) {
    }
    pub(crate) fn open(_: Modal, _: AfterAuth) {}
    pub(crate) fn redirect(_: bool, _: AfterAuth) {}
    pub(crate) fn reload_user() {}
    pub(crate) fn set_active_organization(_: Option<String>) {}
    pub(crate) fn sign_out(_: ClerkContext, _: SignOutOptions) {}
    /// The server has no clerk-js: no list (the hook is not loaded there).
    pub(crate) fn user_memberships() -> Option<Vec<crate::UserMembershipSnapshot>> {
        None
    }
    /// The server does not list members (the hook fetches only in the browser).
    pub(crate) async fn organization_members(
        _: &str,
        _: u32,
        _: u32,
    ) -> Result<(Vec<crate::OrganizationMemberSnapshot>, u32), crate::ClerkApiError> {
        Err(members_are_in_the_browser())
    }
    fn members_are_in_the_browser() -> crate::ClerkApiError {
        crate::ClerkApiError::without_code(
            "an organization's members and invitations are managed through clerk-js, in the \
             browser: on the server, use leptos_clerk::server::clerk_client()",
        )
    }
    pub(crate) fn update_look(_: ClerkContext, _: super::Look) {}
    pub(crate) async fn update_organization_member(
        _: &str,
        _: &str,
        _: &str,
    ) -> Result<crate::OrganizationMemberSnapshot, crate::ClerkApiError> {
        Err(members_are_in_the_browser())
    }
    pub(crate) async fn remove_organization_member(
        _: &str,
        _: &str,
    ) -> Result<(), crate::ClerkApiError> {
        Err(members_are_in_the_browser())
    }
    pub(crate) async fn organization_roles(
        _: &str,
    ) -> Result<Vec<crate::OrganizationRoleSnapshot>, crate::ClerkApiError> {
        Err(members_are_in_the_browser())
    }
    pub(crate) async fn organization_invitations(
        _: &str,
        _: u32,
        _: u32,
    ) -> Result<(Vec<crate::OrganizationInvitationSnapshot>, u32), crate::ClerkApiError> {
        Err(members_are_in_the_browser())
    }
    pub(crate) async fn invite_organization_member(
        _: &str,
        _: &str,
        _: &str,
    ) -> Result<crate::OrganizationInvitationSnapshot, crate::ClerkApiError> {
        Err(members_are_in_the_browser())
    }
    pub(crate) async fn invite_organization_members(
        _: &str,
        _: &[String],
        _: &str,
    ) -> Result<Vec<crate::OrganizationInvitationSnapshot>, crate::ClerkApiError> {
        Err(members_are_in_the_browser())
    }
    pub(crate) async fn revoke_organization_invitation(
        _: &str,
    ) -> Result<crate::OrganizationInvitationSnapshot, crate::ClerkApiError> {
        Err(members_are_in_the_browser())
    }
    pub(crate) async fn user_invitations(
        _: u32,
        _: u32,
    ) -> Result<(Vec<crate::UserOrganizationInvitationSnapshot>, u32), crate::ClerkApiError> {
        Err(members_are_in_the_browser())
    }
    pub(crate) async fn accept_user_invitation(
        _: &str,
    ) -> Result<crate::UserOrganizationInvitationSnapshot, crate::ClerkApiError> {
        Err(members_are_in_the_browser())
    }
    pub(crate) async fn create_organization(
        _: &str,
        _: Option<&str>,
    ) -> Result<crate::OrganizationSnapshot, String> {
        Err("organizations are created by clerk-js, in the browser".to_owned())
    }
    pub(crate) async fn sign_in_with_password(
        _: &str,
        _: &str,
    ) -> Result<crate::SignInAttempt, crate::ClerkApiError> {
        Err(signing_in_is_in_the_browser())
    }
    pub(crate) async fn sign_in_with_email_code(
        _: &str,
    ) -> Result<crate::SignInAttempt, crate::ClerkApiError> {
        Err(signing_in_is_in_the_browser())
    }
    pub(crate) async fn attempt_sign_in_email_code(
        _: &str,
    ) -> Result<crate::SignInAttempt, crate::ClerkApiError> {
        Err(signing_in_is_in_the_browser())
    }
    pub(crate) async fn sign_up_with_password(
        _: &str,
        _: &str,
    ) -> Result<crate::SignUpAttempt, crate::ClerkApiError> {
        Err(signing_up_is_in_the_browser())
    }
    pub(crate) async fn prepare_email_code() -> Result<crate::SignUpAttempt, crate::ClerkApiError> {
        Err(signing_up_is_in_the_browser())
    }
    pub(crate) async fn attempt_email_code(
        _: &str,
    ) -> Result<crate::SignUpAttempt, crate::ClerkApiError> {
        Err(signing_up_is_in_the_browser())
    }
    pub(crate) async fn authenticate_with_redirect(
        _: super::Attempt,
        _: &str,
        _: &str,
        _: &str,
    ) -> Result<(), crate::ClerkApiError> {
        Err(signing_in_is_in_the_browser())
    }
    pub(crate) async fn handle_redirect_callback(_: &Value) -> Result<(), crate::ClerkApiError> {
        Err(signing_in_is_in_the_browser())
    }
    fn signing_in_is_in_the_browser() -> crate::ClerkApiError {
        crate::ClerkApiError::without_code("signing in is clerk-js's, in the browser")
    }
    fn signing_up_is_in_the_browser() -> crate::ClerkApiError {
        crate::ClerkApiError::without_code("signing up is clerk-js's, in the browser")
    }
    pub(crate) async fn activate_session(
        _: &str,
        _: Option<&str>,
    ) -> Result<(), crate::ClerkApiError> {
        Err(crate::ClerkApiError::without_code(
            "sessions are made active by clerk-js, in the browser",
        ))
    }
    pub(crate) async fn activate_organization(_: Option<&str>) -> Result<(), crate::ClerkApiError> {
        Err(crate::ClerkApiError::without_code(
            "organizations are made active by clerk-js, in the browser",
        ))
    }
    pub(crate) async fn update_user(
        _: crate::UserUpdate,
    ) -> Result<crate::UserSnapshot, crate::ClerkApiError> {
        Err(users_change_in_the_browser())
    }
    pub(crate) async fn update_user_metadata(
        _: Value,
    ) -> Result<crate::UserSnapshot, crate::ClerkApiError> {
        Err(users_change_in_the_browser())
    }
    pub(crate) async fn reload_user_now() -> Result<crate::UserSnapshot, crate::ClerkApiError> {
        Err(users_change_in_the_browser())
    }
    fn users_change_in_the_browser() -> crate::ClerkApiError {
        crate::ClerkApiError::without_code(
            "use_user()'s changes are clerk-js's, in the browser: on the server, change the user \
             with leptos_clerk::server::clerk_client()",
        )
    }
    /// No modal to verify in: `None`, the server's answer stands.
    pub(crate) async fn verify_again(_: Option<crate::ReverificationLevel>) -> Option<bool> {
        None
    }

    /// On the server: the token the current request was authenticated with (a JWT template
    /// needs the Backend API: `leptos_clerk::server::Auth::get_token_with` does that).
    pub(crate) async fn session_token(
        options: &GetTokenOptions,
    ) -> Result<Option<String>, crate::TokenError> {
        if options.template.is_some() {
            return Err(crate::TokenError::NotOnTheServer(
                "a JWT template's token is made by the Backend API on the server: use \
                 leptos_clerk::server::Auth::get_token_with",
            ));
        }
        #[cfg(feature = "ssr")]
        if let Some(auth) = crate::server::auth_from_context() {
            // The request's token is for its active organization; another one's (or the
            // personal account's, `""`, when an organization is active) is not ours to give.
            if let Some(wanted) = options.organization_id.as_deref() {
                if auth.org_id().unwrap_or_default() != wanted {
                    return Err(crate::TokenError::NotOnTheServer(
                        "a token for another organization than the request's is made by \
                         clerk-js, in the browser",
                    ));
                }
            }
            return Ok(auth.get_token().await);
        }
        Ok(None)
    }
}
