//! Organizations from the browser: create one (its creator becomes a member with the configured
//! creator role), list the user's memberships, and read an organization, its members and roles,
//! as `<OrganizationSwitcher/>` and `<OrganizationProfile/>` do. Switching the active
//! organization is a session `touch` (see `sessions.rs`).

use serde_json::{json, Value};

use crate::clock::now_ms;
use crate::instance::Instance;
use crate::json::org;
use crate::reply::{ApiError, Reply};
use crate::store::{NewOrganization, OrganizationChanges, State};

use super::me::signed_in;
use super::{changed_client, FapiRequest};

const DEFAULT_PAGE: usize = 10;

/// `POST /v1/organizations` with `name` (and `slug`).
pub(super) fn create(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    if !instance.organizations.enabled {
        return Err(ApiError::forbidden(
            "Organizations are not enabled in [clerk_local.organizations].",
        ));
    }
    let name = req
        .form("name")
        .ok_or_else(|| ApiError::param_missing("name", "Enter a name."))?
        .to_owned();
    let slug = req.form("slug").map_or_else(|| slugify(&name), slugify);
    let now = now_ms();
    instance.update_announcing(|state, events| {
        let (token, user_id) = signed_in(state, req)?;
        let new = NewOrganization {
            name,
            slug,
            created_by: Some(user_id),
            public_metadata: json!({}),
            private_metadata: json!({}),
            max_allowed_memberships: instance.organizations.max_allowed_memberships,
        };
        let orgs = &instance.organizations;
        let (org_id, membership) = state.create_organization(new, &orgs.creator_role, now)?;
        let org = state.organization(&org_id).ok_or_else(ApiError::internal)?;
        events.organization("organization.created", org, state);
        events.new_membership(membership.as_deref(), state, orgs);
        let created = org::organization(org, state);
        let reply = changed_client(instance, state, req, now, &token, |_, _| created)?;
        Ok::<_, ApiError>(reply)
    })
}

/// `GET /v1/me/organization_memberships`: a page of the user's memberships.
pub(super) fn my_memberships(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    instance.store.read(|state| {
        let (_, user_id) = signed_in(state, req)?;
        let items = state
            .memberships_of(&user_id)
            .map(|m| org::membership(m, state, &instance.organizations))
            .collect();
        Ok(page_reply(req, items))
    })
}

/// Invitations, suggestions, membership requests, domains: the local instance has none.
pub(super) fn empty_page(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    instance.store.read(|state| signed_in(state, req))?;
    Ok(page_reply(req, Vec::new()))
}

/// `GET /v1/organizations/{id}`: for its members.
pub(super) fn get(instance: &Instance, req: &FapiRequest, id: &str) -> Result<Reply, ApiError> {
    instance.store.read(|state| {
        let (_, user_id) = signed_in(state, req)?;
        member_org(state, id, &user_id)?;
        let org = state
            .organization(id)
            .ok_or_else(|| ApiError::not_found("Organization"))?;
        Ok(Reply::json(
            json!({ "response": org::organization(org, state), "client": null }),
        ))
    })
}

/// `GET /v1/organizations/{id}/memberships`.
pub(super) fn memberships(
    instance: &Instance,
    req: &FapiRequest,
    id: &str,
) -> Result<Reply, ApiError> {
    instance.store.read(|state| {
        let (_, user_id) = signed_in(state, req)?;
        member_org(state, id, &user_id)?;
        let items = state
            .memberships
            .iter()
            .filter(|m| m.organization_id == id)
            .map(|m| org::membership(m, state, &instance.organizations))
            .collect();
        Ok(page_reply(req, items))
    })
}

/// `GET /v1/organizations/{id}/roles`: the roles from `[clerk_local.organizations]`.
pub(super) fn roles(instance: &Instance, req: &FapiRequest, id: &str) -> Result<Reply, ApiError> {
    instance.store.read(|state| {
        let (_, user_id) = signed_in(state, req)?;
        member_org(state, id, &user_id)?;
        let items = instance.organizations.roles.iter().map(org::role).collect();
        Ok(page_reply(req, items))
    })
}

/// `PATCH /v1/organizations/{id}`: `name`, `slug`; for members allowed `org:sys_profile:manage`.
pub(super) fn update(instance: &Instance, req: &FapiRequest, id: &str) -> Result<Reply, ApiError> {
    let changes = OrganizationChanges {
        name: req.form("name").map(str::to_owned),
        slug: req.form("slug").map(slugify),
        ..OrganizationChanges::default()
    };
    let now = now_ms();
    instance.update_announcing(|state, events| {
        let (token, user_id) = signed_in(state, req)?;
        require(instance, state, id, &user_id, "org:sys_profile:manage")?;
        state.update_organization(id, changes, now)?;
        let org = state.organization(id).ok_or_else(ApiError::internal)?;
        events.organization("organization.updated", org, state);
        let updated = org::organization(org, state);
        let reply = changed_client(instance, state, req, now, &token, |_, _| updated)?;
        Ok::<_, ApiError>(reply)
    })
}

/// `DELETE /v1/organizations/{id}`: for members allowed `org:sys_profile:delete`.
pub(super) fn delete(instance: &Instance, req: &FapiRequest, id: &str) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.update_announcing(|state, events| {
        let (token, user_id) = signed_in(state, req)?;
        require(instance, state, id, &user_id, "org:sys_profile:delete")?;
        let org = state
            .organization(id)
            .ok_or_else(|| ApiError::not_found("Organization"))?;
        let deleted = events.deleted_organization(org);
        state.delete_organization(id)?;
        let reply = changed_client(instance, state, req, now, &token, |_, _| deleted)?;
        Ok::<_, ApiError>(reply)
    })
}

/// `DELETE /v1/organizations/{id}/memberships/{user_id}`: leaving, or removing a member with
/// `org:sys_memberships:manage`.
pub(super) fn remove_member(
    instance: &Instance,
    req: &FapiRequest,
    id: &str,
    member_id: &str,
) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.update_announcing(|state, events| {
        let (token, user_id) = signed_in(state, req)?;
        if member_id != user_id {
            require(instance, state, id, &user_id, "org:sys_memberships:manage")?;
        }
        state.keep_a_manager(id, member_id, None, manages(instance))?;
        let membership = state.remove_member(id, member_id)?;
        let orgs = &instance.organizations;
        events.membership("organizationMembership.deleted", &membership, state, orgs);
        let removed = org::membership(&membership, state, orgs);
        let reply = changed_client(instance, state, req, now, &token, |_, _| removed)?;
        Ok::<_, ApiError>(reply)
    })
}

/// `PATCH /v1/organizations/{id}/memberships/{user_id}` with `role`.
pub(super) fn update_member(
    instance: &Instance,
    req: &FapiRequest,
    id: &str,
    member_id: &str,
) -> Result<Reply, ApiError> {
    let role = req
        .form("role")
        .filter(|r| instance.organizations.role(r).is_some())
        .ok_or_else(|| {
            ApiError::param_invalid("role", "role is not one of the organization's roles")
        })?
        .to_owned();
    let now = now_ms();
    instance.update_announcing(|state, events| {
        let (token, user_id) = signed_in(state, req)?;
        require(instance, state, id, &user_id, "org:sys_memberships:manage")?;
        state.keep_a_manager(id, member_id, Some(&role), manages(instance))?;
        let membership_id = state.set_member_role(id, member_id, &role, now)?;
        let orgs = &instance.organizations;
        let membership = state
            .membership_by_id(&membership_id)
            .ok_or_else(ApiError::internal)?;
        events.membership("organizationMembership.updated", membership, state, orgs);
        let updated = org::membership(membership, state, orgs);
        let reply = changed_client(instance, state, req, now, &token, |_, _| updated)?;
        Ok::<_, ApiError>(reply)
    })
}

/// Whether a role may manage members: an organization keeps a member who may.
fn manages(instance: &Instance) -> impl Fn(&str) -> bool + '_ {
    |role| org::manages_members(role, &instance.organizations)
}

/// The signed-in user's membership must grant `permission` (a system permission).
pub(super) fn require(
    instance: &Instance,
    state: &State,
    org_id: &str,
    user_id: &str,
    permission: &str,
) -> Result<(), ApiError> {
    let membership = state
        .membership(org_id, user_id)
        .ok_or_else(|| ApiError::not_found("Organization"))?;
    if org::permissions(membership, &instance.organizations)
        .iter()
        .any(|p| p == permission)
    {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "You are not authorized to perform this request",
        ))
    }
}

fn member_org(state: &State, org_id: &str, user_id: &str) -> Result<(), ApiError> {
    state
        .membership(org_id, user_id)
        .map(|_| ())
        .ok_or_else(|| ApiError::not_found("Organization"))
}

/// `{"response": {"data": [...], "total_count": n}, "client": null}`, paged by `limit`/`offset`.
pub(super) fn page_reply(req: &FapiRequest, items: Vec<Value>) -> Reply {
    let limit = req
        .query("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(DEFAULT_PAGE);
    let offset = req
        .query("offset")
        .and_then(|o| o.parse().ok())
        .unwrap_or(0);
    Reply::json(json!({ "response": org::page(items, limit, offset), "client": null }))
}

/// `Acme Inc.` → `acme-inc`.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}
