//! Sign-in refuses banned and locked users with Clerk's errors (`user_banned`, `user_locked`
//! with `meta.lockout_expires_in_seconds`), before any factor is checked.

use crate::clock::now_ms;
use crate::instance::Instance;
use crate::reply::ApiError;
use crate::store::SignInBar;

pub(super) fn refuse_barred(instance: &Instance, user_id: &str) -> Result<(), ApiError> {
    let now = now_ms();
    let bar = instance
        .store
        .read(|state| state.user(user_id).and_then(|u| u.sign_in_bar(now)));
    match bar {
        None => Ok(()),
        Some(SignInBar::Banned) => Err(ApiError::user_banned()),
        Some(SignInBar::Locked { expires_in_secs }) => Err(ApiError::user_locked(expires_in_secs)),
    }
}
