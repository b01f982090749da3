//! The user, as the Frontend API shows it to the browser and as the Backend API shows it to
//! servers. Only the latter has `private_metadata`: it never reaches the browser.

use serde_json::{json, Value};

use crate::config::OrganizationSettings;
use crate::store::{EmailAddress, State, User};

/// The `user` inside a session and `/v1/me` (clerk-js's `UserResource`).
pub(crate) fn frontend(user: &User, state: &State, orgs: &OrganizationSettings) -> Value {
    let mut value = common(user);
    let memberships: Vec<Value> = state
        .memberships_of(&user.id)
        .map(|m| super::org::membership(m, state, orgs))
        .collect();
    extend(
        &mut value,
        json!({
            "organization_memberships": memberships,
            "verification_attempts_remaining": 100,
            "create_organization_enabled": orgs.enabled,
            "create_organizations_limit": null,
        }),
    );
    value
}

/// `GET /v1/users/{id}`: the Backend API `User` (timestamps in milliseconds).
pub(crate) fn backend(user: &User) -> Value {
    let mut value = common(user);
    extend(
        &mut value,
        json!({
            "private_metadata": user.private_metadata,
            "saml_accounts": [],
            "mfa_enabled_at": user.mfa.enabled_at,
            "mfa_disabled_at": user.mfa.disabled_at,
            "password_last_updated_at": user.password_updated_at,
            "verification_attempts_remaining": 100,
            "create_organization_enabled": true,
            "create_organizations_limit": null,
            "bypass_client_trust": false,
            "locale": null,
            "profile_image_url": "",
        }),
    );
    value
}

/// Every address of the user, the primary one first.
pub(crate) fn email_addresses(user: &User) -> Vec<Value> {
    let primary = EmailAddress {
        id: user.email_address_id.clone(),
        email: user.email.clone(),
        verified: true,
        created_at: user.created_at,
    };
    std::iter::once(&primary)
        .chain(&user.extra_emails)
        .map(|email| {
            let mut value = email_address(email);
            // The provider accounts that vouch for this address, as Clerk links them.
            let linked: Vec<Value> = user
                .external_accounts
                .iter()
                .filter(|a| a.identity.email.eq_ignore_ascii_case(&email.email))
                .map(|a| json!({ "type": a.identity.provider, "id": a.id }))
                .collect();
            value["linked_to"] = json!(linked);
            value
        })
        .collect()
}

pub(crate) fn email_address(email: &EmailAddress) -> Value {
    let verification = if email.verified {
        json!({
            "object": "verification_otp",
            "status": "verified",
            "strategy": "email_code",
            "attempts": 1,
            "expire_at": null,
        })
    } else {
        json!({
            "object": "verification_otp",
            "status": "unverified",
            "strategy": "email_code",
            "attempts": 0,
            "expire_at": null,
        })
    };
    json!({
        "id": email.id,
        "object": "email_address",
        "email_address": email.email,
        "reserved": false,
        "verification": verification,
        "linked_to": [],
        "matches_sso_connection": false,
        "created_at": email.created_at,
        "updated_at": email.created_at,
    })
}

fn common(user: &User) -> Value {
    let lockout = user.lockout_expires_in_secs(crate::clock::now_ms());
    json!({
        "object": "user",
        "id": user.id,
        "external_id": user.external_id,
        "username": null,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "image_url": "",
        "has_image": false,
        "primary_email_address_id": user.email_address_id,
        "primary_phone_number_id": null,
        "primary_web3_wallet_id": null,
        "email_addresses": email_addresses(user),
        "phone_numbers": [],
        "web3_wallets": [],
        "passkeys": [],
        "external_accounts": user.external_accounts.iter().map(super::external::account).collect::<Vec<_>>(),
        "enterprise_accounts": [],
        "public_metadata": user.public_metadata,
        "unsafe_metadata": user.unsafe_metadata,
        // Users who signed up through a provider have none.
        "password_enabled": !user.password_hash.is_empty(),
        "two_factor_enabled": user.mfa.two_factor_enabled(),
        "totp_enabled": user.mfa.totp_enabled(),
        "backup_code_enabled": user.mfa.backup_code_enabled(),
        "banned": user.banned,
        "locked": lockout.is_some(),
        "lockout_expires_in_seconds": lockout,
        "delete_self_enabled": true,
        "legal_accepted_at": null,
        "last_sign_in_at": user.last_sign_in_at,
        "last_active_at": user.last_active_at,
        "created_at": user.created_at,
        "updated_at": user.updated_at,
    })
}

fn extend(value: &mut Value, more: Value) {
    if let (Value::Object(target), Value::Object(more)) = (value, more) {
        target.extend(more);
    }
}
