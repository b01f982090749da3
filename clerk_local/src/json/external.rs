//! Social sign-in shapes: an attempt's external verification and a user's `external_accounts`.

use serde_json::{json, Value};

use crate::reply::ApiError;
use crate::store::{lockout_seconds_left, ExternalAccount, ExternalVerification};

/// A sign-in's `first_factor_verification` or a sign-up's `verifications.external_account`.
pub(crate) fn verification(verification: &ExternalVerification) -> Value {
    json!({
        "object": "verification_oauth",
        "status": verification.status.as_str(),
        "strategy": verification.strategy,
        "external_verification_redirect_url": verification.redirect_url,
        "error": verification.error.as_deref().map(|code| error(code, verification)),
        "attempts": null,
        "expire_at": verification.expire_at,
        "verified_at_client": null,
    })
}

/// An account in a user's `external_accounts`, the same for the Frontend and Backend API.
pub(crate) fn account(account: &ExternalAccount) -> Value {
    let identity = &account.identity;
    json!({
        "object": "external_account",
        "id": account.id,
        "external_account_id": account.external_account_id,
        "identification_id": account.id,
        "provider": identity.provider,
        "provider_user_id": identity.provider_user_id,
        "approved_scopes": identity.approved_scopes,
        "email_address": identity.email,
        // The provider vouches for it: it is what Clerk links accounts by.
        "email_address_verified": true,
        "first_name": identity.first_name.as_deref().unwrap_or(""),
        "last_name": identity.last_name.as_deref().unwrap_or(""),
        "avatar_url": "",
        "image_url": "",
        "username": null,
        "phone_number": null,
        "public_metadata": {},
        "label": null,
        "verification": {
            "object": "verification_oauth",
            "status": "verified",
            "strategy": identity.provider,
            "external_verification_redirect_url": null,
            "error": null,
            "attempts": null,
            "expire_at": null,
        },
        "created_at": account.created_at,
        "updated_at": account.updated_at,
    })
}

/// The account `POST /v1/me/external_accounts` answers with: nothing known yet but where to
/// send the browser.
pub(crate) fn pending_account(id: &str, pending: &ExternalVerification) -> Value {
    json!({
        "object": "external_account",
        "id": id,
        "identification_id": id,
        "provider": pending.strategy,
        "provider_user_id": "",
        "approved_scopes": "",
        "email_address": "",
        "first_name": "",
        "last_name": "",
        "image_url": "",
        "username": null,
        "phone_number": null,
        "public_metadata": {},
        "label": null,
        "verification": verification(pending),
    })
}

/// A verification's error, in Clerk's words.
fn error(code: &str, verification: &ExternalVerification) -> Value {
    // The refusals a sign-in by password gets too: the same words and meta.
    let shared = match code {
        "user_banned" => Some(ApiError::user_banned()),
        "user_locked" => {
            let now = crate::clock::now_ms();
            let until = verification.locked_until.unwrap_or(now);
            Some(ApiError::user_locked(lockout_seconds_left(until, now)))
        }
        "sign_up_mode_restricted" => Some(ApiError::sign_up_restricted()),
        "sign_up_restricted_waitlist" => Some(ApiError::sign_up_restricted_waitlist()),
        _ => None,
    };
    if let Some(error) = shared {
        return error.error_object();
    }
    let provider = crate::oauth::provider(&verification.strategy).map_or("external", |p| p.name);
    let (message, long_message) = match code {
        "oauth_access_denied" => (
            format!("You did not grant access to your {provider} account"),
            format!("You did not grant access to your {provider} account."),
        ),
        "external_account_not_found" => (
            "The External Account was not found.".to_owned(),
            "Invalid external account".to_owned(),
        ),
        "external_account_exists" => (
            "External account already exists".to_owned(),
            "An account with this email address already exists: sign in instead.".to_owned(),
        ),
        _ => (
            "Verification failed".to_owned(),
            "Verification failed".to_owned(),
        ),
    };
    json!({ "code": code, "message": message, "long_message": long_message, "meta": {} })
}
