//! Every password a Frontend API request gives for an existing account goes through here: the
//! account's throttle first, then the hash, and a wrong one counts against the account.

use crate::clock::now_ms;
use crate::instance::Instance;
use crate::password;
use crate::reply::ApiError;

/// `Ok` when `given` is `user_id`'s password; `429 too_many_requests` while the account has
/// had too many wrong ones (whatever `given` is); `form_password_incorrect` otherwise.
pub(super) fn verify(
    instance: &Instance,
    user_id: &str,
    given: &str,
    hash: &str,
) -> Result<(), ApiError> {
    throttle(instance, user_id)?;
    if password::verify(given, hash) {
        return Ok(());
    }
    instance.password_failures.record_failure(user_id, now_ms());
    Err(ApiError::password_incorrect())
}

/// `429 too_many_requests` while the account has had too many wrong passwords or codes.
pub(super) fn throttle(instance: &Instance, user_id: &str) -> Result<(), ApiError> {
    instance
        .password_failures
        .check(user_id, now_ms())
        .map_err(ApiError::too_many_requests)
}
