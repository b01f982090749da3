//! Webhook announcements: after a change, the handlers name what changed and this renders it as
//! the Backend API would and hands it to the webhook sender.
//!
//! Organization events are rendered by the change itself, while it holds the store
//! ([`Announcements`]), and sent once it has let go: an event carries the state its change made,
//! and a change that another one undoes at once (an organization created, then deleted) is
//! still announced.

use serde_json::Value;

use crate::config::OrganizationSettings;
use crate::instance::Instance;
use crate::json::org;
use crate::store::{Invitation, Membership, Organization, State};

/// Events a change renders while it holds the store, for [`Instance::announce`] to send after.
#[derive(Default)]
#[must_use = "the events are sent by Instance::announce"]
pub(crate) struct Announcements(Vec<(&'static str, Value)>);

impl Announcements {
    /// `organization.created`, `organization.updated`: the Backend API organization. Each
    /// method answers what it rendered, which is also what the Backend API replies.
    pub(crate) fn organization(
        &mut self,
        kind: &'static str,
        org: &Organization,
        state: &State,
    ) -> Value {
        self.add(kind, org::backend_organization(org, state))
    }

    /// `organization.deleted`: Clerk's deleted object (render it before the deletion).
    pub(crate) fn deleted_organization(&mut self, org: &Organization) -> Value {
        self.add("organization.deleted", org::deleted_organization(org))
    }

    /// `organizationMembership.created`, `…updated`, `…deleted` (for a removed membership,
    /// render it from the removed value while its organization still exists).
    pub(crate) fn membership(
        &mut self,
        kind: &'static str,
        membership: &Membership,
        state: &State,
        orgs: &OrganizationSettings,
    ) -> Value {
        self.add(kind, org::backend_membership(membership, state, orgs))
    }

    /// `organizationInvitation.created`, `…revoked`, `…accepted` (which also names the user who
    /// accepted, as Clerk's does).
    pub(crate) fn invitation(
        &mut self,
        kind: &'static str,
        invitation: &Invitation,
        orgs: &OrganizationSettings,
        accepted_by: Option<&str>,
    ) -> Value {
        let mut data = crate::json::invitation::for_organization(invitation, orgs);
        if let Some(user_id) = accepted_by {
            data["user_id"] = user_id.into();
        }
        self.add(kind, data)
    }

    /// `organizationMembership.created` for the membership `membership_id`, if there is one.
    pub(crate) fn new_membership(
        &mut self,
        membership_id: Option<&str>,
        state: &State,
        orgs: &OrganizationSettings,
    ) {
        if let Some(membership) = membership_id.and_then(|id| state.membership_by_id(id)) {
            self.membership("organizationMembership.created", membership, state, orgs);
        }
    }

    fn add(&mut self, kind: &'static str, data: Value) -> Value {
        self.0.push((kind, data.clone()));
        data
    }
}

impl Instance {
    /// Sends the events a change rendered, in the order it rendered them.
    pub(crate) fn announce(&self, announcements: Announcements) {
        for (kind, data) in announcements.0 {
            self.webhooks.emit(&self.instance_id, kind, data);
        }
    }

    /// Sends `kind` (`user.created`, …) with the Backend API user, if it still exists.
    pub(crate) fn announce_user(&self, kind: &str, user_id: &str) {
        if let Some(user) = self
            .store
            .read(|s| s.user(user_id).map(crate::json::user::backend))
        {
            self.webhooks.emit(&self.instance_id, kind, user);
        }
    }

    /// Sends `kind` (`session.created`, …) with the Backend API session.
    pub(crate) fn announce_session(&self, kind: &str, session_id: &str) {
        let session = self.store.read(|s| {
            s.sessions()
                .find(|(_, session)| session.id == session_id)
                .map(|(client, session)| crate::json::session::backend(client, session))
        });
        if let Some(session) = session {
            self.webhooks.emit(&self.instance_id, kind, session);
        }
    }

    /// Sends `session.ended` for each session a sign-out ended, as made while the store was
    /// locked (an ended session is no longer among the clients').
    pub(crate) fn announce_ended_sessions(&self, ended: Vec<Value>) {
        for session in ended {
            self.webhooks
                .emit(&self.instance_id, "session.ended", session);
        }
    }
}
