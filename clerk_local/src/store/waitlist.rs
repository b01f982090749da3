//! The waitlist (`sign_up_mode = "waitlist"`): addresses that asked to join through
//! `<Waitlist/>`, each `pending` until the Backend API invites it (an instance invitation: the
//! address may then sign up) or rejects it; `completed` once the invited address signed up.

use serde::{Deserialize, Serialize};

use crate::ids::new_id;

use super::instance_invitations::{InvitationError, NewInvitation};
use super::model::{State, TicketStatus};

/// The most pending entries the waitlist keeps: anyone may join, so it must not grow without
/// bound. Only the Backend API decides entries, one pending entry at a time, and it may delete
/// pending ones: it can always make room.
pub(crate) const MAX_WAITLIST_ENTRIES: usize = 10_000;
/// The longest email address (RFC 5321's path limit).
const MAX_EMAIL_LENGTH: usize = 254;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct WaitlistEntry {
    pub id: String,
    pub email: String,
    pub decision: Decision,
    /// The instance invitation an invite made.
    pub invitation_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What the Backend API decided; the status adds `completed` once the invitation is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Decision {
    Pending,
    Invited,
    Rejected,
}

/// Why a waitlist change is refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum WaitlistError {
    NotFound,
    EmailInvalid,
    Full,
    /// The invited address has signed up: nothing is left to decide.
    Completed,
    /// Only a pending entry is deleted.
    NotPending,
    /// The invitation could not be made, for this address.
    Invitation(InvitationError, String),
}

impl State {
    pub(crate) fn waitlist_entry(&self, id: &str) -> Option<&WaitlistEntry> {
        self.waitlist.iter().find(|e| e.id == id)
    }

    /// `pending`, `invited`, `rejected`, or `completed` once its invitation was accepted.
    pub(crate) fn waitlist_status(&self, entry: &WaitlistEntry) -> &'static str {
        let accepted = entry.invitation_id.as_deref().is_some_and(|id| {
            self.instance_invitations
                .iter()
                .any(|i| i.id == id && i.status == TicketStatus::Accepted)
        });
        match entry.decision {
            _ if accepted => "completed",
            Decision::Pending => "pending",
            Decision::Invited => "invited",
            Decision::Rejected => "rejected",
        }
    }

    /// The entry for `email` (case-insensitive): the existing one, or a new pending one. The
    /// flag says whether it is new.
    pub(crate) fn join_waitlist(
        &mut self,
        email: &str,
        now: i64,
    ) -> Result<(&WaitlistEntry, bool), WaitlistError> {
        let email = email.trim();
        let plausible = email.len() <= MAX_EMAIL_LENGTH
            && !email.contains(char::is_whitespace)
            && email
                .split_once('@')
                .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
        if !plausible {
            return Err(WaitlistError::EmailInvalid);
        }
        if let Some(at) = self
            .waitlist
            .iter()
            .position(|e| e.email.eq_ignore_ascii_case(email))
        {
            return Ok((&self.waitlist[at], false));
        }
        let pending = self
            .waitlist
            .iter()
            .filter(|e| e.decision == Decision::Pending)
            .count();
        if pending >= MAX_WAITLIST_ENTRIES {
            return Err(WaitlistError::Full);
        }
        self.waitlist.push(WaitlistEntry {
            id: new_id("wle"),
            email: email.to_owned(),
            decision: Decision::Pending,
            invitation_id: None,
            created_at: now,
            updated_at: now,
        });
        Ok((&self.waitlist[self.waitlist.len() - 1], true))
    }

    /// Invites the entry `id`: a new instance invitation to `sign_up_url` for its address. An
    /// earlier invitation of the entry is revoked: an entry has one, which a rejection revokes.
    pub(crate) fn invite_waitlist_entry(
        &mut self,
        id: &str,
        sign_up_url: &str,
        ignore_existing: bool,
        now: i64,
    ) -> Result<&WaitlistEntry, WaitlistError> {
        let entry = self.open_entry(id)?;
        let (email, earlier) = (entry.email.clone(), entry.invitation_id.clone());
        if let Some(earlier) = earlier {
            // Already revoked or expired is as good.
            let _ = self.revoke_instance_invitation(&earlier, now);
        }
        let invitation = self
            .invite_to_instance(
                NewInvitation {
                    email: email.clone(),
                    public_metadata: serde_json::json!({}),
                    redirect_url: Some(sign_up_url.to_owned()),
                    expires_in_days: None,
                    ignore_existing,
                },
                now,
            )
            .map_err(|error| WaitlistError::Invitation(error, email))?;
        let invitation_id = invitation.id.clone();
        let entry = self.entry_mut(id)?;
        entry.decision = Decision::Invited;
        entry.invitation_id = Some(invitation_id);
        entry.updated_at = now;
        Ok(entry)
    }

    /// Rejects the entry `id`, revoking the invitation it may have had.
    pub(crate) fn reject_waitlist_entry(
        &mut self,
        id: &str,
        now: i64,
    ) -> Result<&WaitlistEntry, WaitlistError> {
        if let Some(invitation) = self.open_entry(id)?.invitation_id.clone() {
            // Already revoked or expired is as good.
            let _ = self.revoke_instance_invitation(&invitation, now);
        }
        let entry = self.entry_mut(id)?;
        entry.decision = Decision::Rejected;
        entry.updated_at = now;
        Ok(entry)
    }

    /// Deletes the pending entry `id`.
    pub(crate) fn delete_waitlist_entry(&mut self, id: &str) -> Result<(), WaitlistError> {
        let entry = self.waitlist_entry(id).ok_or(WaitlistError::NotFound)?;
        if self.waitlist_status(entry) != "pending" {
            return Err(WaitlistError::NotPending);
        }
        self.waitlist.retain(|e| e.id != id);
        Ok(())
    }

    /// The entry `id`, unless its address has already signed up.
    fn open_entry(&self, id: &str) -> Result<&WaitlistEntry, WaitlistError> {
        let entry = self.waitlist_entry(id).ok_or(WaitlistError::NotFound)?;
        if self.waitlist_status(entry) == "completed" {
            return Err(WaitlistError::Completed);
        }
        Ok(entry)
    }

    fn entry_mut(&mut self, id: &str) -> Result<&mut WaitlistEntry, WaitlistError> {
        self.waitlist
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or(WaitlistError::NotFound)
    }
}
