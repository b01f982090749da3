//! `<Protect>` and `<Show>`: render by authorization, Clerk's Core 2 and Core 3 control
//! components. Like every control component they read the hooks' state, so the server's HTML,
//! the first client render and clerk-js's later updates all agree.

use leptos::prelude::*;

use crate::{use_auth, AuthSnapshot, Check};

/// Renders its children when the user is signed in and passes every check given (role,
/// permission, feature, plan, condition); otherwise `fallback`. With no check, signed in is
/// enough. (Clerk's `<Protect>`.)
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::Protect;
///
/// #[component]
/// fn Billing() -> impl IntoView {
///     view! {
///         <Protect permission="org:billing:manage" fallback=|| "Ask an admin for access.">
///             "Billing settings"
///         </Protect>
///     }
/// }
/// ```
#[component]
pub fn Protect(
    children: ChildrenFn,
    /// Organization role (`admin` or `org:admin`).
    #[prop(optional, into)]
    role: Option<String>,
    /// Organization permission (`org:teams:manage` or `teams:manage`).
    #[prop(optional, into)]
    permission: Option<String>,
    /// Feature (`dashboard`, `org:dashboard`, `user:beta`).
    #[prop(optional, into)]
    feature: Option<String>,
    /// Plan (`pro`, `org:pro`, `user:free`).
    #[prop(optional, into)]
    plan: Option<String>,
    /// Any other rule, on the current auth state (e.g. `|auth| auth.has(&Check::role("a"))
    /// || auth.has(&Check::role("b"))`).
    #[prop(optional, into)]
    condition: Option<Callback<AuthSnapshot, bool>>,
    /// Shown when the user is signed out or fails a check.
    #[prop(optional, into)]
    fallback: ViewFn,
) -> impl IntoView {
    let check = Check {
        role,
        permission,
        feature,
        plan,
        ..Check::default()
    };
    let asked = check != Check::default();
    let state = use_auth().state;
    let allowed = move || {
        state.with(|auth| {
            auth.is_signed_in()
                && (!asked || auth.has(&check))
                && condition.is_none_or(|c| c.run(auth.clone()))
        })
    };
    view! { <leptos::prelude::Show when=allowed fallback=move || fallback.run()>{children()}</leptos::prelude::Show> }
}

/// What [`Show`] renders its children for.
#[derive(Clone, Debug)]
pub enum When {
    /// A user is signed in.
    SignedIn,
    /// No user is signed in.
    SignedOut,
    /// The signed-in user passes this check.
    Has(Check),
    /// This condition holds on the auth state.
    Condition(Callback<AuthSnapshot, bool>),
}

impl From<Check> for When {
    fn from(check: Check) -> Self {
        Self::Has(check)
    }
}

impl When {
    fn holds(&self, auth: &AuthSnapshot) -> bool {
        match self {
            Self::SignedIn => auth.is_signed_in(),
            Self::SignedOut => !auth.is_signed_in(),
            Self::Has(check) => auth.has(check),
            Self::Condition(condition) => condition.run(auth.clone()),
        }
    }
}

/// Renders its children when `when` holds, else `fallback`: Clerk's Core 3 `<Show>`.
///
/// It shares its name with Leptos's `Show`: import it by name (`use leptos_clerk::Show;`),
/// which takes precedence over `leptos::prelude::*`, or write `leptos_clerk::Show`.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::{Check, When};
///
/// #[component]
/// fn TeamsLink() -> impl IntoView {
///     view! {
///         <leptos_clerk::Show when=When::from(Check::permission("teams:manage"))>
///             <a href="/teams">"Manage teams"</a>
///         </leptos_clerk::Show>
///     }
/// }
/// ```
#[component]
pub fn Show(
    children: ChildrenFn,
    /// When to render the children.
    #[prop(into)]
    when: When,
    /// Shown otherwise.
    #[prop(optional, into)]
    fallback: ViewFn,
) -> impl IntoView {
    let state = use_auth().state;
    let holds = move || state.with(|auth| when.holds(auth));
    view! { <leptos::prelude::Show when=holds fallback=move || fallback.run()>{children()}</leptos::prelude::Show> }
}
