//! The active organization's members through clerk-js, a page at a time:
//! `organization.getMemberships({ initialPage, pageSize })`.

use wasm_bindgen::JsValue;

use super::actions::{js_object, outcome};
use super::resources::{each, field, member, organization_resource};
use super::sign_in::{call, loaded, refusal};
use crate::{ClerkApiError, OrganizationMemberSnapshot};

/// Page `page` (from 1) of `org_id`'s members, `page_size` to a page, and how many members
/// it has in all.
pub(crate) async fn organization_members(
    org_id: &str,
    page: u32,
    page_size: u32,
) -> Result<(Vec<OrganizationMemberSnapshot>, u32), ClerkApiError> {
    let clerk = loaded().await?;
    // Looked up by id among the user's memberships: while clerk-js switches organizations,
    // `Clerk.organization` may still be the one before.
    let organization = organization_resource(&clerk.user(), org_id).ok_or_else(|| {
        ClerkApiError::without_code("the signed-in user is not a member of this organization")
    })?;
    let params = js_object(&[
        ("initialPage", JsValue::from(page)),
        ("pageSize", JsValue::from(page_size)),
    ]);
    let answer = outcome(call(&organization, "getMemberships", &params))
        .await
        .map_err(refusal)?;
    let count = field(&answer, "total_count").as_f64().unwrap_or(0.0) as u32;
    Ok((each(&answer, "data", member), count))
}
