//! The reactive state every hook reads: one context, provided by [`ClerkProvider`](crate::ClerkProvider).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    AuthSnapshot, ClerkOptions, MembershipSnapshot, OrganizationSnapshot, SessionSnapshot,
    UserSnapshot,
};

/// Where clerk-js is in its life, as `Clerk.status` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClerkStatus {
    /// During SSR, hydration, and until `Clerk.load()` resolves. Auth state is the server's.
    Loading,
    /// clerk-js is loaded; the auth state follows it.
    Ready,
    /// clerk-js reports `degraded`: some Clerk service is down, or one of its requests failed
    /// (at load, or since: the status follows clerk-js 6's `status` events).
    Degraded,
    /// clerk-js could not be loaded; see [`ClerkContext::error`]. Auth state stays the server's.
    Failed,
}

impl ClerkStatus {
    /// `Ready` or `Degraded`: clerk-js can be called.
    #[must_use]
    pub fn is_loaded(self) -> bool {
        matches!(self, Self::Ready | Self::Degraded)
    }

    /// The lowercase name, as clerk-js spells it (`failed` is clerk-js's `error`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Loading => "loading",
            Self::Ready => "ready",
            Self::Degraded => "degraded",
            Self::Failed => "failed",
        }
    }
}

/// The resources of clerk-js's last emission beyond the auth state.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ClerkResources {
    /// clerk-js's user: also while the session is pending (which `auth` may count as signed
    /// out), as Clerk's `useUser()` has it.
    pub user: Option<UserSnapshot>,
    pub session: Option<SessionSnapshot>,
    pub organization: Option<OrganizationSnapshot>,
    pub membership: Option<MembershipSnapshot>,
}

/// The Clerk state of one app: auth snapshot, clerk-js status, and the load options.
#[derive(Clone, Copy, Debug)]
pub struct ClerkContext {
    pub(crate) auth: RwSignal<AuthSnapshot>,
    /// What only clerk-js knows (organization name, session times); `None` until it loads.
    pub(crate) resources: RwSignal<Option<ClerkResources>>,
    pub(crate) status: RwSignal<ClerkStatus>,
    pub(crate) error: RwSignal<Option<String>>,
    /// Set while a sign-out started here is under way, so `<RedirectToSignIn/>` does not race
    /// Clerk's own navigation to `after_sign_out_url`.
    #[cfg_attr(feature = "ssr", allow(dead_code))]
    pub(crate) signing_out: RwSignal<bool>,
    pub(crate) options: StoredValue<ClerkOptions>,
}

impl ClerkContext {
    pub(crate) fn new(auth: AuthSnapshot, options: ClerkOptions) -> Self {
        Self {
            auth: RwSignal::new(auth),
            resources: RwSignal::new(None),
            status: RwSignal::new(ClerkStatus::Loading),
            error: RwSignal::new(None),
            signing_out: RwSignal::new(false),
            options: StoredValue::new(options),
        }
    }

    /// The current auth state.
    #[must_use]
    pub fn auth(&self) -> Signal<AuthSnapshot> {
        self.auth.into()
    }

    /// The clerk-js status.
    #[must_use]
    pub fn status(&self) -> Signal<ClerkStatus> {
        self.status.into()
    }

    /// Why clerk-js failed to load, when it did.
    #[must_use]
    pub fn error(&self) -> Signal<Option<String>> {
        self.error.into()
    }

    /// The options clerk-js was (or will be) loaded with.
    #[must_use]
    pub fn options(&self) -> ClerkOptions {
        self.options.get_value()
    }

    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub(crate) fn fail(&self, message: String) {
        leptos::logging::error!("leptos_clerk: {message}");
        self.error.set(Some(message));
        self.status.set(ClerkStatus::Failed);
    }
}

/// The [`ClerkContext`] provided by [`ClerkProvider`](crate::ClerkProvider), or `None`.
#[must_use]
pub fn try_use_clerk_context() -> Option<ClerkContext> {
    use_context::<ClerkContext>()
}

/// The [`ClerkContext`].
///
/// # Panics
/// Outside a [`ClerkProvider`](crate::ClerkProvider): that is a wiring mistake, and the message
/// says how to fix it.
#[must_use]
#[track_caller]
pub fn use_clerk_context() -> ClerkContext {
    try_use_clerk_context().expect(
        "leptos_clerk: no <ClerkProvider> above this component: wrap your routes in \
         <ClerkProvider> (inside <Router>), see README, Setup",
    )
}
