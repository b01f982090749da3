//! Sessions that ended (signed out, removed, revoked, expired) are kept, with their status, for
//! the Backend API: `GET /v1/sessions/{id}` after a revoke answers it `revoked`, as Clerk does.
//! Browsers never see them again: a client's `sessions` hold active ones only. They are dropped
//! `ENDED_SESSION_RETENTION_MS` after they ended, and beyond the newest `MAX_ENDED_SESSIONS`,
//! so `state.json` does not grow forever.

use serde::{Deserialize, Serialize};

use crate::constants::{ENDED_SESSION_RETENTION_MS, MAX_ENDED_SESSIONS, SESSION_LIFETIME_MS};

use super::model::{Session, State};

/// A session's status as the Backend API shows and filters it (`?status=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SessionStatus {
    Active,
    /// Signed out from the browser (`end`, sign-out).
    Ended,
    /// Ended by the Backend API, `<UserProfile/>`'s "Sign out of device", or a ban.
    Revoked,
    /// Removed from the browser's client (`remove`).
    Removed,
    /// Past its lifetime.
    Expired,
    /// Inactive past `abandon_at` (never reached here: sessions expire first).
    Abandoned,
    /// Replaced by a newer session on the same client (never here: a signed-in browser must
    /// sign out before signing in again).
    Replaced,
    /// Live, with a task left: choosing an organization, where the instance requires one
    /// (derived, never stored: see `State::session_records`).
    Pending,
}

impl SessionStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Ended => "ended",
            Self::Revoked => "revoked",
            Self::Removed => "removed",
            Self::Expired => "expired",
            Self::Abandoned => "abandoned",
            Self::Replaced => "replaced",
            Self::Pending => "pending",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        [
            Self::Active,
            Self::Ended,
            Self::Revoked,
            Self::Removed,
            Self::Expired,
            Self::Abandoned,
            Self::Replaced,
            Self::Pending,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// A session that is over, with the client that held it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct EndedSession {
    pub client_id: String,
    pub status: SessionStatus,
    pub ended_at: i64,
    pub session: Session,
}

/// Any session, active or over, as the Backend API lists it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SessionRecord<'a> {
    pub client_id: &'a str,
    pub session: &'a Session,
    pub status: SessionStatus,
}

impl State {
    /// Whether the live `session` waits for its `choose-organization` task: the instance
    /// requires an organization (`organization_required`) and none of the user's is active (none
    /// chosen yet, or the user left it).
    pub(crate) fn is_pending(&self, session: &Session, organization_required: bool) -> bool {
        organization_required
            && session
                .active_organization_id
                .as_deref()
                .is_none_or(|id| self.membership(id, &session.user_id).is_none())
    }

    /// Every session the instance knows: the live ones, then those that ended. A live one is
    /// `Pending` while its task is left (see [`is_pending`](Self::is_pending)).
    pub(crate) fn session_records(
        &self,
        organization_required: bool,
    ) -> impl Iterator<Item = SessionRecord<'_>> {
        let active = self.sessions().map(move |(client, session)| SessionRecord {
            client_id: &client.id,
            session,
            status: if self.is_pending(session, organization_required) {
                SessionStatus::Pending
            } else {
                SessionStatus::Active
            },
        });
        let ended = self.ended_sessions.iter().map(|e| SessionRecord {
            client_id: &e.client_id,
            session: &e.session,
            status: e.status,
        });
        active.chain(ended)
    }

    /// Ends the active session `session_id` wherever it is, and keeps it as `status`.
    pub(crate) fn end_session(
        &mut self,
        session_id: &str,
        status: SessionStatus,
        now: i64,
    ) -> Option<EndedSession> {
        let client = self
            .clients
            .iter_mut()
            .find(|c| c.session(session_id).is_some())?;
        let session = client.end_session(session_id, now)?;
        let client_id = client.id.clone();
        Some(self.keep_ended(client_id, session, status, now))
    }

    /// Ends every active session of the browser known by `token` (sign-out).
    pub(crate) fn end_client_sessions(
        &mut self,
        token: &str,
        status: SessionStatus,
        now: i64,
    ) -> Vec<EndedSession> {
        let Some(client) = self.client_mut(token) else {
            return Vec::new();
        };
        client.last_active_session_id = None;
        client.updated_at = now;
        let ids: Vec<String> = client.sessions.iter().map(|s| s.id.clone()).collect();
        ids.iter()
            .filter_map(|id| self.end_session(id, status, now))
            .collect()
    }

    /// Ends every active session of `user_id` (a ban).
    pub(crate) fn end_user_sessions(
        &mut self,
        user_id: &str,
        status: SessionStatus,
        now: i64,
    ) -> Vec<EndedSession> {
        let ids: Vec<String> = self
            .sessions()
            .filter(|(_, s)| s.user_id == user_id)
            .map(|(_, s)| s.id.clone())
            .collect();
        ids.iter()
            .filter_map(|id| self.end_session(id, status, now))
            .collect()
    }

    /// A deleted user's past sessions go with them.
    pub(crate) fn forget_ended_sessions_of(&mut self, user_id: &str) {
        self.ended_sessions.retain(|e| e.session.user_id != user_id);
    }

    /// Records a session that a client no longer holds.
    pub(crate) fn keep_ended(
        &mut self,
        client_id: String,
        mut session: Session,
        status: SessionStatus,
        now: i64,
    ) -> EndedSession {
        session.updated_at = now;
        let ended = EndedSession {
            client_id,
            status,
            ended_at: now,
            session,
        };
        self.ended_sessions.push(ended.clone());
        ended
    }

    /// Moves sessions past their lifetime to the ended ones as `expired`, and forgets ended
    /// sessions past the retention bound.
    pub(super) fn prune_sessions(&mut self, now: i64) {
        let expired: Vec<String> = self
            .sessions()
            .filter(|(_, s)| now >= s.created_at + SESSION_LIFETIME_MS)
            .map(|(_, s)| s.id.clone())
            .collect();
        for id in expired {
            self.end_session(&id, SessionStatus::Expired, now);
        }
        self.ended_sessions
            .retain(|e| now < e.ended_at + ENDED_SESSION_RETENTION_MS);
        let excess = self.ended_sessions.len().saturating_sub(MAX_ENDED_SESSIONS);
        // Pushed in the order they ended: the oldest are first.
        self.ended_sessions.drain(..excess);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::{DAY_MS, ENDED_SESSION_RETENTION_MS, SESSION_LIFETIME_MS};

    fn signed_in_state(now: i64) -> (State, String) {
        let mut state = State::new();
        let client = state.client_or_create(None, now);
        let session_id = client.start_session("user_1", now);
        (state, session_id)
    }

    #[test]
    fn a_session_past_its_lifetime_is_kept_as_expired_then_forgotten() {
        let (mut state, session_id) = signed_in_state(0);
        state.prune(SESSION_LIFETIME_MS - 1);
        assert_eq!(state.sessions().count(), 1);

        let expired_at = SESSION_LIFETIME_MS;
        state.prune(expired_at);
        assert_eq!(state.sessions().count(), 0);
        let record = state.session_records(false).next().unwrap();
        assert_eq!(
            (record.session.id.as_str(), record.status),
            (session_id.as_str(), SessionStatus::Expired)
        );

        state.prune(expired_at + ENDED_SESSION_RETENTION_MS);
        assert_eq!(state.session_records(false).count(), 0);
    }

    #[test]
    fn ended_sessions_are_capped_oldest_first() {
        let (mut state, _) = signed_in_state(0);
        let (_, session) = state.sessions().next().unwrap();
        let session = session.clone();
        for n in 0..MAX_ENDED_SESSIONS + 2 {
            let ended_at = i64::try_from(n).unwrap();
            state.keep_ended(
                "client_1".into(),
                session.clone(),
                SessionStatus::Ended,
                ended_at,
            );
        }
        state.prune(DAY_MS);
        assert_eq!(state.ended_sessions.len(), MAX_ENDED_SESSIONS);
        assert_eq!(state.ended_sessions[0].ended_at, 2);
    }

    #[test]
    fn every_status_parses_back() {
        for status in [
            "active",
            "ended",
            "revoked",
            "removed",
            "expired",
            "abandoned",
            "replaced",
            "pending",
        ] {
            assert_eq!(
                SessionStatus::parse(status).map(SessionStatus::as_str),
                Some(status)
            );
        }
        assert_eq!(SessionStatus::parse("sleeping"), None);
    }
}
