//! `<Protect>`: render by authorization. Like every control component it reads the hooks'
//! state, so the server's HTML, the first client render and clerk-js's later updates all agree.
//! (Clerk's Core 3 `<Show when=…>` does the same job as `<SignedIn>`/`<SignedOut>` and
//! `<Protect>` together; it is not ported, as it would shadow Leptos's own `Show`.)

use leptos::prelude::*;

use crate::{use_auth, AuthSnapshot, Check, Reverification};

/// Renders its children when the user is signed in and passes every check given (role,
/// permission, feature, plan, reverification, condition); otherwise `fallback`. With no check,
/// signed in is enough. (Clerk's `<Protect>`.)
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
    /// A recent enough verification (the session token's `fva`): to show, say, that a sensitive
    /// action will not ask for one. The server still decides
    /// ([`crate::server::SignedInAuth::require_reverification`]).
    #[prop(optional)]
    reverification: Option<Reverification>,
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
        reverification,
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

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use leptos::prelude::*;
    use serde_json::json;

    use super::Protect;
    use crate::{AuthSnapshot, ClerkContext, ClerkOptions, Reverification};

    /// What `<Protect reverification=Strict>` renders for a session whose token says `fva`.
    fn strict_protect(fva: serde_json::Value) -> String {
        let owner = Owner::new();
        owner.with(|| {
            let auth = AuthSnapshot {
                user_id: Some("user_1".into()),
                session_id: Some("sess_1".into()),
                session_claims: Some(json!({"sub": "user_1", "sid": "sess_1", "fva": fva})),
                ..AuthSnapshot::default()
            };
            provide_context(ClerkContext::new(auth, ClerkOptions::default()));
            view! {
                <Protect reverification=Reverification::Strict fallback=|| "verify first">
                    "verified lately"
                </Protect>
            }
            .to_html()
        })
    }

    #[test]
    fn reverification_is_checked_against_the_tokens_factor_ages() {
        assert!(strict_protect(json!([3, -1])).contains("verified lately"));
        assert!(strict_protect(json!([12, -1])).contains("verify first"));
        // A second factor two minutes ago counts for strict even after an old first factor.
        assert!(strict_protect(json!([40, 2])).contains("verified lately"));
        assert!(strict_protect(json!(null)).contains("verify first"));
    }
}
