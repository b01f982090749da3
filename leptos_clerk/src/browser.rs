//! The browser side: clerk-js through wasm-bindgen. Compiled only with `hydrate`; the rest of
//! the crate reaches it through `client.rs`, which has the no-op twin.

mod actions;
mod bindings;
mod hydration;
mod invitations;
mod json;
mod load;
mod members;
mod menu_items;
mod mount;
mod page_state;
mod props;
mod resources;
mod reverification;
mod sign_in;
mod sign_up;
mod token;
mod user;

pub(crate) use actions::{
    create_organization, open, redirect, reload_user, set_active_organization, sign_out,
    user_memberships, Modal,
};
pub use hydration::hydrate_lazy;
pub(crate) use invitations::{
    accept_user_invitation, invite_organization_member, invite_organization_members,
    organization_invitations, revoke_organization_invitation, user_invitations,
};
pub(crate) use json::from_js as json_from_js;
pub(crate) use load::{connect, loaded_clerk_js, wait_for_clerk_js};
pub(crate) use members::{
    organization_members, organization_roles, remove_organization_member,
    update_organization_member,
};
pub(crate) use mount::keep_mounted;
pub(crate) use page_state::read as read_page_state;
pub(crate) use props::update_look;
pub(crate) use reverification::verify_again;
pub(crate) use sign_in::{
    activate_organization, activate_session, attempt_sign_in_email_code,
    authenticate_with_redirect, handle_redirect_callback, sign_in_with_email_code,
    sign_in_with_password,
};
pub(crate) use sign_up::{attempt_email_code, prepare_email_code, sign_up_with_password};
pub(crate) use token::{session_token, session_token_if_loaded};
pub(crate) use user::{reload_user_now, update_user, update_user_metadata};
