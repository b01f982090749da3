//! `GET /v1/environment`: the instance's settings as clerk-js reads them at load. Served whole:
//! clerk-js 5's UI crashes without `user_settings.attributes`, and a partial section (such as
//! `commerce_settings: {}`) silently leaves clerk-js `degraded`.

use serde_json::{json, Value};

use crate::constants::{MAX_PASSWORD_LENGTH, SIGN_UP_PATH, WAITLIST_PATH};
use crate::instance::Instance;
use crate::reply::Reply;

pub(super) fn get(instance: &Instance) -> Reply {
    Reply::json(environment(instance))
}

/// Email address + password (or an emailed code), sign-up open to anyone, single-session mode;
/// the instance type, email verification and organizations as configured.
fn environment(instance: &Instance) -> Value {
    let (application_name, origin) = (&instance.application_name, &instance.origin);
    let orgs = &instance.organizations;
    json!({
        "object": "environment",
        "id": "env_local",
        "maintenance_mode": false,
        "client_debug_mode": false,
        "partitioned_cookies": false,
        "auth_config": {
            "object": "auth_config",
            "id": "aac_local",
            "single_session_mode": true,
            "claimed_at": null,
            "reverification": true,
            "session_minter": false,
        },
        "display_config": display_config(instance, application_name, origin),
        "user_settings": user_settings(instance),
        "organization_settings": {
            "enabled": orgs.enabled,
            "max_allowed_memberships": orgs.max_allowed_memberships,
            "force_organization_selection": orgs.requires_organization(),
            "actions": { "admin_delete": true },
            "domains": { "enabled": false, "enrollment_modes": [], "default_role": null },
            "slug": { "disabled": false },
            "organization_creation_defaults": { "enabled": false },
        },
        "commerce_settings": {
            "billing": {
                "stripe_publishable_key": null,
                "organization": { "enabled": false, "has_paid_plans": false },
                "user": { "enabled": false, "has_paid_plans": false },
            },
        },
        "api_keys_settings": {
            "user_api_keys_enabled": instance.api_keys.users,
            "orgs_api_keys_enabled": instance.api_keys.organizations && instance.organizations.enabled,
        },
    })
}

fn display_config(instance: &Instance, application_name: &str, origin: &str) -> Value {
    let home = format!("{origin}/");
    let instance_type = instance.instance_type;
    json!({
        "object": "display_config",
        "id": "display_config_local",
        "instance_environment_type": instance_type.as_str(),
        "application_name": application_name,
        "branded": false,
        // Clerk's default: components of a development instance say "Development mode".
        "show_devmode_warning": instance_type.is_development(),
        "preferred_sign_in_strategy": "password",
        "home_url": origin,
        "sign_in_url": format!("{origin}/sign-in"),
        "sign_up_url": format!("{origin}{SIGN_UP_PATH}"),
        "user_profile_url": format!("{origin}/user"),
        "after_sign_in_url": home,
        "after_sign_up_url": home,
        "after_sign_out_one_url": home,
        "after_sign_out_all_url": home,
        "after_switch_session_url": home,
        "after_create_organization_url": home,
        "after_leave_organization_url": home,
        "create_organization_url": home,
        "organization_profile_url": home,
        "waitlist_url": format!("{origin}{WAITLIST_PATH}"),
        "after_join_waitlist_url": home,
        "logo_image_url": "",
        "favicon_image_url": "",
        "support_email": null,
        "terms_url": "",
        "privacy_policy_url": "",
        "captcha_public_key": null,
        "captcha_public_key_invisible": null,
        "captcha_widget_type": null,
        "captcha_provider": "turnstile",
        "captcha_oauth_bypass": [],
        "captcha_heartbeat": false,
        "google_one_tap_client_id": null,
        "clerk_js_version": null,
        "theme": theme(),
    })
}

/// The look of the Account Portal pages; Clerk UI reads it for its defaults.
fn theme() -> Value {
    json!({
        "buttons": { "font_color": "#ffffff", "font_family": "sans-serif", "font_weight": "600" },
        "general": {
            "color": "#6c47ff",
            "padding": "1em",
            "box_shadow": "0 2px 8px rgba(0, 0, 0, 0.2)",
            "font_color": "#151515",
            "font_family": "sans-serif",
            "border_radius": "0.5em",
            "background_color": "#ffffff",
            "label_font_weight": "600",
        },
        "accounts": { "background_color": "#ffffff" },
    })
}

fn user_settings(instance: &Instance) -> Value {
    let verify_at_sign_up = instance.email_verification;
    let create_organization = instance.organizations.enabled;
    let name = json!({ "enabled": true, "required": instance.require_name });
    json!({
        "attributes": {
            "email_address": attribute(json!({
                "enabled": true,
                "required": true,
                "used_for_first_factor": true,
                "first_factors": ["email_code"],
                "verifications": ["email_code"],
                "verify_at_sign_up": verify_at_sign_up,
            })),
            "phone_number": attribute(json!({})),
            "username": attribute(json!({})),
            "web3_wallet": attribute(json!({})),
            "first_name": attribute(name.clone()),
            "last_name": attribute(name),
            "password": attribute(json!({ "enabled": true, "required": true })),
            "authenticator_app": second_factor(instance.mfa, "totp"),
            "backup_code": second_factor(instance.mfa, "backup_code"),
            "passkey": attribute(json!({})),
        },
        "social": social(instance),
        "enterprise_sso": { "enabled": false },
        "sign_in": { "second_factor": { "required": false } },
        "sign_up": {
            "captcha_enabled": false,
            "custom_action_required": false,
            "progressive": true,
            "mode": instance.sign_up_mode.as_str(),
            "legal_consent_enabled": false,
        },
        "password_settings": {
            "disable_hibp": true,
            "min_length": instance.passwords.min_length,
            "max_length": MAX_PASSWORD_LENGTH,
            "require_special_char": false,
            "require_numbers": false,
            "require_uppercase": false,
            "require_lowercase": false,
            "show_zxcvbn": false,
            "min_zxcvbn_strength": 0,
            "enforce_hibp_on_sign_in": false,
            "allowed_special_characters": "",
        },
        "passkey_settings": { "allow_autofill": false, "show_sign_in_button": false },
        "attack_protection": { "enumeration_protection": { "enabled": false } },
        "actions": { "delete_self": true, "create_organization": create_organization },
        "username_settings": { "min_length": 4, "max_length": 64 },
    })
}

/// `user_settings.social`: each enabled connection, keyed by its strategy, usable to sign in
/// and up. Its logo is the instance's (Clerk UI draws known providers' from its image host,
/// which the served bundles point at the instance too).
fn social(instance: &Instance) -> Value {
    let connections = instance
        .social
        .iter()
        .filter_map(|strategy| crate::oauth::provider(strategy))
        .map(|provider| {
            let settings = json!({
                "enabled": true,
                "required": false,
                "authenticatable": true,
                "block_email_subaddresses": false,
                "strategy": provider.strategy,
                "not_selectable": false,
                "deprecated": false,
                "name": provider.name,
                "logo_url": crate::oauth::logo_url(&instance.origin, provider),
            });
            (provider.strategy.to_owned(), settings)
        });
    Value::Object(connections.collect())
}

/// `authenticator_app` / `backup_code`: a second factor users may add, when `mfa` is on.
fn second_factor(enabled: bool, strategy: &str) -> Value {
    if !enabled {
        return attribute(json!({}));
    }
    let verifications = if strategy == "totp" {
        json!(["totp"])
    } else {
        json!([])
    };
    attribute(json!({
        "enabled": true,
        "used_for_second_factor": true,
        "second_factors": [strategy],
        "verifications": verifications,
    }))
}

/// One `user_settings.attributes` entry: everything off, then `overrides`.
fn attribute(overrides: Value) -> Value {
    let mut attribute = json!({
        "enabled": false,
        "required": false,
        "used_for_first_factor": false,
        "first_factors": [],
        "used_for_second_factor": false,
        "second_factors": [],
        "verifications": [],
        "verify_at_sign_up": false,
    });
    if let (Value::Object(base), Value::Object(overrides)) = (&mut attribute, overrides) {
        base.extend(overrides);
    }
    attribute
}
