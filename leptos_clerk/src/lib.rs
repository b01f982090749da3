//! Clerk authentication for Leptos 0.8 (SSR + hydration on axum).
//!
//! - On the server (`ssr`): [`server::ClerkLayer`] authenticates every request once, as Clerk's
//!   `authenticateRequest` does; [`server::get_auth`] reads the result in server functions and
//!   Resources; [`server::ClerkClient`] talks to the Backend API.
//! - In the browser (`hydrate`): [`ClerkProvider`] loads clerk-js and keeps [`use_auth`] and
//!   [`use_user`] in step with it, starting from the state the server rendered, so the first
//!   client render matches the HTML.
//!
//! See the repository README ("The SDK at a glance", "Setup, by hand") for setup.

#![deny(missing_docs)]

mod authorization;
#[cfg(feature = "hydrate")]
mod browser;
mod client;
mod components;
mod constants;
mod hooks;
mod mountable;
mod options;
mod page_state;
mod protected_route;
mod provider;
mod reverification;
mod server_fn_client;
mod sign_in;
mod sign_up;
mod snapshot;
mod state;
mod token;
mod urls;
mod user_update;

#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
pub use browser::hydrate_lazy;

pub use authorization::{Check, Reverification, ReverificationLevel};
pub use client::SignOutOptions;
pub use components::{
    APIKeys, AuthenticateWithRedirectCallback, ButtonMode, ClerkDegraded, ClerkFailed, ClerkLoaded,
    ClerkLoading, ClerkScripts, CreateOrganization, OrganizationList, OrganizationProfile,
    OrganizationSwitcher, Protect, RedirectToSignIn, RedirectToSignUp, SignIn, SignInButton,
    SignOutButton, SignUp, SignUpButton, SignedIn, SignedOut, TaskChooseOrganization,
    TaskResetPassword, TaskSetupMFA, UserAvatar, UserButton, UserButtonMenuItem, UserProfile,
    Waitlist,
};
pub use hooks::{
    try_use_auth, try_use_clerk, try_use_organization, try_use_organization_invitations,
    try_use_organization_list, try_use_organization_memberships, try_use_session, try_use_sign_in,
    try_use_sign_up, try_use_user, try_use_user_invitations, use_auth, use_clerk, use_clerk_status,
    use_organization, use_organization_invitations, use_organization_list,
    use_organization_memberships, use_session, use_sign_in, use_sign_up, use_user,
    use_user_invitations, Paginated, UseAuth, UseClerk, UseOrganization,
    UseOrganizationInvitations, UseOrganizationList, UseOrganizationMemberships, UseSession,
    UseSignIn, UseSignUp, UseUser, UseUserInvitations,
};
pub use options::{ClerkOptions, SDK_LOAD_OPTIONS};
pub use protected_route::is_signed_in;
pub use provider::ClerkProvider;
pub use reverification::{
    is_reverification_cancelled, with_reverification, ReverificationError, ReverificationRequired,
};
pub use server_fn_client::AuthClient;
pub use sign_in::{ClerkApiError, SignInAttempt, SignInStatus, NETWORK_ERROR, NO_SIGN_IN};
pub use sign_up::{SignUpAttempt, SignUpStatus, NO_SIGN_UP};
pub use snapshot::{
    AuthSnapshot, EmailAddressSnapshot, ExternalAccountSnapshot, MembershipSnapshot,
    OrganizationInvitationSnapshot, OrganizationMemberSnapshot, OrganizationRoleSnapshot,
    OrganizationSnapshot, PhoneNumberSnapshot, SessionSnapshot, UserMembershipSnapshot,
    UserOrganizationInvitationSnapshot, UserSnapshot,
};
pub use state::{try_use_clerk_context, use_clerk_context, ClerkContext, ClerkStatus};
pub use token::{get_token, GetTokenOptions, TokenError};
pub use urls::{sign_in_redirect_path, sign_in_url_with_redirect};
pub use user_update::UserUpdate;
