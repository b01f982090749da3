//! `has()`: role, permission, feature, plan and reverification checks, exactly as
//! `createCheckAuthorization` in `@clerk/shared` `authorization.ts`. Shared by the server's
//! `Auth::has` and the browser's `use_auth().has`, so both sides always agree.

/// What the server's `Auth::has` and the browser's `use_auth().has` check. Every dimension
/// given must pass; an empty check is `false`.
///
/// Roles and permissions are compared with the `org:` prefix added when missing, so
/// `Check::role("admin")` and `Check::role("org:admin")` are the same check.
///
/// # Usage
/// ```
/// use leptos_clerk::server::Auth;
/// use leptos_clerk::Check;
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
    /// Factors verified recently enough (from the token's `fva` claim).
    pub reverification: Option<Reverification>,
}

/// How recently the user must have verified (`has({ reverification })`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reverification {
    /// Both factors (when the user has two) within 10 minutes.
    StrictMfa,
    /// The second factor (or the first, without one) within 10 minutes.
    Strict,
    /// The second factor (or the first) within an hour.
    Moderate,
    /// The second factor (or the first) within a day.
    Lax,
    /// A level within `after_minutes` (must be above 0).
    Custom {
        /// Which factors.
        level: ReverificationLevel,
        /// Minutes.
        after_minutes: u32,
    },
}

/// Which factors a [`Reverification`] looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReverificationLevel {
    /// The first factor.
    FirstFactor,
    /// The second factor, or the first when the user has no second.
    SecondFactor,
    /// Both factors, or the first when the user has no second.
    MultiFactor,
}

impl Reverification {
    pub(crate) fn level_and_minutes(self) -> (ReverificationLevel, u32) {
        match self {
            Self::StrictMfa => (ReverificationLevel::MultiFactor, 10),
            Self::Strict => (ReverificationLevel::SecondFactor, 10),
            Self::Moderate => (ReverificationLevel::SecondFactor, 60),
            Self::Lax => (ReverificationLevel::SecondFactor, 1440),
            Self::Custom {
                level,
                after_minutes,
            } => (level, after_minutes),
        }
    }
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

    /// Requires a recent enough verification.
    #[must_use]
    pub fn reverification(reverification: Reverification) -> Self {
        Self::default().and_reverification(reverification)
    }

    /// Also require a recent enough verification.
    #[must_use]
    pub fn and_reverification(mut self, reverification: Reverification) -> Self {
        self.reverification = Some(reverification);
        self
    }

    /// Also require this plan.
    #[must_use]
    pub fn and_plan(mut self, plan: impl Into<String>) -> Self {
        self.plan = Some(plan.into());
        self
    }
}

/// Evaluates a check against a signed-in request (`createCheckAuthorization`): each dimension
/// passes, fails or is skipped; at least one must pass and none fail.
/// What `has()` looks at: the signed-in user's organization membership and token claims.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Subject<'a> {
    /// `None` when signed out: every check fails.
    pub user_id: Option<&'a str>,
    pub org_id: Option<&'a str>,
    pub org_role: Option<&'a str>,
    pub org_permissions: Option<&'a [String]>,
    /// The `fea` claim.
    pub features: Option<&'a str>,
    /// The `pla` claim.
    pub plans: Option<&'a str>,
    /// The `fva` claim.
    pub factor_verification_age: Option<[i64; 2]>,
}

/// Whether `subject` passes `check`: every dimension asked passes and at least one was asked.
pub(crate) fn has(subject: &Subject<'_>, check: &Check) -> bool {
    if subject.user_id.is_none() {
        return false;
    }
    let results = [
        org(subject, check),
        billing(subject.features, subject.plans, check),
        reverification(subject.factor_verification_age, check.reverification),
    ];
    results.contains(&Outcome::Pass) && !results.contains(&Outcome::Fail)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Pass,
    Fail,
    Skip,
}

impl From<bool> for Outcome {
    fn from(pass: bool) -> Self {
        if pass {
            Self::Pass
        } else {
            Self::Fail
        }
    }
}

fn org(auth: &Subject<'_>, check: &Check) -> Outcome {
    if check.role.is_none() && check.permission.is_none() {
        return Outcome::Skip;
    }
    if auth.org_id.is_none_or(str::is_empty) {
        return Outcome::Fail;
    }
    if let Some(role) = &check.role {
        let Some(org_role) = auth.org_role.filter(|r| !r.is_empty()) else {
            return Outcome::Fail;
        };
        if with_org_prefix(org_role) != with_org_prefix(role) {
            return Outcome::Fail;
        }
    }
    if let Some(permission) = &check.permission {
        let wanted = with_org_prefix(permission);
        if !auth
            .org_permissions
            .is_some_and(|all| all.contains(&wanted))
        {
            return Outcome::Fail;
        }
    }
    Outcome::Pass
}

fn billing(features: Option<&str>, plans: Option<&str>, check: &Check) -> Outcome {
    if check.feature.is_none() && check.plan.is_none() {
        return Outcome::Skip;
    }
    let ok = |claim: Option<&str>, wanted: &Option<String>| match wanted {
        None => true,
        Some(wanted) => claim
            .filter(|c| !c.is_empty())
            .and_then(|c| has_scoped(c, wanted))
            .unwrap_or(false),
    };
    (ok(features, &check.feature) && ok(plans, &check.plan)).into()
}

fn reverification(fva: Option<[i64; 2]>, wanted: Option<Reverification>) -> Outcome {
    let Some(wanted) = wanted else {
        return Outcome::Skip;
    };
    let Some([first, second]) = fva else {
        return Outcome::Fail;
    };
    let valid = |age: i64| age == -1 || age >= 0;
    if !valid(first) || !valid(second) || (first == -1 && second == -1) {
        return Outcome::Fail;
    }
    let (level, after) = wanted.level_and_minutes();
    if after == 0 {
        return Outcome::Fail;
    }
    let after = i64::from(after);
    let first_fresh = first != -1 && after > first;
    let second_fresh = second != -1 && after > second;
    match level {
        ReverificationLevel::FirstFactor => first_fresh,
        ReverificationLevel::SecondFactor if second == -1 => first_fresh,
        ReverificationLevel::SecondFactor if first == -1 => second_fresh,
        ReverificationLevel::SecondFactor => second_fresh,
        ReverificationLevel::MultiFactor if second == -1 => first_fresh,
        ReverificationLevel::MultiFactor if first == -1 => false,
        ReverificationLevel::MultiFactor => first_fresh && second_fresh,
    }
    .into()
}

/// `value.replace(/^(org:)*/, "org:")`.
fn with_org_prefix(value: &str) -> String {
    let mut rest = value;
    while let Some(stripped) = rest.strip_prefix("org:") {
        rest = stripped;
    }
    format!("org:{rest}")
}

/// `checkForFeatureOrPlan`: an unscoped name matches org ∪ user entries; `org:`/`o:`/
/// `organization:` and `user:`/`u:` restrict the scope. `None` where Clerk throws (an unknown
/// scope, or a claim entry without a colon), which fails the check.
fn has_scoped(claim: &str, wanted: &str) -> Option<bool> {
    let mut org = Vec::new();
    let mut user = Vec::new();
    for part in claim.split(',') {
        let (scope, value) = part.trim().split_once(':')?;
        match scope {
            "o" => org.push(value),
            "u" => user.push(value),
            "ou" | "uo" => {
                org.push(value);
                user.push(value);
            }
            _ => {}
        }
    }
    let mut pieces = wanted.split(':');
    let raw_scope = pieces.next().unwrap_or_default();
    let raw_id = pieces.next();
    let id = raw_id.filter(|i| !i.is_empty()).unwrap_or(raw_scope);
    match raw_id.map(|_| raw_scope) {
        None => Some(org.contains(&id) || user.contains(&id)),
        Some("o" | "org" | "organization") => Some(org.contains(&id)),
        Some("u" | "user") => Some(user.contains(&id)),
        Some(_) => None,
    }
}
