//! Organizations and memberships, as the Frontend and Backend APIs show them.

use serde_json::{json, Value};

use crate::config::OrganizationSettings;
use crate::store::{Membership, Organization, State};

use super::public_user_data;

pub(crate) fn organization(org: &Organization, state: &State) -> Value {
    let members = state
        .memberships
        .iter()
        .filter(|m| m.organization_id == org.id)
        .count();
    json!({
        "object": "organization",
        "id": org.id,
        "name": org.name,
        "slug": org.slug,
        "image_url": "",
        "has_image": false,
        "members_count": members,
        "pending_invitations_count": 0,
        "max_allowed_memberships": org.max_allowed_memberships,
        "admin_delete_enabled": true,
        "public_metadata": org.public_metadata.as_object().cloned().unwrap_or_default(),
        "created_by": org.created_by,
        "created_at": org.created_at,
        "updated_at": org.updated_at,
    })
}

/// The Backend API adds `private_metadata`.
pub(crate) fn backend_organization(org: &Organization, state: &State) -> Value {
    let mut value = organization(org, state);
    value["private_metadata"] = json!(org
        .private_metadata
        .as_object()
        .cloned()
        .unwrap_or_default());
    value
}

/// What deleting an organization answers, and `organization.deleted` carries: Clerk's deleted
/// object, with the slug.
pub(crate) fn deleted_organization(org: &Organization) -> Value {
    json!({ "object": "organization", "id": org.id, "slug": org.slug, "deleted": true })
}

/// The Backend API's membership (and the webhooks'): its organization has `private_metadata`.
pub(crate) fn backend_membership(
    membership: &Membership,
    state: &State,
    orgs: &OrganizationSettings,
) -> Value {
    let mut value = self::membership(membership, state, orgs);
    if let Some(org) = state.organization(&membership.organization_id) {
        value["organization"] = backend_organization(org, state);
    }
    value
}

pub(crate) fn membership(
    membership: &Membership,
    state: &State,
    orgs: &OrganizationSettings,
) -> Value {
    let role = orgs.role(&membership.role);
    let public_user_data = state.user(&membership.user_id).map(|u| {
        let mut data = public_user_data(u);
        data["user_id"] = json!(u.id);
        data
    });
    json!({
        "object": "organization_membership",
        "id": membership.id,
        "organization": state.organization(&membership.organization_id).map(|o| organization(o, state)),
        "role": membership.role,
        "role_name": role.map(|r| r.name.as_str()),
        "permissions": permissions(membership, orgs),
        "public_metadata": {},
        "private_metadata": {},
        "public_user_data": public_user_data,
        "created_at": membership.created_at,
        "updated_at": membership.updated_at,
    })
}

/// The role's permissions plus Clerk's system permissions, which Clerk UI reads to show the
/// Members and Settings pages: all of them for the creator role (Clerk's admin), reading the
/// member list for the others, unless the role lists `org:sys_…` permissions itself.
pub(crate) fn permissions(membership: &Membership, orgs: &OrganizationSettings) -> Vec<String> {
    role_permissions(&membership.role, orgs)
}

/// Whether a member with role `role` may change the organization's memberships: an
/// organization keeps at least one such member.
pub(crate) fn manages_members(role: &str, orgs: &OrganizationSettings) -> bool {
    role_permissions(role, orgs)
        .iter()
        .any(|p| p == "org:sys_memberships:manage")
}

fn role_permissions(role: &str, orgs: &OrganizationSettings) -> Vec<String> {
    let Some(role) = orgs.role(role) else {
        return Vec::new();
    };
    let mut permissions = role.permissions.clone();
    if !permissions.iter().any(|p| p.starts_with(SYSTEM_PREFIX)) {
        let system: &[&str] = if role.key == orgs.creator_role {
            &ADMIN_SYSTEM_PERMISSIONS
        } else {
            &["org:sys_memberships:read"]
        };
        permissions.extend(system.iter().map(|p| (*p).to_owned()));
    }
    permissions
}

const SYSTEM_PREFIX: &str = "org:sys_";
const ADMIN_SYSTEM_PERMISSIONS: [&str; 8] = [
    "org:sys_profile:manage",
    "org:sys_profile:delete",
    "org:sys_memberships:read",
    "org:sys_memberships:manage",
    "org:sys_domains:read",
    "org:sys_domains:manage",
    "org:sys_api_keys:read",
    "org:sys_api_keys:manage",
];

pub(crate) fn role(role: &crate::config::Role) -> Value {
    json!({
        "object": "role",
        "id": format!("role_{}", role.key.trim_start_matches("org:")),
        "key": role.key,
        "name": role.name,
        "description": role.description,
        "permissions": role.permissions.iter().map(|p| json!({
            "object": "permission",
            "id": format!("perm_{}", p.replace(':', "_")),
            "key": p,
            "name": p,
            "description": "",
            "type": "user",
            "created_at": 0,
            "updated_at": 0,
        })).collect::<Vec<_>>(),
        "is_creator_eligible": true,
        "created_at": 0,
        "updated_at": 0,
    })
}

/// A page of resources already rendered: `{"data": [...], "total_count": n}`.
pub(crate) fn page(items: Vec<Value>, limit: usize, offset: usize) -> Value {
    super::page_of(&items, limit, offset, Value::clone)
}
