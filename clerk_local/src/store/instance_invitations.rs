//! Invitations to sign up to the instance (`/v1/invitations`, `inv_…`), not to an organization:
//! the invited address may sign up even when `sign_up_mode = "restricted"`, with the invitation's
//! ticket (`__clerk_ticket`, `strategy=ticket`) or by typing the address, and the invitation is
//! then `accepted`. No email is sent: the invitation's `url` is what the email would link to.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::constants::{DAY_MS, INVITATION_LIFETIME_DAYS};
use crate::ids::{new_id, random_string};

use super::model::{State, TicketStatus};

const TICKET_LENGTH: usize = 48;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct InstanceInvitation {
    pub id: String,
    pub email: String,
    pub public_metadata: Value,
    pub redirect_url: Option<String>,
    pub status: TicketStatus,
    /// The `__clerk_ticket` that proves the invitation at sign-up.
    pub ticket: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub expires_at: i64,
}

impl InstanceInvitation {
    /// `pending`, `accepted`, `revoked`, or `expired` once a pending one is past `expires_at`.
    pub(crate) fn status_at(&self, now: i64) -> &'static str {
        match self.status {
            TicketStatus::Pending if now >= self.expires_at => "expired",
            status => status.as_str(),
        }
    }

    fn usable(&self, now: i64) -> bool {
        self.status == TicketStatus::Pending && now < self.expires_at
    }
}

/// What `POST /v1/invitations` asks for.
pub(crate) struct NewInvitation {
    pub email: String,
    pub public_metadata: Value,
    pub redirect_url: Option<String>,
    pub expires_in_days: Option<i64>,
    /// `ignore_existing`: invite again an address already invited or signed up.
    pub ignore_existing: bool,
}

/// Why an invitation cannot be made or revoked.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum InvitationError {
    AlreadyInvited,
    AlreadyUser,
    NotFound,
    NotPending,
}

impl State {
    /// A new pending invitation for `new.email`, returned as stored.
    pub(crate) fn invite_to_instance(
        &mut self,
        new: NewInvitation,
        now: i64,
    ) -> Result<&InstanceInvitation, InvitationError> {
        if !new.ignore_existing {
            if self.user_by_email(&new.email).is_some() {
                return Err(InvitationError::AlreadyUser);
            }
            if self.pending_instance_invitation(&new.email, now).is_some() {
                return Err(InvitationError::AlreadyInvited);
            }
        }
        let days = new
            .expires_in_days
            .filter(|d| *d > 0)
            .unwrap_or(INVITATION_LIFETIME_DAYS);
        let invitation = InstanceInvitation {
            id: new_id("inv"),
            email: new.email,
            public_metadata: new.public_metadata,
            redirect_url: new.redirect_url,
            status: TicketStatus::Pending,
            ticket: random_string(TICKET_LENGTH),
            created_at: now,
            updated_at: now,
            expires_at: now + days * DAY_MS,
        };
        self.instance_invitations.push(invitation);
        Ok(&self.instance_invitations[self.instance_invitations.len() - 1])
    }

    /// Revokes the pending invitation `id`; returns it as it now is.
    pub(crate) fn revoke_instance_invitation(
        &mut self,
        id: &str,
        now: i64,
    ) -> Result<&InstanceInvitation, InvitationError> {
        let invitation = self
            .instance_invitations
            .iter_mut()
            .find(|i| i.id == id)
            .ok_or(InvitationError::NotFound)?;
        if !invitation.usable(now) {
            return Err(InvitationError::NotPending);
        }
        invitation.status = TicketStatus::Revoked;
        invitation.updated_at = now;
        Ok(invitation)
    }

    /// The usable invitation for `email` (case-insensitive), if any.
    pub(crate) fn pending_instance_invitation(
        &self,
        email: &str,
        now: i64,
    ) -> Option<&InstanceInvitation> {
        let email = email.trim();
        self.instance_invitations
            .iter()
            .find(|i| i.usable(now) && i.email.eq_ignore_ascii_case(email))
    }

    /// The usable invitation whose ticket this is.
    pub(crate) fn instance_invitation_by_ticket(
        &self,
        ticket: &str,
        now: i64,
    ) -> Option<&InstanceInvitation> {
        self.instance_invitations
            .iter()
            .find(|i| i.usable(now) && i.ticket == ticket)
    }

    /// A user signed up with `email`: its pending invitation is accepted; its public metadata,
    /// which the new user inherits as in Clerk.
    pub(crate) fn accept_instance_invitation(&mut self, email: &str, now: i64) -> Option<Value> {
        let invitation = self
            .instance_invitations
            .iter_mut()
            .find(|i| i.usable(now) && i.email.eq_ignore_ascii_case(email.trim()))?;
        invitation.status = TicketStatus::Accepted;
        invitation.updated_at = now;
        Some(invitation.public_metadata.clone())
    }
}
