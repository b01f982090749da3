//! Organization invitations from the browser: an admin invites addresses from
//! `<OrganizationProfile/>`; the invited user, signed in with that address, sees the invitation
//! in `<OrganizationSwitcher/>` and accepts it. No email is sent.

use serde_json::Value;

use crate::clock::now_ms;
use crate::ids::new_id;
use crate::instance::Instance;
use crate::json::invitation;
use crate::reply::{ApiError, Reply};
use crate::store::{Invitation, OrgError, State, TicketStatus};

use super::me::signed_in;
use super::organizations::require;
use super::{changed_client, FapiRequest};

/// `POST /v1/organizations/{id}/invitations[/bulk]` with `email_address` (one or several) and
/// `role`; for members allowed `org:sys_memberships:manage`. `bulk` answers a list.
pub(super) fn create(
    instance: &Instance,
    req: &FapiRequest,
    org_id: &str,
    bulk: bool,
) -> Result<Reply, ApiError> {
    let emails: Vec<String> = req
        .form_all("email_address")
        .into_iter()
        .map(str::to_owned)
        .collect();
    if emails.is_empty() || emails.iter().any(|e| !e.contains('@')) {
        return Err(ApiError::param_invalid(
            "email_address",
            "Enter valid email addresses.",
        ));
    }
    let role = req
        .form("role")
        .unwrap_or(&instance.organizations.default_role)
        .to_owned();
    if instance.organizations.role(&role).is_none() {
        return Err(ApiError::param_invalid(
            "role",
            "role is not one of the organization's roles",
        ));
    }
    let now = now_ms();
    let orgs = &instance.organizations;
    instance.update_announcing(|state, events| {
        let (token, user_id) = signed_in(state, req)?;
        require(
            instance,
            state,
            org_id,
            &user_id,
            "org:sys_memberships:manage",
        )?;
        refuse_known(state, org_id, &emails)?;
        let rendered: Vec<Value> = invite(state, org_id, &emails, &role, now)
            .iter()
            .map(|made| events.invitation("organizationInvitation.created", made, orgs, None))
            .collect();
        let reply = changed_client(instance, state, req, now, &token, |_, _| {
            if bulk {
                Value::Array(rendered.clone())
            } else {
                rendered.first().cloned().unwrap_or(Value::Null)
            }
        })?;
        Ok::<_, ApiError>(reply)
    })
}

/// Clerk's refusals of a member's invitation, which invites nobody: addresses with a pending
/// invitation already (all of them named), or one of a member.
fn refuse_known(state: &State, org_id: &str, emails: &[String]) -> Result<(), ApiError> {
    let pending: Vec<String> = emails
        .iter()
        .filter(|email| state.pending_invitation(org_id, email).is_some())
        .cloned()
        .collect();
    if !pending.is_empty() {
        return Err(ApiError::duplicate_invitation(&pending));
    }
    let member = emails.iter().find(|email| {
        state
            .user_by_email(email)
            .is_some_and(|user| state.membership(org_id, &user.id).is_some())
    });
    match member {
        Some(email) => Err(ApiError::already_member_invited(email)),
        None => Ok(()),
    }
}

/// Pending invitations for `emails` (an address already invited keeps its invitation).
pub(crate) fn invite(
    state: &mut State,
    org_id: &str,
    emails: &[String],
    role: &str,
    now: i64,
) -> Vec<Invitation> {
    let mut created = Vec::new();
    for email in emails {
        if state.pending_invitation(org_id, email).is_some() {
            continue;
        }
        let invitation = Invitation {
            id: new_id("orginv"),
            organization_id: org_id.to_owned(),
            email: email.trim().to_owned(),
            role: role.to_owned(),
            status: TicketStatus::Pending,
            created_at: now,
            updated_at: now,
        };
        created.push(invitation.clone());
        state.invitations.push(invitation);
    }
    created
}

/// `GET /v1/organizations/{id}/invitations?status=`: for the organization's members.
pub(super) fn list_for_organization(
    instance: &Instance,
    req: &FapiRequest,
    org_id: &str,
) -> Result<Reply, ApiError> {
    instance.store.read(|state| {
        let (_, user_id) = signed_in(state, req)?;
        state
            .membership(org_id, &user_id)
            .ok_or_else(|| ApiError::not_found("Organization"))?;
        let statuses = req
            .query("status")
            .map(|s| s.split(',').collect::<Vec<_>>());
        let items = state
            .invitations
            .iter()
            .filter(|i| i.organization_id == org_id)
            .filter(|i| {
                statuses
                    .as_ref()
                    .is_none_or(|s| s.contains(&i.status.as_str()))
            })
            .map(|i| invitation::for_organization(i, &instance.organizations))
            .collect();
        Ok(super::organizations::page_reply(req, items))
    })
}

/// `POST /v1/organizations/{org}/invitations/{id}/revoke`.
pub(super) fn revoke(
    instance: &Instance,
    req: &FapiRequest,
    org_id: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.update_announcing(|state, events| {
        let (token, user_id) = signed_in(state, req)?;
        require(
            instance,
            state,
            org_id,
            &user_id,
            "org:sys_memberships:manage",
        )?;
        let invitation = state
            .invitations
            .iter_mut()
            .find(|i| i.id == id && i.organization_id == org_id)
            .ok_or_else(|| ApiError::not_found("Invitation"))?;
        if invitation.status != TicketStatus::Pending {
            return Err(ApiError::invitation_not_pending());
        }
        invitation.status = TicketStatus::Revoked;
        invitation.updated_at = now;
        let orgs = &instance.organizations;
        let rendered = events.invitation("organizationInvitation.revoked", invitation, orgs, None);
        let reply = changed_client(instance, state, req, now, &token, |_, _| rendered)?;
        Ok::<_, ApiError>(reply)
    })
}

/// `GET /v1/me/organization_invitations?status=`: invitations to any of the user's verified
/// addresses.
pub(super) fn list_for_user(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    instance.store.read(|state| {
        let (_, user_id) = signed_in(state, req)?;
        let statuses = req
            .query("status")
            .map(|s| s.split(',').collect::<Vec<_>>());
        let items = for_user(state, &user_id)
            .filter(|i| {
                statuses
                    .as_ref()
                    .is_none_or(|s| s.contains(&i.status.as_str()))
            })
            .map(|i| invitation::for_user(i, state))
            .collect();
        Ok(super::organizations::page_reply(req, items))
    })
}

/// `POST /v1/me/organization_invitations/{id}/accept`: the user joins with the invited role.
pub(super) fn accept(instance: &Instance, req: &FapiRequest, id: &str) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.update_announcing(|state, events| {
        let (token, user_id) = signed_in(state, req)?;
        let invitation = for_user(state, &user_id)
            .find(|i| i.id == id && i.status == TicketStatus::Pending)
            .cloned()
            .ok_or_else(|| ApiError::not_found("Invitation"))?;
        let membership =
            match state.add_member(&invitation.organization_id, &user_id, &invitation.role, now) {
                Ok(membership) => Some(membership),
                Err(OrgError::AlreadyMember) => None,
                Err(other) => return Err(other.into()),
            };
        let accepted = state
            .invitations
            .iter_mut()
            .find(|i| i.id == id)
            .ok_or_else(|| ApiError::not_found("Invitation"))?;
        accepted.status = TicketStatus::Accepted;
        accepted.updated_at = now;
        let accepted = accepted.clone();
        let rendered = invitation::for_user(&accepted, state);
        let orgs = &instance.organizations;
        events.new_membership(membership.as_deref(), state, orgs);
        let accepted_by = Some(user_id.as_str());
        events.invitation(
            "organizationInvitation.accepted",
            &accepted,
            orgs,
            accepted_by,
        );
        let reply = changed_client(instance, state, req, now, &token, |_, _| rendered)?;
        Ok::<_, ApiError>(reply)
    })
}

/// The invitations addressed to `user_id`'s verified addresses.
fn for_user<'a>(state: &'a State, user_id: &str) -> impl Iterator<Item = &'a Invitation> + 'a {
    let emails: Vec<String> = state
        .user(user_id)
        .map(|u| {
            std::iter::once(u.email.to_lowercase())
                .chain(
                    u.extra_emails
                        .iter()
                        .filter(|e| e.verified)
                        .map(|e| e.email.to_lowercase()),
                )
                .collect()
        })
        .unwrap_or_default();
    state
        .invitations
        .iter()
        .filter(move |i| emails.contains(&i.email.to_lowercase()))
}
