//! The active organization's members through clerk-js: a page at a time
//! (`organization.getMemberships({ initialPage, pageSize })`), a member's role changed or the
//! member removed (`updateMember`, `removeMember`: what `membership.update` and
//! `membership.destroy` send), and the roles there are (`getRoles`).

use wasm_bindgen::JsValue;

use super::actions::{js_object, outcome};
use super::resources::{each, field, member, organization_resource, role};
use super::sign_in::{call, loaded, not_sent, refusal};
use crate::{ClerkApiError, OrganizationMemberSnapshot, OrganizationRoleSnapshot};

/// Page `page` (from 1) of `org_id`'s members, `page_size` to a page, and how many members
/// it has in all.
pub(crate) async fn organization_members(
    org_id: &str,
    page: u32,
    page_size: u32,
) -> Result<(Vec<OrganizationMemberSnapshot>, u32), ClerkApiError> {
    let organization = organization(org_id).await?;
    let params = js_object(&[
        ("initialPage", JsValue::from(page)),
        ("pageSize", JsValue::from(page_size)),
    ]);
    let answer = outcome(call(&organization, "getMemberships", &params))
        .await
        .map_err(refusal)?;
    Ok(page_of(&answer, member))
}

/// A page clerk-js answered (`{ data, total_count }`): its entries, read by `read`, and how
/// many there are in all.
pub(super) fn page_of<T>(answer: &JsValue, read: impl Fn(&JsValue) -> T) -> (Vec<T>, u32) {
    let count = field(answer, "total_count").as_f64().unwrap_or(0.0) as u32;
    (each(answer, "data", read), count)
}

/// Gives `user_id` the role `role` in `org_id`; answers the membership as changed.
pub(crate) async fn update_organization_member(
    org_id: &str,
    user_id: &str,
    role: &str,
) -> Result<OrganizationMemberSnapshot, ClerkApiError> {
    let organization = organization(org_id).await?;
    let params = js_object(&[
        ("userId", JsValue::from_str(user_id)),
        ("role", JsValue::from_str(role)),
    ]);
    let answer = outcome(call(&organization, "updateMember", &params))
        .await
        .map_err(refusal)?;
    sent(member(&answer), |m| &m.id)
}

/// Removes `user_id` from `org_id` (the signed-in user's own id: leaves it).
pub(crate) async fn remove_organization_member(
    org_id: &str,
    user_id: &str,
) -> Result<(), ClerkApiError> {
    let organization = organization(org_id).await?;
    let answer = outcome(call(
        &organization,
        "removeMember",
        &JsValue::from_str(user_id),
    ))
    .await
    .map_err(refusal)?;
    sent(member(&answer), |m| &m.id).map(drop)
}

/// The roles a member of `org_id` can be given (Clerk allows at most 10 custom ones; one page
/// of 20 holds them all).
pub(crate) async fn organization_roles(
    org_id: &str,
) -> Result<Vec<OrganizationRoleSnapshot>, ClerkApiError> {
    let organization = organization(org_id).await?;
    let params = js_object(&[("pageSize", JsValue::from(20))]);
    let answer = outcome(call(&organization, "getRoles", &params))
        .await
        .map_err(refusal)?;
    Ok(each(&answer, "data", role))
}

/// clerk-js's resource for `org_id`, once it has loaded. Looked up by id among the user's
/// memberships: while clerk-js switches organizations, `Clerk.organization` may still be the
/// one before.
pub(super) async fn organization(org_id: &str) -> Result<JsValue, ClerkApiError> {
    let clerk = loaded().await?;
    organization_resource(&clerk.user(), org_id).ok_or_else(|| {
        ClerkApiError::without_code("the signed-in user is not a member of this organization")
    })
}

/// A resource clerk-js made from Clerk's answer. One without an id was made from no answer:
/// clerk-js, taking the browser for offline, resolved a request that never reached Clerk.
pub(super) fn sent<T>(resource: T, id: impl Fn(&T) -> &String) -> Result<T, ClerkApiError> {
    if id(&resource).is_empty() {
        return Err(not_sent());
    }
    Ok(resource)
}
