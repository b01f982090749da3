//! `<Protect>`: render by authorization. Like every control component it reads the hooks'
//! state, so the server's HTML, the first client render and clerk-js's later updates all agree.
//! (Clerk's Core 3 `<Show when=…>` does the same job as `<SignedIn>`/`<SignedOut>` and
//! `<Protect>` together; it is not ported, as it would shadow Leptos's own `Show`.)

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
