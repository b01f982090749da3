//! The one store FAPI and BAPI share: the state behind a mutex, in memory, and `state.json`
//! written by a thread of its own. A change only marks the state dirty; the writer serializes it
//! and writes it off the async workers, one write for any number of changes made meanwhile, and
//! skips a write that would not change the file. Clients without a session are never written
//! (and at most `MAX_CLIENTS_WITHOUT_SESSION` are kept), so anonymous traffic costs no disk.

mod api_keys;
mod ended_sessions;
mod external;
mod instance_invitations;
mod machines;
mod mfa;
mod model;
mod nonces;
mod organizations;
mod persist;
mod seed;
mod user_access;
mod waitlist;
mod writer;

use std::path::Path;
use std::sync::{Arc, MutexGuard, PoisonError};

pub(crate) use api_keys::{
    ApiKey, ApiKeyRefusal, NewApiKey, MAX_API_KEYS_PER_OWNER, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS,
};
pub(crate) use ended_sessions::{EndedSession, SessionRecord, SessionStatus};
pub(crate) use external::{ExternalAccount, ExternalStatus, ExternalVerification, Identity};
pub(crate) use instance_invitations::{InstanceInvitation, InvitationError, NewInvitation};
pub(crate) use machines::{M2mToken, Machine};
pub(crate) use mfa::{SecondFactor, Totp, UserMfa};
pub(crate) use model::{
    AttemptStatus, Client, EmailAddress, Invitation, Membership, Organization, Session, SignIn,
    SignInToken, SignUp, State, TicketStatus, User,
};
pub(crate) use nonces::HandshakeNonces;
pub(crate) use organizations::{NewOrganization, OrgError, OrganizationChanges};
pub(crate) use user_access::{lockout_seconds_left, SignInBar};
pub(crate) use waitlist::{WaitlistEntry, WaitlistError, MAX_WAITLIST_ENTRIES};

use crate::clock::now_ms;
use crate::config::SeedUser;
use crate::constants::STATE_FILE;
use crate::errors::LocalError;
use writer::Shared;

pub(crate) struct Store {
    shared: Arc<Shared>,
}

impl Store {
    /// Loads the state from `data_dir` (or starts a new instance there), applies the seeds and
    /// writes the result before returning (the secret key must be on disk for whoever reads it).
    pub(crate) fn open(data_dir: &Path, seeds: &[SeedUser]) -> Result<Self, LocalError> {
        let data_dir_error = |source| LocalError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(data_dir).map_err(data_dir_error)?;
        let path = data_dir.join(STATE_FILE);
        let now = now_ms();
        let mut state = persist::load(&path)?.unwrap_or_else(State::new);
        state.prune(now);
        seed::apply(&mut state, seeds, now)?;
        persist::save(&path, &state).map_err(|e| LocalError::DataDir {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        Ok(Self {
            shared: writer::start(state, path),
        })
    }

    pub(crate) fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        f(&self.lock())
    }

    /// Runs `f` on the state; the writer saves the result soon after. All or nothing in memory:
    /// when `f` fails, the state is rolled back. A failed write is logged, and retried with the
    /// next change.
    pub(crate) fn update<R, E>(&self, f: impl FnOnce(&mut State) -> Result<R, E>) -> Result<R, E> {
        let mut state = self.lock();
        let before = state.clone();
        state.prune(now_ms());
        let result = f(&mut state);
        if result.is_err() {
            *state = before;
        }
        drop(state);
        if result.is_ok() {
            self.shared.mark_dirty();
        }
        result
    }

    /// Waits until every change made so far is on disk (or the writer gave up on it).
    pub(crate) fn flush(&self) {
        self.shared.flush();
    }

    /// Recovers from a poisoned lock instead of failing every later request: the state is plain
    /// data that a panicked request cannot leave unusable.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// The last changes reach the disk before the instance goes away.
impl Drop for Store {
    fn drop(&mut self) {
        self.shared.close();
    }
}
