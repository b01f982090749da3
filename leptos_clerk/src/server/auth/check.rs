//! `has()`: role, permission, feature and plan checks (`@clerk/shared` `authorization.ts`).

use super::super::claims::scoped_entries;
use super::Auth;

/// What [`Auth::has`] checks. Every dimension given must pass; an empty check is `false`.
///
/// Roles and permissions are compared with the `org:` prefix added when missing, so
/// `Check::role("admin")` and `Check::role("org:admin")` are the same check.
///
/// # Usage
/// ```
/// use leptos_clerk::server::{Auth, Check};
///
/// fn can_manage_teams(auth: &Auth) -> bool {
///     auth.has(&Check::role("admin").and_permission("teams:manage"))
/// }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Check {
    /// Organization role (`admin` or `org:admin`).
    pub role: Option<String>,
    /// Organization permission (`org:teams:read` or `teams:read`).
    pub permission: Option<String>,
    /// Feature, optionally scoped: `dashboard`, `org:dashboard`, `user:beta`.
    pub feature: Option<String>,
    /// Plan, optionally scoped: `pro`, `org:pro`, `user:free`.
    pub plan: Option<String>,
}

impl Check {
    /// Has this organization role.
    #[must_use]
    pub fn role(role: impl Into<String>) -> Self {
        Self::default().and_role(role)
    }

    /// Has this organization permission.
    #[must_use]
    pub fn permission(permission: impl Into<String>) -> Self {
        Self::default().and_permission(permission)
    }

    /// Has this feature.
    #[must_use]
    pub fn feature(feature: impl Into<String>) -> Self {
        Self::default().and_feature(feature)
    }

    /// Is on this plan.
    #[must_use]
    pub fn plan(plan: impl Into<String>) -> Self {
        Self::default().and_plan(plan)
    }

    /// Also require this role.
    #[must_use]
    pub fn and_role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// Also require this permission.
    #[must_use]
    pub fn and_permission(mut self, permission: impl Into<String>) -> Self {
        self.permission = Some(permission.into());
        self
    }

    /// Also require this feature.
    #[must_use]
    pub fn and_feature(mut self, feature: impl Into<String>) -> Self {
        self.feature = Some(feature.into());
        self
    }

    /// Also require this plan.
    #[must_use]
    pub fn and_plan(mut self, plan: impl Into<String>) -> Self {
        self.plan = Some(plan.into());
        self
    }
}

/// Evaluates a check against a signed-in request.
pub(super) fn has(auth: &Auth, check: &Check) -> bool {
    if auth.user_id.is_none() || !auth.is_authenticated {
        return false;
    }
    let claims = auth.session_claims.as_deref();
    let results = [
        check.role.as_deref().map(|role| {
            auth.org_id.is_some()
                && auth.org_permissions.is_some()
                && auth.org_role.as_deref().map(with_org_prefix) == Some(with_org_prefix(role))
        }),
        check.permission.as_deref().map(|permission| {
            auth.org_id.is_some()
                && auth.org_role.is_some()
                && auth
                    .org_permissions
                    .as_ref()
                    .is_some_and(|all| all.contains(&with_org_prefix(permission)))
        }),
        check
            .feature
            .as_deref()
            .map(|f| has_scoped(claims.and_then(|c| c.fea.as_deref()), f)),
        check
            .plan
            .as_deref()
            .map(|p| has_scoped(claims.and_then(|c| c.pla.as_deref()), p)),
    ];
    let mut asked = false;
    for result in results.into_iter().flatten() {
        if !result {
            return false;
        }
        asked = true;
    }
    asked
}

fn with_org_prefix(value: &str) -> String {
    if value.starts_with("org:") {
        value.to_owned()
    } else {
        format!("org:{value}")
    }
}

/// `checkForFeatureOrPlan`: an unscoped name matches either scope; `org:`/`o:`/`organization:`
/// and `user:`/`u:` restrict it; any other prefix never matches.
fn has_scoped(claim: Option<&str>, wanted: &str) -> bool {
    let (want_org, want_user, name) = match wanted.split_once(':') {
        None => (true, true, wanted),
        Some(("org" | "o" | "organization", name)) => (true, false, name),
        Some(("user" | "u", name)) => (false, true, name),
        Some(_) => return false,
    };
    scoped_entries(claim).any(|e| e.name == name && ((want_org && e.org) || (want_user && e.user)))
}
