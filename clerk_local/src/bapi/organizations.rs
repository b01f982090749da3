//! `/v1/organizations` and their memberships: list (`query`, `limit`, `offset`), create (the
//! `created_by` user becomes a member with the creator role), get (by id or slug), update,
//! delete; list, add, change and remove members; a user's memberships.

use serde_json::{json, Value};

use crate::announce::Announcements;
use crate::clock::now_ms;
use crate::instance::Instance;
use crate::json::{invitation, org};
use crate::reply::{ApiError, Reply};
use crate::store::{NewOrganization, Organization, OrganizationChanges, State, TicketStatus};

use super::request::BapiRequest;
use crate::fapi::{invite as add_invitations, slugify};

/// `GET /v1/organizations`: `{"data": [...], "total_count": n}`, newest first.
pub(super) fn list(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let (limit, offset) = req.paging();
    let query = req.query("query").map(str::to_lowercase);
    instance.store.read(|state| {
        let mut orgs: Vec<&Organization> = state
            .organizations
            .iter()
            .filter(|o| {
                query.as_ref().is_none_or(|q| {
                    o.name.to_lowercase().contains(q.as_str()) || o.slug.contains(q.as_str())
                })
            })
            .collect();
        orgs.sort_by_key(|o| std::cmp::Reverse(o.created_at));
        let items = orgs
            .into_iter()
            .map(|o| org::backend_organization(o, state))
            .collect();
        Ok(Reply::json(org::page(items, limit, offset)))
    })
}

/// `POST /v1/organizations` with `name` (and `slug`, `created_by`, metadata,
/// `max_allowed_memberships`).
pub(super) fn create(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let name = req
        .string("name")
        .ok_or_else(|| ApiError::param_missing("name", "name is missing"))?
        .to_owned();
    let new = NewOrganization {
        slug: req.string("slug").map_or_else(|| slugify(&name), slugify),
        name,
        created_by: req.string("created_by").map(str::to_owned),
        public_metadata: req.object("public_metadata")?.unwrap_or_else(|| json!({})),
        private_metadata: req.object("private_metadata")?.unwrap_or_else(|| json!({})),
        max_allowed_memberships: req
            .integer("max_allowed_memberships")
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(instance.organizations.max_allowed_memberships),
    };
    let orgs = &instance.organizations;
    let organization = instance.update_announcing(|state, events| {
        let (id, membership) = state.create_organization(new, &orgs.creator_role, now_ms())?;
        let org = state.organization(&id).ok_or_else(ApiError::internal)?;
        let organization = events.organization("organization.created", org, state);
        events.new_membership(membership.as_deref(), state, orgs);
        Ok::<_, ApiError>(organization)
    })?;
    Ok(Reply::json(organization))
}

/// `GET /v1/organizations/{id or slug}`.
pub(super) fn get(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    instance.store.read(|state| {
        find(state, id)
            .map(|o| Reply::json(org::backend_organization(o, state)))
            .ok_or_else(|| ApiError::not_found("Organization"))
    })
}

/// `PATCH /v1/organizations/{id}`: `name`, `slug`, metadata (replaced whole),
/// `max_allowed_memberships`.
pub(super) fn update(instance: &Instance, req: &BapiRequest, id: &str) -> Result<Reply, ApiError> {
    let changes = OrganizationChanges {
        name: req.string("name").map(str::to_owned),
        slug: req.string("slug").map(slugify),
        public_metadata: req.object("public_metadata")?,
        private_metadata: req.object("private_metadata")?,
        max_allowed_memberships: req
            .integer("max_allowed_memberships")
            .and_then(|n| u32::try_from(n).ok()),
    };
    let organization = instance.update_announcing(|state, events| {
        let org_id = org_id(state, id)?;
        state.update_organization(&org_id, changes, now_ms())?;
        updated_organization(state, &org_id, events)
    })?;
    Ok(Reply::json(organization))
}

/// The organization `org_id` just changed, rendered for its `organization.updated` event.
pub(super) fn updated_organization(
    state: &State,
    org_id: &str,
    events: &mut Announcements,
) -> Result<Value, ApiError> {
    let org = state
        .organization(org_id)
        .ok_or_else(|| ApiError::not_found("Organization"))?;
    Ok(events.organization("organization.updated", org, state))
}

/// `DELETE /v1/organizations/{id}`: the organization and its memberships; sessions that had it
/// active fall back to the personal account.
pub(super) fn delete(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    let deleted = instance.update_announcing(|state, events| {
        let org = find(state, id).ok_or_else(|| ApiError::not_found("Organization"))?;
        let deleted = events.deleted_organization(org);
        let org_id = org.id.clone();
        state.delete_organization(&org_id)?;
        Ok::<_, ApiError>(deleted)
    })?;
    Ok(Reply::json(deleted))
}

/// `GET /v1/organizations/{id}/memberships`: `{"data", "total_count"}`.
pub(super) fn memberships(
    instance: &Instance,
    req: &BapiRequest,
    id: &str,
) -> Result<Reply, ApiError> {
    let (limit, offset) = req.paging();
    instance.store.read(|state| {
        let org = find(state, id).ok_or_else(|| ApiError::not_found("Organization"))?;
        let items = state
            .memberships
            .iter()
            .filter(|m| m.organization_id == org.id)
            .map(|m| org::backend_membership(m, state, &instance.organizations))
            .collect();
        Ok(Reply::json(org::page(items, limit, offset)))
    })
}

/// `GET /v1/users/{id}/organization_memberships`.
pub(super) fn user_memberships(
    instance: &Instance,
    req: &BapiRequest,
    user_id: &str,
) -> Result<Reply, ApiError> {
    let (limit, offset) = req.paging();
    instance.store.read(|state| {
        state
            .user(user_id)
            .ok_or_else(|| ApiError::not_found("User"))?;
        let items = state
            .memberships_of(user_id)
            .map(|m| org::backend_membership(m, state, &instance.organizations))
            .collect();
        Ok(Reply::json(org::page(items, limit, offset)))
    })
}

/// `POST /v1/organizations/{id}/memberships` with `user_id` and `role` (default: the
/// configured default role).
pub(super) fn add_membership(
    instance: &Instance,
    req: &BapiRequest,
    id: &str,
) -> Result<Reply, ApiError> {
    let user_id = req
        .string("user_id")
        .ok_or_else(|| ApiError::param_missing("user_id", "user_id is missing"))?
        .to_owned();
    let role = role(instance, req)?;
    let json = instance.update_announcing(|state, events| {
        let org_id = org_id(state, id)?;
        let membership_id = state.add_member(&org_id, &user_id, &role, now_ms())?;
        changed_membership(
            instance,
            state,
            &membership_id,
            "organizationMembership.created",
            events,
        )
    })?;
    Ok(Reply::json(json))
}

/// `PATCH /v1/organizations/{id}/memberships/{user_id}` with `role`.
pub(super) fn update_membership(
    instance: &Instance,
    req: &BapiRequest,
    id: &str,
    user_id: &str,
) -> Result<Reply, ApiError> {
    let role = role(instance, req)?;
    let json = instance.update_announcing(|state, events| {
        let org_id = org_id(state, id)?;
        let membership_id = state.set_member_role(&org_id, user_id, &role, now_ms())?;
        changed_membership(
            instance,
            state,
            &membership_id,
            "organizationMembership.updated",
            events,
        )
    })?;
    Ok(Reply::json(json))
}

/// `DELETE /v1/organizations/{id}/memberships/{user_id}`: answers the removed membership.
pub(super) fn remove_membership(
    instance: &Instance,
    id: &str,
    user_id: &str,
) -> Result<Reply, ApiError> {
    let removed = instance.update_announcing(|state, events| {
        let org_id = org_id(state, id)?;
        let membership = state.remove_member(&org_id, user_id)?;
        let orgs = &instance.organizations;
        let removed = events.membership("organizationMembership.deleted", &membership, state, orgs);
        Ok::<_, ApiError>(removed)
    })?;
    Ok(Reply::json(removed))
}

/// `POST /v1/organizations/{id}/invitations` with `email_address` and `role`.
pub(super) fn invite(instance: &Instance, req: &BapiRequest, id: &str) -> Result<Reply, ApiError> {
    let email = req
        .string("email_address")
        .filter(|e| e.contains('@'))
        .ok_or_else(ApiError::email_invalid)?
        .to_owned();
    let role = role(instance, req)?;
    let now = now_ms();
    let orgs = &instance.organizations;
    let rendered = instance.update_announcing(|state, events| {
        let org_id = find(state, id)
            .map(|o| o.id.clone())
            .ok_or_else(|| ApiError::not_found("Organization"))?;
        let made = add_invitations(state, &org_id, std::slice::from_ref(&email), &role, now);
        for invitation in &made {
            events.invitation("organizationInvitation.created", invitation, orgs, None);
        }
        // The new invitation, or the one already pending for the address.
        let pending = made
            .first()
            .or_else(|| state.pending_invitation(&org_id, &email));
        let pending = pending.ok_or_else(ApiError::internal)?;
        Ok::<_, ApiError>(invitation::for_organization(pending, orgs))
    })?;
    Ok(Reply::json(rendered))
}

/// `GET /v1/organizations/{id}/invitations?status=`.
pub(super) fn invitations(
    instance: &Instance,
    req: &BapiRequest,
    id: &str,
) -> Result<Reply, ApiError> {
    let (limit, offset) = req.paging();
    instance.store.read(|state| {
        let org = find(state, id).ok_or_else(|| ApiError::not_found("Organization"))?;
        let items = state
            .invitations
            .iter()
            .filter(|i| i.organization_id == org.id)
            .filter(|i| req.query("status").is_none_or(|s| s == i.status.as_str()))
            .map(|i| invitation::for_organization(i, &instance.organizations))
            .collect();
        Ok(Reply::json(org::page(items, limit, offset)))
    })
}

/// `POST /v1/organizations/{id}/invitations/{invitation}/revoke`.
pub(super) fn revoke_invitation(
    instance: &Instance,
    id: &str,
    invitation_id: &str,
) -> Result<Reply, ApiError> {
    let now = now_ms();
    let orgs = &instance.organizations;
    let rendered = instance.update_announcing(|state, events| {
        let org_id = find(state, id)
            .map(|o| o.id.clone())
            .ok_or_else(|| ApiError::not_found("Organization"))?;
        let invitation = state
            .invitations
            .iter_mut()
            .find(|i| i.id == invitation_id && i.organization_id == org_id)
            .ok_or_else(|| ApiError::not_found("Invitation"))?;
        if invitation.status != TicketStatus::Pending {
            return Err(ApiError::invitation_not_pending());
        }
        invitation.status = TicketStatus::Revoked;
        invitation.updated_at = now;
        let revoked = events.invitation("organizationInvitation.revoked", invitation, orgs, None);
        Ok::<_, ApiError>(revoked)
    })?;
    Ok(Reply::json(rendered))
}

/// `role` from the body, which must be one of the configured roles.
fn role(instance: &Instance, req: &BapiRequest) -> Result<String, ApiError> {
    let role = req
        .string("role")
        .unwrap_or(&instance.organizations.default_role)
        .to_owned();
    if instance.organizations.role(&role).is_none() {
        return Err(ApiError::param_invalid(
            "role",
            "role is not one of the [[clerk_local.organizations.roles]]",
        ));
    }
    Ok(role)
}

/// The id of the organization named by `id_or_slug`.
fn org_id(state: &State, id_or_slug: &str) -> Result<String, ApiError> {
    find(state, id_or_slug)
        .map(|o| o.id.clone())
        .ok_or_else(|| ApiError::not_found("Organization"))
}

fn find<'a>(state: &'a State, id_or_slug: &str) -> Option<&'a Organization> {
    state
        .organizations
        .iter()
        .find(|o| o.id == id_or_slug || o.slug == id_or_slug)
}

/// The membership `membership_id` just made or changed, rendered for its `kind` event.
fn changed_membership(
    instance: &Instance,
    state: &State,
    membership_id: &str,
    kind: &'static str,
    events: &mut Announcements,
) -> Result<Value, ApiError> {
    let membership = state
        .membership_by_id(membership_id)
        .ok_or_else(ApiError::internal)?;
    Ok(events.membership(kind, membership, state, &instance.organizations))
}
