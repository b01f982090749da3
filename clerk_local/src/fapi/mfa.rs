//! `/v1/me/totp` and `/v1/me/backup_codes`: `<UserProfile/>`'s "Two-step verification". A new
//! TOTP is pending until a code from the app verifies it; that answer carries ten backup codes,
//! shown once. Like a password change, these need a factor verified in the last 10 minutes
//! (Clerk UI then runs its reverification flow).

use serde_json::json;

use crate::clock::now_ms;
use crate::ids::new_id;
use crate::instance::Instance;
use crate::json::mfa;
use crate::reply::{ApiError, Reply};
use crate::store::{State, Totp};
use crate::totp;

use super::me::{signed_in, verified_lately};
use super::{changed_client, password_check, second_factor, FapiRequest};

/// `POST /v1/me/totp`: a new secret and its `otpauth://` URI, replacing a pending one. Only
/// when the instance offers it (`mfa = true`); whoever set one up keeps it if it is turned off.
pub(super) fn create(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    if !instance.mfa {
        return Err(ApiError::forbidden(
            "Two-step verification is off on this instance: set `mfa = true` in [clerk_local].",
        ));
    }
    let now = now_ms();
    let (token, user_id) = instance.store.read(|s| signed_in(s, req))?;
    instance.store.update(|state| {
        require_recent_verification(state, &token, &user_id, now)?;
        let user = state.user_mut(&user_id).ok_or_else(ApiError::signed_out)?;
        if user.mfa.totp_enabled() {
            return Err(ApiError::forbidden(
                "An authenticator app is already set up: remove it first.",
            ));
        }
        let pending = Totp::pending(new_id("totp"), now);
        let uri = totp::uri(&pending.secret, &instance.application_name, &user.email);
        let body = mfa::totp(&pending, Some(uri), None);
        user.mfa.totp = Some(pending);
        changed_client(instance, state, req, now, &token, |_, _| body)
    })
}

/// `POST /v1/me/totp/attempt_verification` with `code`: turns the app on and answers the
/// backup codes. This session has just proved the second factor.
pub(super) fn verify(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let code = second_factor::code(req)?;
    let now = now_ms();
    let (token, user_id) = instance.store.read(|s| signed_in(s, req))?;
    password_check::throttle(instance, &user_id)?;
    // A wrong code changes nothing but the throttle, which lives outside the store.
    let reply = instance.update_user("user.updated", &user_id, |state| {
        let user = state.user_mut(&user_id).ok_or_else(ApiError::signed_out)?;
        let pending = user
            .mfa
            .totp
            .as_mut()
            .filter(|t| !t.verified)
            .ok_or_else(|| ApiError::not_found("TOTP"))?;
        if !pending.take_code(code, now) {
            instance.password_failures.record_failure(&user_id, now);
            return Err(ApiError::code_incorrect());
        }
        pending.verified = true;
        pending.updated_at = now;
        let verified = pending.clone();
        let codes = user.mfa.regenerate_backup_codes(new_id("bc"), now);
        user.mfa.enabled_at = Some(now);
        user.updated_at = now;
        let body = mfa::totp(&verified, None, Some(codes));
        if let Some(client) = state.client_mut(&token) {
            for session in client.sessions.iter_mut().filter(|s| s.user_id == user_id) {
                session.second_factor_verified_at = Some(now);
            }
        }
        changed_client(instance, state, req, now, &token, |_, _| body)
    })?;
    Ok(reply)
}

/// `DELETE /v1/me/totp`: the app goes, and the backup codes with it.
pub(super) fn remove(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let now = now_ms();
    let (token, user_id) = instance.store.read(|s| signed_in(s, req))?;
    let reply = instance.update_user("user.updated", &user_id, |state| {
        let user = state.user_mut(&user_id).ok_or_else(ApiError::signed_out)?;
        let removed = user
            .mfa
            .remove_totp(now)
            .ok_or_else(|| ApiError::not_found("TOTP"))?;
        user.updated_at = now;
        let body = json!({ "object": "totp", "id": removed.id, "deleted": true });
        changed_client(instance, state, req, now, &token, |_, _| body)
    })?;
    Ok(reply)
}

/// `POST /v1/me/backup_codes`: ten new codes, replacing the old ones.
pub(super) fn regenerate_backup_codes(
    instance: &Instance,
    req: &FapiRequest,
) -> Result<Reply, ApiError> {
    let now = now_ms();
    let (token, user_id) = instance.store.read(|s| signed_in(s, req))?;
    let reply = instance.update_user("user.updated", &user_id, |state| {
        require_recent_verification(state, &token, &user_id, now)?;
        let user = state.user_mut(&user_id).ok_or_else(ApiError::signed_out)?;
        if !user.mfa.totp_enabled() {
            return Err(ApiError::forbidden(
                "Backup codes need another second factor: set up an authenticator app first.",
            ));
        }
        let codes = user.mfa.regenerate_backup_codes(new_id("bc"), now);
        user.updated_at = now;
        let body = mfa::backup_codes(&user.mfa, codes, now);
        changed_client(instance, state, req, now, &token, |_, _| body)
    })?;
    Ok(reply)
}

/// `session_reverification_required` unless the browser's session verified a factor lately.
fn require_recent_verification(
    state: &State,
    token: &str,
    user_id: &str,
    now: i64,
) -> Result<(), ApiError> {
    if verified_lately(state, token, user_id, now) {
        Ok(())
    } else {
        Err(ApiError::reverification_required())
    }
}
