//! A user's second factors through the Backend API: `DELETE /v1/users/{id}/totp`,
//! `/backup_code` and `/mfa` (all of them) answer `{"user_id": …}` as Clerk does (what
//! `@clerk/backend`'s `deleteUserTOTP`, `deleteUserBackupCodes` and `disableUserMFA` return);
//! `POST /v1/users/{id}/verify_totp` checks a code (a backup code is used up); creating or
//! updating a user may set `totp_secret` and `backup_codes`.

use serde_json::json;

use crate::clock::now_ms;
use crate::ids::new_id;
use crate::instance::Instance;
use crate::reply::{ApiError, Reply};
use crate::store::{SecondFactor, User};
use crate::totp;

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
    instance.update_user("user.updated", id, |state| {
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
    Ok(Reply::json(json!({ "user_id": id })))
}

/// `totp_secret` and `backup_codes` of `POST /v1/users` and `PATCH /v1/users/{id}`: an
/// authenticator app already set up (a base32 secret) and backup codes in clear (bcrypt digests,
/// which Clerk also takes, are not supported).
pub(super) fn apply_params(user: &mut User, req: &BapiRequest, now: i64) -> Result<(), ApiError> {
    if let Some(secret) = req.string("totp_secret") {
        let secret = secret.trim().to_ascii_uppercase();
        if !totp::secret_is_valid(&secret) {
            return Err(ApiError::param_invalid(
                "totp_secret",
                "totp_secret must be a base32 secret of at least 128 bits.",
            ));
        }
        user.mfa.set_verified_totp(new_id("totp"), secret, now);
    }
    if let Some(serde_json::Value::Array(items)) = req.field("backup_codes") {
        let codes: Vec<String> = items
            .iter()
            .filter_map(|c| c.as_str().map(str::to_owned))
            .collect();
        user.mfa.set_backup_codes(&codes, new_id("bc"), now);
    }
    Ok(())
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
