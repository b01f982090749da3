//! `state.json`: loaded once at start-up, rewritten atomically after every change.

use std::path::Path;

use crate::errors::LocalError;
use crate::fs_atomic::write_atomic;

use super::State;

/// Saving failed: the change is rolled back and the request answered with a 500.
#[derive(Debug, thiserror::Error)]
#[error("could not save the local Clerk state to {path}: {source}")]
pub(crate) struct SaveError {
    path: String,
    source: std::io::Error,
}

/// Reads the state, or `None` for a fresh data folder.
pub(crate) fn load(path: &Path) -> Result<Option<State>, LocalError> {
    match std::fs::read(path) {
        Ok(bytes) => {
            serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| LocalError::CorruptFile {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(LocalError::DataDir {
            path: path.to_path_buf(),
            source,
        }),
    }
}

pub(crate) fn save(path: &Path, state: &State) -> Result<(), SaveError> {
    let to_error = |source| SaveError {
        path: path.display().to_string(),
        source,
    };
    let json = serde_json::to_vec_pretty(state).map_err(|e| to_error(e.into()))?;
    write_atomic(path, &json).map_err(to_error)
}
