//! Webhook announcements: after a change, the handlers name what changed and this renders it as
//! the Backend API would and hands it to the webhook sender.

use crate::instance::Instance;

impl Instance {
    /// Sends `kind` (`user.created`, …) with the Backend API user, if it still exists.
    pub(crate) fn announce_user(&self, kind: &str, user_id: &str) {
        if let Some(user) = self
            .store
            .read(|s| s.user(user_id).map(crate::json::user::backend))
        {
            self.webhooks.emit(&self.instance_id, kind, user);
        }
    }

    /// Sends `kind` (`organization.created`, `organization.updated`) with the Backend API
    /// organization, if it still exists.
    pub(crate) fn announce_organization(&self, kind: &str, org_id: &str) {
        if let Some(organization) = self.store.read(|s| {
            s.organization(org_id)
                .map(|o| crate::json::org::backend_organization(o, s))
        }) {
            self.webhooks.emit(&self.instance_id, kind, organization);
        }
    }

    /// Sends `organizationMembership.deleted` with the membership as it was (rendered while the
    /// store was locked: it is gone now).
    pub(crate) fn announce_removed_membership(&self, membership: serde_json::Value) {
        self.webhooks.emit(
            &self.instance_id,
            "organizationMembership.deleted",
            membership,
        );
    }

    /// Sends `kind` (`organizationMembership.created`, `…updated`) with the membership.
    pub(crate) fn announce_membership(&self, kind: &str, membership_id: &str) {
        let membership = self.store.read(|s| {
            s.memberships
                .iter()
                .find(|m| m.id == membership_id)
                .map(|m| crate::json::org::membership(m, s, &self.organizations))
        });
        if let Some(membership) = membership {
            self.webhooks.emit(&self.instance_id, kind, membership);
        }
    }

    /// Sends `organization.deleted` with Clerk's deleted object (the organization itself is gone).
    pub(crate) fn announce_deleted_organization(&self, org_id: &str) {
        let deleted =
            serde_json::json!({ "object": "organization", "id": org_id, "deleted": true });
        self.webhooks
            .emit(&self.instance_id, "organization.deleted", deleted);
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
    pub(crate) fn announce_ended_sessions(&self, ended: Vec<serde_json::Value>) {
        for session in ended {
            self.webhooks
                .emit(&self.instance_id, "session.ended", session);
        }
    }
}
