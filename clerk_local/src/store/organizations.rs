//! Organization commands on the store's state: what the Frontend API (a member, in Clerk's
//! components) and the Backend API (the app) both do to organizations and their members. The
//! handlers parse the request, check who may, call one of these, and render Clerk's JSON.

use serde_json::Value;

use super::model::{Invitation, Membership, Organization, State, TicketStatus};
use crate::ids::new_id;

/// Why an organization command did not happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OrgError {
    /// No such organization.
    OrganizationNotFound,
    /// No such user.
    UserNotFound,
    /// The user is not a member of the organization.
    MembershipNotFound,
    /// Another organization has this slug.
    SlugExists,
    /// The user is a member already.
    AlreadyMember,
    /// The change would leave no member who can manage the organization's members.
    MinimumPermissionsNeeded,
}

/// A new organization. `slug` is already in slug form.
pub(crate) struct NewOrganization {
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) created_by: Option<String>,
    pub(crate) public_metadata: Value,
    pub(crate) private_metadata: Value,
    pub(crate) max_allowed_memberships: u32,
}

/// What an update changes; `None` leaves a field as it is.
#[derive(Default)]
pub(crate) struct OrganizationChanges {
    pub(crate) name: Option<String>,
    pub(crate) slug: Option<String>,
    pub(crate) public_metadata: Option<Value>,
    pub(crate) private_metadata: Option<Value>,
    pub(crate) max_allowed_memberships: Option<u32>,
}

impl State {
    /// `org_id`'s pending invitation for `email` (matched trimmed, whatever the case); there is
    /// at most one, since inviting an address again keeps it.
    pub(crate) fn pending_invitation(&self, org_id: &str, email: &str) -> Option<&Invitation> {
        let email = email.trim();
        self.invitations.iter().find(|i| {
            i.organization_id == org_id
                && i.status == TicketStatus::Pending
                && i.email.eq_ignore_ascii_case(email)
        })
    }

    /// Creates an organization; its creator, if any, becomes a member with `creator_role`.
    /// Returns the organization's id and the creator's membership id.
    pub(crate) fn create_organization(
        &mut self,
        new: NewOrganization,
        creator_role: &str,
        now: i64,
    ) -> Result<(String, Option<String>), OrgError> {
        self.check_slug_free(&new.slug, None)?;
        if let Some(user_id) = &new.created_by {
            self.user(user_id).ok_or(OrgError::UserNotFound)?;
        }
        let id = new_id("org");
        self.organizations.push(Organization {
            id: id.clone(),
            name: new.name,
            slug: new.slug,
            created_by: new.created_by.clone(),
            public_metadata: new.public_metadata,
            private_metadata: new.private_metadata,
            max_allowed_memberships: new.max_allowed_memberships,
            created_at: now,
            updated_at: now,
        });
        let membership = new
            .created_by
            .map(|user_id| self.insert_membership(&id, &user_id, creator_role, now));
        Ok((id, membership))
    }

    /// Applies `changes` to the organization `org_id`.
    pub(crate) fn update_organization(
        &mut self,
        org_id: &str,
        changes: OrganizationChanges,
        now: i64,
    ) -> Result<(), OrgError> {
        if let Some(slug) = &changes.slug {
            self.check_slug_free(slug, Some(org_id))?;
        }
        let org = self
            .organizations
            .iter_mut()
            .find(|o| o.id == org_id)
            .ok_or(OrgError::OrganizationNotFound)?;
        if let Some(name) = changes.name {
            org.name = name;
        }
        if let Some(slug) = changes.slug {
            org.slug = slug;
        }
        if let Some(value) = changes.public_metadata {
            org.public_metadata = value;
        }
        if let Some(value) = changes.private_metadata {
            org.private_metadata = value;
        }
        if let Some(max) = changes.max_allowed_memberships {
            org.max_allowed_memberships = max;
        }
        org.updated_at = now;
        Ok(())
    }

    /// Deletes an organization, its memberships and API keys; sessions that had it active fall
    /// back to the personal account.
    pub(crate) fn delete_organization(&mut self, org_id: &str) -> Result<(), OrgError> {
        if self.organization(org_id).is_none() {
            return Err(OrgError::OrganizationNotFound);
        }
        self.organizations.retain(|o| o.id != org_id);
        self.memberships.retain(|m| m.organization_id != org_id);
        self.api_keys.retain(|k| k.subject != org_id);
        self.clear_active_organization(org_id, None);
        Ok(())
    }

    /// Adds an existing user who is not a member yet; returns the membership id.
    pub(crate) fn add_member(
        &mut self,
        org_id: &str,
        user_id: &str,
        role: &str,
        now: i64,
    ) -> Result<String, OrgError> {
        self.organization(org_id)
            .ok_or(OrgError::OrganizationNotFound)?;
        self.user(user_id).ok_or(OrgError::UserNotFound)?;
        if self.membership(org_id, user_id).is_some() {
            return Err(OrgError::AlreadyMember);
        }
        Ok(self.insert_membership(org_id, user_id, role, now))
    }

    /// Gives a member another role; returns the membership id.
    pub(crate) fn set_member_role(
        &mut self,
        org_id: &str,
        user_id: &str,
        role: &str,
        now: i64,
    ) -> Result<String, OrgError> {
        let membership = self
            .memberships
            .iter_mut()
            .find(|m| m.organization_id == org_id && m.user_id == user_id)
            .ok_or(OrgError::MembershipNotFound)?;
        role.clone_into(&mut membership.role);
        membership.updated_at = now;
        Ok(membership.id.clone())
    }

    /// Removes a member (who leaves, or is removed); their sessions with the organization active
    /// fall back to the personal account. Returns the removed membership.
    pub(crate) fn remove_member(
        &mut self,
        org_id: &str,
        user_id: &str,
    ) -> Result<Membership, OrgError> {
        let index = self
            .memberships
            .iter()
            .position(|m| m.organization_id == org_id && m.user_id == user_id)
            .ok_or(OrgError::MembershipNotFound)?;
        let membership = self.memberships.remove(index);
        self.clear_active_organization(org_id, Some(user_id));
        Ok(membership)
    }

    /// Clerk's rule for its members' own requests: an organization that has a member who may
    /// manage its members (`manages` says which roles may) keeps one. `role` is `user_id`'s
    /// role after the change, `None` once removed. The Backend API is not held to it here:
    /// whether Clerk's is, is not known to this emulation.
    pub(crate) fn keep_a_manager(
        &self,
        org_id: &str,
        user_id: &str,
        role: Option<&str>,
        manages: impl Fn(&str) -> bool,
    ) -> Result<(), OrgError> {
        let members = || {
            self.memberships
                .iter()
                .filter(|m| m.organization_id == org_id)
        };
        let managed_before = members().any(|m| manages(&m.role));
        let managed_after = members().any(|m| {
            let role = if m.user_id == user_id {
                role
            } else {
                Some(m.role.as_str())
            };
            role.is_some_and(&manages)
        });
        if managed_before && !managed_after {
            return Err(OrgError::MinimumPermissionsNeeded);
        }
        Ok(())
    }

    fn insert_membership(&mut self, org_id: &str, user_id: &str, role: &str, now: i64) -> String {
        let id = new_id("orgmem");
        self.memberships.push(Membership {
            id: id.clone(),
            organization_id: org_id.to_owned(),
            user_id: user_id.to_owned(),
            role: role.to_owned(),
            created_at: now,
            updated_at: now,
        });
        id
    }

    fn check_slug_free(&self, slug: &str, except: Option<&str>) -> Result<(), OrgError> {
        let taken = self
            .organizations
            .iter()
            .any(|o| o.slug == slug && Some(o.id.as_str()) != except);
        if taken {
            Err(OrgError::SlugExists)
        } else {
            Ok(())
        }
    }

    /// Sessions (of `user_id`, or everyone's) with `org_id` active fall back to the personal
    /// account.
    fn clear_active_organization(&mut self, org_id: &str, user_id: Option<&str>) {
        for session in self.clients.iter_mut().flat_map(|c| c.sessions.iter_mut()) {
            if session.active_organization_id.as_deref() == Some(org_id)
                && user_id.is_none_or(|u| session.user_id == u)
            {
                session.active_organization_id = None;
            }
        }
    }
}
