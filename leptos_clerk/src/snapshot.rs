//! The authentication state the server hands to the browser inside the page.
//!
//! It is the Leptos form of Clerk's `__clerk_ssr_state`: the server fills it from the request's
//! [`Auth`](crate::server::Auth) while rendering, hydration reads the very same value, and so the
//! first client render matches the server's HTML. After clerk-js loads, its listener replaces it.
//!
//! Every snapshot is `#[non_exhaustive]`: Clerk adds fields to its resources, and so will these
//! types, without breaking an app. Outside this crate one is read, or made from `Default` and
//! then filled in field by field (`let mut user = UserSnapshot::default();`).

use serde::{Deserialize, Serialize};

/// Signed-in or signed-out state of one page load, as the server saw it.
///
/// `user_id == None` means signed out. It never carries a secret or `private_metadata`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AuthSnapshot {
    /// The signed-in user's id (`user_…`), or `None` when signed out.
    pub user_id: Option<String>,
    /// The session id (`sess_…`).
    pub session_id: Option<String>,
    /// `active` or `pending` (the token's `sts` claim), when known.
    pub session_status: Option<String>,
    /// The active organization's id, when one is active.
    pub org_id: Option<String>,
    /// The active organization role, `org:`-prefixed (e.g. `org:admin`).
    pub org_role: Option<String>,
    /// The active organization's slug.
    pub org_slug: Option<String>,
    /// The active organization permissions, `org:<feature>:<permission>`.
    pub org_permissions: Option<Vec<String>>,
    /// The verified session token's claims.
    pub session_claims: Option<serde_json::Value>,
    /// The impersonator (`act` claim), if any.
    pub actor: Option<serde_json::Value>,
    /// The user's public profile, when the server loaded it (`load_user` in `Leptos.toml`).
    pub user: Option<UserSnapshot>,
}

impl AuthSnapshot {
    /// A signed-out snapshot.
    #[must_use]
    pub fn signed_out() -> Self {
        Self::default()
    }

    /// Whether this snapshot describes a signed-in user.
    #[must_use]
    pub fn is_signed_in(&self) -> bool {
        self.user_id.is_some()
    }

    /// Whether the session has a task left to finish (status `pending`), such as choosing an
    /// organization.
    #[must_use]
    pub fn is_pending(&self) -> bool {
        self.session_status.as_deref() == Some(crate::constants::SESSION_STATUS_PENDING)
    }

    /// This state as the server shows it: with `treat_pending_as_signed_out` (the default), a
    /// pending session is signed out, keeping its status.
    #[cfg_attr(not(any(test, feature = "hydrate")), allow(dead_code))]
    pub(crate) fn pending_as_signed_out(self, treat_pending_as_signed_out: bool) -> Self {
        if treat_pending_as_signed_out && self.is_pending() {
            return Self {
                session_status: self.session_status,
                ..Self::signed_out()
            };
        }
        self
    }
}

/// The public part of a user's profile: what `use_user()` can show before clerk-js loads.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserSnapshot {
    /// `user_…`
    pub id: String,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Username, where the instance uses them.
    pub username: Option<String>,
    /// Avatar URL.
    pub image_url: Option<String>,
    /// The primary email address.
    pub primary_email_address: Option<String>,
    /// Every email address of the user, primary included.
    #[serde(default)]
    pub email_addresses: Vec<EmailAddressSnapshot>,
    /// The primary phone number, where the instance uses phone numbers.
    #[serde(default)]
    pub primary_phone_number: Option<String>,
    /// Every phone number of the user, primary included.
    #[serde(default)]
    pub phone_numbers: Vec<PhoneNumberSnapshot>,
    /// The social accounts the user signs in with (Google, GitHub, …), in Clerk's order.
    #[serde(default)]
    pub external_accounts: Vec<ExternalAccountSnapshot>,
    /// `public_metadata` (never `private_metadata`).
    pub public_metadata: serde_json::Value,
    /// `unsafe_metadata`: what the user may write themselves, from the browser
    /// ([`UseUser::update_metadata`](crate::UseUser::update_metadata)). Trust it no more than a
    /// form field.
    #[serde(default)]
    pub unsafe_metadata: serde_json::Value,
    /// Whether the user uploaded an image (otherwise `image_url` is Clerk's generated one).
    #[serde(default)]
    pub has_image: bool,
    /// Whether the user has a password.
    #[serde(default)]
    pub password_enabled: bool,
    /// Whether the user turned on a second factor (an authenticator app, backup codes).
    #[serde(default)]
    pub two_factor_enabled: bool,
    /// When the user was made, in Unix milliseconds ("member since"). Clerk always sends it
    /// (clerk-js would make a missing one "now").
    #[serde(default)]
    pub created_at: Option<i64>,
    /// When the user last signed in, in Unix milliseconds (this session's sign-in, or a later
    /// one elsewhere).
    #[serde(default)]
    pub last_sign_in_at: Option<i64>,
}

/// One of the user's email addresses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EmailAddressSnapshot {
    /// `idn_…`
    pub id: String,
    /// The address.
    pub email_address: String,
    /// Whether its verification succeeded.
    pub verified: bool,
}

/// One of the user's phone numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PhoneNumberSnapshot {
    /// `idn_…`
    pub id: String,
    /// The number, in E.164 (`+15555550100`).
    pub phone_number: String,
    /// Whether its verification succeeded.
    pub verified: bool,
}

/// A social account the user signs in with (clerk-js's `ExternalAccountResource`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ExternalAccountSnapshot {
    /// `idn_…` (`eac_…` in some of Clerk's answers).
    pub id: String,
    /// The provider as clerk-js names it: `google`, `github`, … (the Backend API's
    /// `oauth_google` without its `oauth_`).
    pub provider: String,
    /// The address the provider gave.
    pub email_address: Option<String>,
    /// The user's name at the provider, where it has usernames.
    pub username: Option<String>,
    /// The avatar at the provider.
    pub image_url: Option<String>,
    /// Whether the provider's verification succeeded (a revoked or failed link is not).
    pub verified: bool,
}

impl UserSnapshot {
    /// "First Last", either part when the other is missing, or `None`.
    #[must_use]
    pub fn full_name(&self) -> Option<String> {
        match (&self.first_name, &self.last_name) {
            (Some(f), Some(l)) => Some(format!("{f} {l}")),
            (Some(n), None) | (None, Some(n)) => Some(n.clone()),
            (None, None) => None,
        }
    }
}

/// The active session, as clerk-js (or, before it loads, the server's token) describes it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SessionSnapshot {
    /// `sess_…`
    pub id: String,
    /// `active`, `pending`, … (`SessionResource.status`).
    pub status: Option<String>,
    /// When the session was last active, in Unix milliseconds (after clerk-js loads).
    pub last_active_at: Option<f64>,
    /// When the session expires, in Unix milliseconds (after clerk-js loads).
    pub expire_at: Option<f64>,
}

/// The active organization.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganizationSnapshot {
    /// `org_…`
    pub id: String,
    /// Display name (after clerk-js loads; the server's token does not carry it).
    pub name: Option<String>,
    /// URL slug.
    pub slug: Option<String>,
    /// Logo URL.
    pub image_url: Option<String>,
    /// Member count, where clerk-js reports it.
    pub members_count: Option<u32>,
}

/// A role a member of the active organization can be given: an entry of
/// [`UseOrganization::roles`](crate::UseOrganization::roles) (Clerk's
/// `organization.getRoles()`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganizationRoleSnapshot {
    /// `org:`-prefixed: what [`OrganizationMemberSnapshot::role`] holds.
    pub key: String,
    /// For people ("Admin").
    pub name: String,
    /// What the role is for, when the Dashboard says.
    pub description: Option<String>,
}

/// The signed-in user's membership in the active organization.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MembershipSnapshot {
    /// `orgmem_…`
    pub id: String,
    /// The role, `org:`-prefixed.
    pub role: Option<String>,
    /// The permissions, `org:<feature>:<permission>`.
    pub permissions: Vec<String>,
}

/// A member of the active organization: an entry of
/// [`use_organization_memberships`](crate::use_organization_memberships)'s page (Clerk's
/// `useOrganization({ memberships }).memberships.data`, its `publicUserData` flattened).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganizationMemberSnapshot {
    /// The membership, `orgmem_…`.
    pub id: String,
    /// The member's role, `org:`-prefixed.
    pub role: Option<String>,
    /// The role's name, for people ("Admin").
    pub role_name: Option<String>,
    /// The member, `user_…`.
    pub user_id: Option<String>,
    /// How the member signs in (their email address, phone number or username).
    pub identifier: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Avatar URL.
    pub image_url: Option<String>,
    /// When they joined, in Unix milliseconds.
    pub created_at: Option<i64>,
}

/// An invitation to the active organization: an entry of
/// [`use_organization_invitations`](crate::use_organization_invitations)'s page (Clerk's
/// `useOrganization({ invitations }).invitations.data`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganizationInvitationSnapshot {
    /// The invitation, `orginv_…`.
    pub id: String,
    /// Whom it was sent to.
    pub email_address: String,
    /// The role they will have, `org:`-prefixed.
    pub role: Option<String>,
    /// The role's name, for people ("Member"), where clerk-js reports it.
    pub role_name: Option<String>,
    /// `pending`, `accepted`, `revoked` or `expired`.
    pub status: String,
    /// When it was sent, in Unix milliseconds.
    pub created_at: Option<i64>,
}

/// An invitation to the signed-in user, to join an organization: an entry of
/// [`use_user_invitations`](crate::use_user_invitations)'s page (Clerk's
/// `useOrganizationList({ userInvitations }).userInvitations.data`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserOrganizationInvitationSnapshot {
    /// The invitation, `orginv_…`.
    pub id: String,
    /// The user's address it was sent to.
    pub email_address: String,
    /// The organization, as Clerk shows it to people not yet in it: id, name, slug, logo.
    pub organization: OrganizationSnapshot,
    /// The role the user will have, `org:`-prefixed.
    pub role: Option<String>,
    /// `pending`, `accepted`, `revoked` or `expired`.
    pub status: String,
    /// When it was sent, in Unix milliseconds.
    pub created_at: Option<i64>,
}

/// One of the signed-in user's organizations and their membership in it: an entry of
/// [`use_organization_list`](crate::use_organization_list)'s list (Clerk's
/// `useOrganizationList().userMemberships`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserMembershipSnapshot {
    /// The organization.
    pub organization: OrganizationSnapshot,
    /// The user's role and permissions in it.
    pub membership: MembershipSnapshot,
}

impl AuthSnapshot {
    /// Whether the signed-in user passes `check` (role, permission, feature, plan,
    /// reverification), with the same rules as the server's `Auth::has`.
    #[must_use]
    pub fn has(&self, check: &crate::Check) -> bool {
        let claim = |name: &str| {
            self.session_claims
                .as_ref()
                .and_then(|c| c.get(name))
                .and_then(serde_json::Value::as_str)
        };
        let factor_verification_age = self
            .session_claims
            .as_ref()
            .and_then(|c| c.get("fva"))
            .and_then(factor_verification_age);
        let subject = crate::authorization::Subject {
            user_id: self.user_id.as_deref(),
            org_id: self.org_id.as_deref(),
            org_role: self.org_role.as_deref(),
            org_permissions: self.org_permissions.as_deref(),
            features: claim("fea"),
            plans: claim("pla"),
            factor_verification_age,
        };
        crate::authorization::has(&subject, check)
    }
}

/// The `fva` claim, `[first factor age, second factor age]` in minutes (`-1`: never). Read by
/// hand rather than with `serde_json::from_value`, which would bring serde's error formatting
/// into the wasm for one pair of numbers.
fn factor_verification_age(claim: &serde_json::Value) -> Option<[i64; 2]> {
    match claim.as_array()?.as_slice() {
        [first, second] => Some([first.as_i64()?, second.as_i64()?]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Check, Reverification};

    #[test]
    fn a_pending_session_is_signed_out_unless_the_setting_says_otherwise() {
        let pending = AuthSnapshot {
            user_id: Some("user_1".into()),
            session_id: Some("sess_1".into()),
            session_status: Some("pending".into()),
            org_role: Some("org:admin".into()),
            ..AuthSnapshot::default()
        };
        let shown = pending.clone().pending_as_signed_out(true);
        assert!(!shown.is_signed_in());
        assert!(!shown.has(&Check::role("admin")));
        assert_eq!(shown.session_status.as_deref(), Some("pending"));
        assert_eq!(pending.clone().pending_as_signed_out(false), pending);
        let active = AuthSnapshot {
            session_status: Some("active".into()),
            ..pending
        };
        assert_eq!(active.clone().pending_as_signed_out(true), active);
    }

    /// The spec's verified vector (§4.4): the browser's `has()` must agree with the server's.
    fn admin_of_acme() -> AuthSnapshot {
        AuthSnapshot {
            user_id: Some("user_1".into()),
            session_id: Some("sess_1".into()),
            org_id: Some("org_1".into()),
            org_role: Some("org:admin".into()),
            org_slug: Some("acme".into()),
            org_permissions: Some(vec![
                "org:dashboard:manage".into(),
                "org:dashboard:read".into(),
                "org:teams:read".into(),
            ]),
            session_claims: Some(serde_json::json!({
                "sub": "user_1", "fea": "o:dashboard,o:teams,u:beta", "pla": "o:pro", "fva": [0, -1]
            })),
            ..AuthSnapshot::default()
        }
    }

    #[test]
    fn has_agrees_with_clerk() {
        let auth = admin_of_acme();
        assert!(auth.has(&Check::role("org:admin")));
        assert!(auth.has(&Check::role("admin")));
        assert!(auth.has(&Check::permission("org:teams:read")));
        assert!(!auth.has(&Check::permission("org:teams:manage")));
        assert!(!auth.has(&Check::role("org:admin").and_permission("org:teams:manage")));
        assert!(auth.has(&Check::feature("dashboard")));
        assert!(auth.has(&Check::feature("user:beta")));
        assert!(auth.has(&Check::plan("pro")));
        assert!(!auth.has(&Check::plan("user:pro")));
        assert!(auth.has(&Check::reverification(Reverification::Strict)));
        assert!(!auth.has(&Check::default()));
    }

    #[test]
    fn signed_out_has_nothing() {
        let auth = AuthSnapshot::signed_out();
        assert!(!auth.has(&Check::role("admin")));
        assert!(!auth.has(&Check::feature("dashboard")));
    }
}
