//! A user's second factors through the Backend API: `DELETE /v1/users/{id}/totp`,
//! `/backup_code` and `/mfa` (all of them) answer `{"user_id": …}` as Clerk does (what
//! `@clerk/backend`'s `deleteUserTOTP`, `deleteUserBackupCodes` and `disableUserMFA` return);
//! `POST /v1/users/{id}/verify_totp` checks a code (a backup code is used up).

use serde_json::json;

use crate::clock::now_ms;
use crate::instance::Instance;
use crate::reply::{ApiError, Reply};
use crate::store::SecondFactor;

use super::request::BapiRequest;

/// What a `DELETE` removes.
#[derive(Clone, Copy)]
pub(super) enum Removal {
    /// The authenticator app (and so the backup codes).
    Totp,
    BackupCodes,
    /// Every second factor.
    All,
}

/// `DELETE /v1/users/{id}/totp|backup_code|mfa`.
pub(super) fn remove(instance: &Instance, id: &str, removal: Removal) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.update(|state| {
        let user = state
            .user_mut(id)
            .ok_or_else(|| ApiError::not_found("User"))?;
        match removal {
            Removal::Totp | Removal::All => {
                user.mfa.remove_totp(now);
            }
            Removal::BackupCodes => user.mfa.remove_backup_codes(),
        }
        user.updated_at = now;
        Ok::<_, ApiError>(())
    })?;
    instance.announce_user("user.updated", id);
    Ok(Reply::json(json!({ "user_id": id })))
}

/// `POST /v1/users/{id}/verify_totp` with `code`: `{"verified": true, "code_type": …}`.
pub(super) fn verify(instance: &Instance, req: &BapiRequest, id: &str) -> Result<Reply, ApiError> {
    let code = req
        .string("code")
        .ok_or_else(|| ApiError::param_missing("code", "code is missing"))?;
    let now = now_ms();
    instance.store.update(|state| {
        let user = state
            .user_mut(id)
            .ok_or_else(|| ApiError::not_found("User"))?;
        let factor = [SecondFactor::Totp, SecondFactor::BackupCode]
            .into_iter()
            .find(|f| user.mfa.accept(*f, code, now))
            .ok_or_else(ApiError::code_incorrect)?;
        Ok(Reply::json(
            json!({ "verified": true, "code_type": factor.strategy() }),
        ))
    })
}
