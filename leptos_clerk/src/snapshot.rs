//! The authentication state the server hands to the browser inside the page.
//!
//! It is the Leptos form of Clerk's `__clerk_ssr_state`: the server fills it from the request's
//! [`Auth`](crate::server::Auth) while rendering, hydration reads the very same value, and so the
//! first client render matches the server's HTML. After clerk-js loads, its listener replaces it.

use serde::{Deserialize, Serialize};

/// Signed-in or signed-out state of one page load, as the server saw it.
///
/// `user_id == None` means signed out. It never carries a secret or `private_metadata`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
}

/// The public part of a user's profile: what `use_user()` can show before clerk-js loads.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    /// `public_metadata` (never `private_metadata`).
    pub public_metadata: serde_json::Value,
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

/// The signed-in user's membership in the active organization.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MembershipSnapshot {
    /// `orgmem_…`
    pub id: String,
    /// The role, `org:`-prefixed.
    pub role: Option<String>,
    /// The permissions, `org:<feature>:<permission>`.
    pub permissions: Vec<String>,
}
