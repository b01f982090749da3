//! Invitations through clerk-js. The active organization's: its pending ones a page at a time
//! (`organization.getInvitations({ status: ['pending'] })`), new ones (`inviteMember`,
//! `inviteMembers`) and one revoked (`invitation.revoke()`). The signed-in user's: their pending
//! ones (`user.getOrganizationInvitations({ status: 'pending' })`), one accepted
//! (`invitation.accept()`).

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

use super::actions::{js_object, outcome};
use super::members::{organization, page_of, sent};
use super::resources::{invitation, text, user_invitation};
use super::sign_in::{call, loaded, not_sent, refusal};
use crate::{ClerkApiError, OrganizationInvitationSnapshot, UserOrganizationInvitationSnapshot};

thread_local! {
    /// clerk-js's resource for each invitation this page has fetched or made, by id: revoking
    /// and accepting are methods of the resource (clerk-js has no `revokeInvitation(id)`).
    static RESOURCES: RefCell<HashMap<String, JsValue>> = RefCell::new(HashMap::new());
}

/// Page `page` (from 1) of `org_id`'s pending invitations, `page_size` to a page, and how many
/// are pending in all.
pub(crate) async fn organization_invitations(
    org_id: &str,
    page: u32,
    page_size: u32,
) -> Result<(Vec<OrganizationInvitationSnapshot>, u32), ClerkApiError> {
    let organization = organization(org_id).await?;
    let params = js_object(&[
        ("initialPage", JsValue::from(page)),
        ("pageSize", JsValue::from(page_size)),
        ("status", Array::of1(&JsValue::from_str("pending")).into()),
    ]);
    let answer = outcome(call(&organization, "getInvitations", &params))
        .await
        .map_err(refusal)?;
    Ok(page_of(&answer, |resource| invitation(kept(resource))))
}

/// Invites `email_address` to `org_id` as `role`.
pub(crate) async fn invite_organization_member(
    org_id: &str,
    email_address: &str,
    role: &str,
) -> Result<OrganizationInvitationSnapshot, ClerkApiError> {
    let organization = organization(org_id).await?;
    let params = js_object(&[
        ("emailAddress", JsValue::from_str(email_address)),
        ("role", JsValue::from_str(role)),
    ]);
    let answer = outcome(call(&organization, "inviteMember", &params))
        .await
        .map_err(refusal)?;
    sent(invitation(kept(&answer)), |i| &i.id)
}

/// Invites each of `email_addresses` to `org_id` as `role`, in one request.
pub(crate) async fn invite_organization_members(
    org_id: &str,
    email_addresses: &[String],
    role: &str,
) -> Result<Vec<OrganizationInvitationSnapshot>, ClerkApiError> {
    let organization = organization(org_id).await?;
    let addresses: Array = email_addresses
        .iter()
        .map(|a| JsValue::from_str(a))
        .collect();
    let params = js_object(&[
        ("emailAddresses", addresses.into()),
        ("role", JsValue::from_str(role)),
    ]);
    let answer = outcome(call(&organization, "inviteMembers", &params))
        .await
        .map_err(refusal)?;
    // The answer is the list itself; without one, clerk-js resolved a request never sent.
    let made: Vec<_> = answer
        .dyn_ref::<Array>()
        .map(|list| list.iter().map(|r| invitation(kept(&r))).collect())
        .unwrap_or_default();
    if made.is_empty() || made.iter().any(|i| i.id.is_empty()) {
        return Err(not_sent());
    }
    Ok(made)
}

/// Revokes the invitation `id`, one this page has fetched or made.
pub(crate) async fn revoke_organization_invitation(
    id: &str,
) -> Result<OrganizationInvitationSnapshot, ClerkApiError> {
    let answer = settled(id, "revoke").await?;
    sent(invitation(&answer), |i| &i.id)
}

/// Page `page` (from 1) of the signed-in user's pending invitations to organizations.
pub(crate) async fn user_invitations(
    page: u32,
    page_size: u32,
) -> Result<(Vec<UserOrganizationInvitationSnapshot>, u32), ClerkApiError> {
    let user = loaded().await?.user();
    if user.is_undefined() || user.is_null() {
        return Err(ClerkApiError::without_code("nobody is signed in"));
    }
    let params = js_object(&[
        ("initialPage", JsValue::from(page)),
        ("pageSize", JsValue::from(page_size)),
        ("status", JsValue::from_str("pending")),
    ]);
    let answer = outcome(call(&user, "getOrganizationInvitations", &params))
        .await
        .map_err(refusal)?;
    Ok(page_of(&answer, |resource| user_invitation(kept(resource))))
}

/// Accepts the signed-in user's invitation `id`, one this page has fetched. clerk-js then has
/// the new membership.
pub(crate) async fn accept_user_invitation(
    id: &str,
) -> Result<UserOrganizationInvitationSnapshot, ClerkApiError> {
    let answer = settled(id, "accept").await?;
    sent(user_invitation(&answer), |i| &i.id)
}

/// `method` of the invitation `id`'s resource, called and awaited; the resource is then let go.
async fn settled(id: &str, method: &str) -> Result<JsValue, ClerkApiError> {
    let resource = RESOURCES
        .with(|r| r.borrow().get(id).cloned())
        .ok_or_else(|| {
            ClerkApiError::without_code(
                "this invitation was not fetched on this page: fetch its page first",
            )
        })?;
    let answer = outcome(call(&resource, method, &JsValue::UNDEFINED))
        .await
        .map_err(refusal)?;
    RESOURCES.with(|r| r.borrow_mut().remove(id));
    Ok(answer)
}

/// `resource`, kept by its id for a later revocation or acceptance.
fn kept(resource: &JsValue) -> &JsValue {
    if let Some(id) = text(resource, "id") {
        RESOURCES.with(|r| r.borrow_mut().insert(id, resource.clone()));
    }
    resource
}
