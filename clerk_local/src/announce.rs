//! Webhook announcements: after a change, the handlers name what changed and this renders it as
//! the Backend API would and hands it to the webhook sender.
//!
//! Every event is rendered by the change itself, while it holds the store ([`Announcements`],
//! [`Instance::update_user`]), and sent once it has let go: an event carries the state its
//! change made, and a change that another one undoes at once (a user created, then deleted) is
//! still announced.

use serde_json::Value;

use crate::config::OrganizationSettings;
use crate::instance::Instance;
use crate::json::org;
use crate::store::{AttemptStatus, Invitation, Membership, Organization, State};

/// Events a change renders while it holds the store, for [`Instance::update_announcing`] to
/// send after.
pub(crate) struct Announcements {
    events: Vec<(&'static str, Value)>,
    /// The instance requires an organization: a session without one is rendered `pending`.
    organization_required: bool,
}

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

    /// `user.created`, `user.updated`: the Backend API user `user_id`, as the change left it
    /// (`None`: there is no such user, and nothing to announce).
    pub(crate) fn user(
        &mut self,
        kind: &'static str,
        user_id: &str,
        state: &State,
    ) -> Option<Value> {
        let user = crate::json::user::backend(state.user(user_id)?);
        Some(self.add(kind, user))
    }

    /// `session.created`: the Backend API session `session_id`, as the change left it.
    pub(crate) fn session(&mut self, kind: &'static str, session_id: &str, state: &State) {
        let session = state
            .session_records(self.organization_required)
            .find(|record| record.session.id == session_id)
            .map(crate::json::session::record);
        if let Some(session) = session {
            self.add(kind, session);
        }
    }

    /// `session.created` for the sign-in of the client `token`, if it is complete (the change
    /// completed it).
    pub(crate) fn completed_sign_in(&mut self, token: &str, state: &State) {
        let created = state
            .client(token)
            .and_then(|client| client.sign_in.as_ref())
            .filter(|sign_in| sign_in.status == AttemptStatus::Complete)
            .and_then(|sign_in| sign_in.created_session_id.clone());
        if let Some(session_id) = created {
            self.session("session.created", &session_id, state);
        }
    }

    /// `user.created` and `session.created` for a sign-up (or a sign-in through a new OAuth
    /// identity) that made the user `created.0` and signed them in with the session `created.1`.
    pub(crate) fn signed_up(&mut self, created: Option<&(String, String)>, state: &State) {
        if let Some((user_id, session_id)) = created {
            self.user("user.created", user_id, state);
            self.session("session.created", session_id, state);
        }
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
        self.events.push((kind, data.clone()));
        data
    }
}

impl Instance {
    /// Sends the events a change rendered, in the order it rendered them.
    fn announce(&self, announcements: Announcements) {
        for (kind, data) in announcements.events {
            self.webhooks.emit(&self.instance_id, kind, data);
        }
    }

    /// `store.update(change)` for a change to the user `user_id`, announced as `kind`
    /// (`user.updated`, …) with the user as the change left it.
    pub(crate) fn update_user<R, E>(
        &self,
        kind: &'static str,
        user_id: &str,
        change: impl FnOnce(&mut State) -> Result<R, E>,
    ) -> Result<R, E> {
        self.update_announcing(|state, events| {
            let result = change(state)?;
            events.user(kind, user_id, state);
            Ok(result)
        })
    }

    /// `store.update(change)`, where `change` renders the events it makes; they are sent once
    /// the store is let go (none when the change fails).
    pub(crate) fn update_announcing<R, E>(
        &self,
        change: impl FnOnce(&mut State, &mut Announcements) -> Result<R, E>,
    ) -> Result<R, E> {
        let (result, events) = self.store.update(|state| {
            let mut events = Announcements {
                events: Vec::new(),
                organization_required: self.organizations.requires_organization(),
            };
            change(state, &mut events).map(|result| (result, events))
        })?;
        self.announce(events);
        Ok(result)
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
