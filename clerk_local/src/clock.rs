//! Wall-clock time in the units Clerk uses: milliseconds in JSON, seconds in tokens and cookies.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch (0 if the clock is before 1970, which only a broken clock is).
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Whole seconds of a millisecond timestamp.
pub(crate) fn secs(ms: i64) -> i64 {
    ms.div_euclid(1000)
}
