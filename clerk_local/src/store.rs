//! The one store FAPI and BAPI share: the state behind a mutex, saved after every change.

mod model;
mod nonces;
mod organizations;
mod persist;
mod seed;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

pub(crate) use model::{
    AttemptStatus, Client, EmailAddress, Invitation, Membership, Organization, Session, SignIn,
    SignInToken, SignUp, State, TicketStatus, User,
};
pub(crate) use nonces::HandshakeNonces;
pub(crate) use organizations::{NewOrganization, OrgError, OrganizationChanges};
pub(crate) use persist::SaveError;

use crate::clock::now_ms;
use crate::config::SeedUser;
use crate::constants::STATE_FILE;
use crate::errors::LocalError;

pub(crate) struct Store {
    state: Mutex<State>,
    path: PathBuf,
}

impl Store {
    /// Loads the state from `data_dir` (or starts a new instance there) and applies the seeds.
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
            state: Mutex::new(state),
            path,
        })
    }

    pub(crate) fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        f(&self.lock())
    }

    /// Runs `f` on the state and saves the result. All or nothing: when `f` fails or the state
    /// cannot be saved, the state is rolled back, so memory and disk never disagree.
    pub(crate) fn update<R, E>(&self, f: impl FnOnce(&mut State) -> Result<R, E>) -> Result<R, E>
    where
        E: From<SaveError>,
    {
        let mut state = self.lock();
        let before = state.clone();
        state.prune(now_ms());
        let result = f(&mut state).and_then(|r| {
            persist::save(&self.path, &state)?;
            Ok(r)
        });
        if result.is_err() {
            *state = before;
        }
        result
    }

    /// Recovers from a poisoned lock instead of failing every later request: the state is plain
    /// data that a panicked request cannot leave unusable.
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
