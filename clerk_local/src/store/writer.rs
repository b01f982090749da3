//! The thread that writes `state.json`: woken by changes, it serializes the state under the lock
//! (memory only) and writes outside it (fsync and rename), coalescing every change made while it
//! wrote into the next write. A std thread, not a task: file I/O never blocks an async worker,
//! and the store needs no runtime to open.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::{persist, State};

/// How long `flush` and the final write at drop wait for a slow disk.
const FLUSH_TIMEOUT: Duration = Duration::from_secs(10);

pub(super) struct Shared {
    pub(super) state: Mutex<State>,
    path: PathBuf,
    progress: Mutex<Progress>,
    /// Wakes the writer: a change, or the store closing.
    changed: Condvar,
    /// Wakes `flush`: a write finished.
    written: Condvar,
}

#[derive(Default)]
struct Progress {
    /// Changes made, and changes written (or given up on), counted.
    changed: u64,
    written: u64,
    closed: bool,
}

/// Starts the writer for `state`, already on disk at `path`.
pub(super) fn start(state: State, path: PathBuf) -> Arc<Shared> {
    let shared = Arc::new(Shared {
        state: Mutex::new(state),
        path,
        progress: Mutex::new(Progress::default()),
        changed: Condvar::new(),
        written: Condvar::new(),
    });
    let writer = Arc::clone(&shared);
    let spawned = std::thread::Builder::new()
        .name("clerk_local-writer".to_owned())
        .spawn(move || writer.run());
    if let Err(error) = spawned {
        tracing::error!(%error, "clerk_local: no writer thread; changes will not be saved");
    }
    shared
}

impl Shared {
    pub(super) fn mark_dirty(&self) {
        self.progress().changed += 1;
        self.changed.notify_one();
    }

    pub(super) fn flush(&self) {
        let mut progress = self.progress();
        let target = progress.changed;
        while progress.written < target {
            let (next, wait) = self
                .written
                .wait_timeout(progress, FLUSH_TIMEOUT)
                .unwrap_or_else(PoisonError::into_inner);
            progress = next;
            if wait.timed_out() {
                tracing::error!("clerk_local: the state file was not written in time");
                return;
            }
        }
    }

    /// Lets the writer finish what is pending and stop; waits for it.
    pub(super) fn close(&self) {
        self.progress().closed = true;
        self.changed.notify_one();
        self.flush();
    }

    fn run(&self) {
        let mut on_disk: Option<Vec<u8>> = None;
        loop {
            let target = {
                let mut progress = self.progress();
                while progress.written == progress.changed && !progress.closed {
                    progress = self
                        .changed
                        .wait(progress)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                if progress.written == progress.changed {
                    return;
                }
                progress.changed
            };
            let bytes = {
                let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
                persist::to_bytes(&state)
            };
            match bytes {
                Ok(bytes) if on_disk.as_ref() == Some(&bytes) => {}
                Ok(bytes) => match persist::write(&self.path, &bytes) {
                    Ok(()) => on_disk = Some(bytes),
                    Err(error) => tracing::error!(%error, "clerk_local: state not saved"),
                },
                Err(error) => tracing::error!(%error, "clerk_local: state not saved"),
            }
            self.progress().written = target;
            self.written.notify_all();
        }
    }

    fn progress(&self) -> MutexGuard<'_, Progress> {
        self.progress.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
