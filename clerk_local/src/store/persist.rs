//! `state.json`: loaded once at start-up, rewritten atomically (by the writer) after changes.

use std::path::Path;

use crate::errors::LocalError;
use crate::fs_atomic::write_atomic;

use super::State;

/// Saving failed: at start-up the instance does not open; later the writer logs it.
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
    let json = to_bytes(state).map_err(|e| save_error(path, e.into()))?;
    write(path, &json)
}

/// The file's content for `state` (clients without a session left out: see `State`).
pub(crate) fn to_bytes(state: &State) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec_pretty(state)
}

pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    write_atomic(path, bytes).map_err(|e| save_error(path, e))
}

fn save_error(path: &Path, source: std::io::Error) -> SaveError {
    SaveError {
        path: path.display().to_string(),
        source,
    }
}
