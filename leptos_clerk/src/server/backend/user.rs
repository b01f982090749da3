//! The Backend API's `User`, read tolerantly: unknown fields are ignored, `null` means default,
//! and strategies and statuses are plain strings, so new values from Clerk never break parsing.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::UserSnapshot;

/// A user, as `GET /v1/users/{id}` returns it. Timestamps are Unix milliseconds.
///
/// `private_metadata` is read but never serialized, so a `User` sent anywhere (for example to
/// the browser) cannot leak it.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// `user_…`
    pub id: String,
    /// Your own id for the user.
    #[serde(default)]
    pub external_id: Option<String>,
    /// Id of the primary entry of `email_addresses`.
    #[serde(default)]
    pub primary_email_address_id: Option<String>,
    /// Id of the primary phone number.
    #[serde(default)]
    pub primary_phone_number_id: Option<String>,
    /// Username, where the instance uses them.
    #[serde(default)]
    pub username: Option<String>,
    /// Given name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Family name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Avatar URL.
    #[serde(default)]
    pub image_url: Option<String>,
    /// Whether the user uploaded an avatar.
    #[serde(default, deserialize_with = "null_default")]
    pub has_image: bool,
    /// Visible to the browser, writable only by the backend.
    #[serde(default, deserialize_with = "null_default")]
    pub public_metadata: Value,
    /// Backend-only. Never serialized.
    #[serde(default, skip_serializing)]
    pub private_metadata: Option<Value>,
    /// Writable by the browser.
    #[serde(default, deserialize_with = "null_default")]
    pub unsafe_metadata: Value,
    /// Every email address of the user.
    #[serde(default, deserialize_with = "null_default")]
    pub email_addresses: Vec<EmailAddress>,
    /// Every phone number of the user.
    #[serde(default, deserialize_with = "null_default")]
    pub phone_numbers: Vec<PhoneNumber>,
    /// The social accounts (Google, GitHub, …) the user signs in with.
    #[serde(default, deserialize_with = "null_default")]
    pub external_accounts: Vec<ExternalAccount>,
    /// Whether the user has a password.
    #[serde(default, deserialize_with = "null_default")]
    pub password_enabled: bool,
    /// Whether a second factor is on.
    #[serde(default, deserialize_with = "null_default")]
    pub two_factor_enabled: bool,
    /// Banned users cannot sign in.
    #[serde(default, deserialize_with = "null_default")]
    pub banned: bool,
    /// Locked after too many failed attempts.
    #[serde(default, deserialize_with = "null_default")]
    pub locked: bool,
    /// Unix ms.
    #[serde(default, deserialize_with = "null_default")]
    pub created_at: i64,
    /// Unix ms.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_at: i64,
    /// Unix ms.
    #[serde(default)]
    pub last_sign_in_at: Option<i64>,
    /// Unix ms.
    #[serde(default)]
    pub last_active_at: Option<i64>,
}

/// One of a user's email addresses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAddress {
    /// `idn_…`
    #[serde(default, deserialize_with = "null_default")]
    pub id: String,
    /// The address.
    #[serde(default, deserialize_with = "null_default")]
    pub email_address: String,
    /// How and whether it was verified.
    #[serde(default)]
    pub verification: Option<Verification>,
}

/// One of a user's phone numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNumber {
    /// `idn_…`
    #[serde(default, deserialize_with = "null_default")]
    pub id: String,
    /// The number, in E.164 (`+15555550100`).
    #[serde(default, deserialize_with = "null_default")]
    pub phone_number: String,
    /// Whether it is kept for second-factor codes only (it cannot sign in).
    #[serde(default, deserialize_with = "null_default")]
    pub reserved_for_second_factor: bool,
    /// Whether it is the user's default second factor.
    #[serde(default, deserialize_with = "null_default")]
    pub default_second_factor: bool,
    /// How and whether it was verified.
    #[serde(default)]
    pub verification: Option<Verification>,
}

/// A social account a user signs in with (an OAuth provider's identity).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalAccount {
    /// `idn_…` (the Backend API also sends it as `identification_id`).
    #[serde(default, deserialize_with = "null_default")]
    pub id: String,
    /// The strategy: `oauth_google`, `oauth_github`, `oauth_custom_…`.
    #[serde(default, deserialize_with = "null_default")]
    pub provider: String,
    /// The user's id at the provider.
    #[serde(default, deserialize_with = "null_default")]
    pub provider_user_id: String,
    /// The scopes the user granted, space-separated.
    #[serde(default, deserialize_with = "null_default")]
    pub approved_scopes: String,
    /// The address the provider gave.
    #[serde(default, deserialize_with = "null_default")]
    pub email_address: String,
    /// Given name at the provider.
    #[serde(default, deserialize_with = "null_default")]
    pub first_name: String,
    /// Family name at the provider.
    #[serde(default, deserialize_with = "null_default")]
    pub last_name: String,
    /// Avatar at the provider.
    #[serde(default, deserialize_with = "null_default")]
    pub image_url: String,
    /// Username at the provider, where it has them.
    #[serde(default)]
    pub username: Option<String>,
    /// How and whether the provider verified it.
    #[serde(default)]
    pub verification: Option<Verification>,
}

/// A verification; `status` (`verified`, `unverified`, …) and `strategy` (`email_code`,
/// `from_oauth_google`, …) are open sets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// e.g. `verified`.
    #[serde(default, deserialize_with = "null_default")]
    pub status: String,
    /// e.g. `email_code`.
    #[serde(default, deserialize_with = "null_default")]
    pub strategy: String,
}

impl Verification {
    /// Whether the status is `verified`.
    #[must_use]
    pub fn is_verified(&self) -> bool {
        self.status == "verified"
    }
}

impl User {
    /// The primary email address, if the user has one.
    #[must_use]
    pub fn primary_email_address(&self) -> Option<&str> {
        let primary = self.primary_email_address_id.as_deref()?;
        self.email_addresses
            .iter()
            .find(|e| e.id == primary)
            .map(|e| e.email_address.as_str())
    }

    /// The primary phone number, if the user has one.
    #[must_use]
    pub fn primary_phone_number(&self) -> Option<&str> {
        let primary = self.primary_phone_number_id.as_deref()?;
        self.phone_numbers
            .iter()
            .find(|p| p.id == primary)
            .map(|p| p.phone_number.as_str())
    }

    /// "First Last", either part alone, or `None`.
    #[must_use]
    pub fn full_name(&self) -> Option<String> {
        self.to_snapshot().full_name()
    }

    /// What the user may see of their profile, for the page snapshot: everything clerk-js shows
    /// them too (so no `private_metadata`).
    #[must_use]
    pub fn to_snapshot(&self) -> UserSnapshot {
        UserSnapshot {
            id: self.id.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            username: self.username.clone(),
            image_url: self.image_url.clone(),
            primary_email_address: self.primary_email_address().map(str::to_owned),
            email_addresses: self
                .email_addresses
                .iter()
                .map(|e| crate::EmailAddressSnapshot {
                    id: e.id.clone(),
                    email_address: e.email_address.clone(),
                    verified: is_verified(e.verification.as_ref()),
                })
                .collect(),
            primary_phone_number: self.primary_phone_number().map(str::to_owned),
            phone_numbers: self
                .phone_numbers
                .iter()
                .map(|p| crate::PhoneNumberSnapshot {
                    id: p.id.clone(),
                    phone_number: p.phone_number.clone(),
                    verified: is_verified(p.verification.as_ref()),
                })
                .collect(),
            external_accounts: self
                .external_accounts
                .iter()
                .map(ExternalAccount::to_snapshot)
                .collect(),
            public_metadata: object_or_empty(&self.public_metadata),
            unsafe_metadata: object_or_empty(&self.unsafe_metadata),
            has_image: self.has_image,
            password_enabled: self.password_enabled,
            two_factor_enabled: self.two_factor_enabled,
            created_at: Some(self.created_at).filter(|at| *at > 0),
            last_sign_in_at: self.last_sign_in_at,
        }
    }
}

impl ExternalAccount {
    /// As clerk-js shows it, so that the server's snapshot and clerk-js's agree: the provider
    /// without its `oauth_`, and empty texts as none.
    #[must_use]
    pub fn to_snapshot(&self) -> crate::ExternalAccountSnapshot {
        let non_empty = |text: &str| Some(text.to_owned()).filter(|t| !t.is_empty());
        crate::ExternalAccountSnapshot {
            id: self.id.clone(),
            provider: self
                .provider
                .strip_prefix("oauth_")
                .unwrap_or(&self.provider)
                .to_owned(),
            email_address: non_empty(&self.email_address),
            username: self.username.as_deref().and_then(non_empty),
            image_url: non_empty(&self.image_url),
            verified: is_verified(self.verification.as_ref()),
        }
    }
}

fn is_verified(verification: Option<&Verification>) -> bool {
    verification.is_some_and(Verification::is_verified)
}

/// `null` (or a missing field, with `#[serde(default)]`) becomes the type's default.
fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

// By hand, so that `private_metadata` never reaches a log line.
impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let private = self.private_metadata.is_some();
        crate::server::redact::debug_json(f, "User", self, &[("private_metadata", private)])
    }
}

/// Metadata as clerk-js has it: `{}` when Clerk sent none.
fn object_or_empty(metadata: &Value) -> Value {
    match metadata {
        Value::Null => Value::Object(serde_json::Map::new()),
        other => other.clone(),
    }
}
