//! The second-factor resources: a TOTP (`/v1/me/totp`), a set of backup codes
//! (`/v1/me/backup_codes`), and the second factors a sign-in or a reverification offers.

use serde_json::{json, Value};

use crate::store::{Totp, UserMfa};

/// clerk-js's `TOTPJSON`. `secret` and `uri` only while enrolling (the app needs them once);
/// `backup_codes` only in the answer that verified it.
pub(crate) fn totp(totp: &Totp, uri: Option<String>, backup_codes: Option<Vec<String>>) -> Value {
    let secret = (!totp.verified).then_some(&totp.secret);
    json!({
        "object": "totp",
        "id": totp.id,
        "secret": secret,
        "uri": uri,
        "verified": totp.verified,
        "backup_codes": backup_codes,
        "created_at": totp.created_at,
        "updated_at": totp.updated_at,
    })
}

/// clerk-js's `BackupCodeJSON`: the new codes, in clear, this once.
pub(crate) fn backup_codes(mfa: &UserMfa, codes: Vec<String>, now: i64) -> Value {
    json!({
        "object": "backup_code",
        "id": mfa.backup_codes_id,
        "codes": codes,
        "created_at": mfa.backup_codes_created_at.unwrap_or(now),
        "updated_at": now,
    })
}

/// `supported_second_factors`: `[{"strategy": "totp"}, {"strategy": "backup_code"}]`, or null
/// for a user without a second factor.
pub(crate) fn supported_second_factors(mfa: &UserMfa) -> Value {
    let factors: Vec<Value> = mfa
        .available()
        .into_iter()
        .map(|f| json!({ "strategy": f.strategy() }))
        .collect();
    if factors.is_empty() {
        Value::Null
    } else {
        Value::Array(factors)
    }
}

/// A verified `second_factor_verification`.
pub(crate) fn verified(strategy: &str) -> Value {
    json!({ "status": "verified", "strategy": strategy, "attempts": 1, "expire_at": null })
}
