//! Organization invitations: as the organization sees them, and as the invited user does.

use serde_json::{json, Value};

use crate::config::OrganizationSettings;
use crate::store::{Invitation, State};

/// `OrganizationInvitation` (the organization's list, the Backend API).
pub(crate) fn for_organization(invitation: &Invitation, orgs: &OrganizationSettings) -> Value {
    json!({
        "object": "organization_invitation",
        "id": invitation.id,
        "email_address": invitation.email,
        "organization_id": invitation.organization_id,
        "role": invitation.role,
        "role_name": orgs.role(&invitation.role).map(|r| r.name.as_str()),
        "status": invitation.status.as_str(),
        "public_metadata": {},
        "private_metadata": {},
        "created_at": invitation.created_at,
        "updated_at": invitation.updated_at,
    })
}

/// `UserOrganizationInvitation` (`/v1/me/organization_invitations`).
pub(crate) fn for_user(invitation: &Invitation, state: &State) -> Value {
    let org = state.organization(&invitation.organization_id);
    json!({
        "object": "organization_invitation",
        "id": invitation.id,
        "email_address": invitation.email,
        "role": invitation.role,
        "status": invitation.status.as_str(),
        "public_metadata": {},
        "public_organization_data": {
            "id": invitation.organization_id,
            "name": org.map(|o| o.name.as_str()),
            "slug": org.map(|o| o.slug.as_str()),
            "image_url": "",
            "has_image": false,
        },
        "created_at": invitation.created_at,
        "updated_at": invitation.updated_at,
    })
}
