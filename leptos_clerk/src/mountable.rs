//! The Clerk components that clerk-js mounts into a `<div>`: what the components ask the browser
//! bindings to mount, named once for both.

/// The Clerk components that mount into a `<div>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mountable {
    /// `mountSignIn`
    SignIn,
    /// `mountSignUp`
    SignUp,
    /// `mountUserButton`
    UserButton,
    /// `mountUserProfile`
    UserProfile,
    /// `mountOrganizationSwitcher`
    OrganizationSwitcher,
    /// `mountOrganizationProfile`
    OrganizationProfile,
    /// `mountCreateOrganization`
    CreateOrganization,
    /// `mountOrganizationList`
    OrganizationList,
    /// `mountAPIKeys`
    ApiKeys,
    /// `mountUserAvatar`
    UserAvatar,
    /// `mountWaitlist`
    Waitlist,
    /// `mountTaskChooseOrganization`
    TaskChooseOrganization,
    /// `mountTaskResetPassword`
    TaskResetPassword,
    /// `mountTaskSetupMFA`
    TaskSetupMfa,
}

impl Mountable {
    /// The suffix of clerk-js's `mount…`/`unmount…` methods (the browser bindings' only).
    #[must_use]
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub(crate) fn js_name(self) -> &'static str {
        match self {
            Self::SignIn => "SignIn",
            Self::SignUp => "SignUp",
            Self::UserButton => "UserButton",
            Self::UserProfile => "UserProfile",
            Self::OrganizationSwitcher => "OrganizationSwitcher",
            Self::OrganizationProfile => "OrganizationProfile",
            Self::CreateOrganization => "CreateOrganization",
            Self::OrganizationList => "OrganizationList",
            Self::ApiKeys => "APIKeys",
            Self::UserAvatar => "UserAvatar",
            Self::Waitlist => "Waitlist",
            Self::TaskChooseOrganization => "TaskChooseOrganization",
            Self::TaskResetPassword => "TaskResetPassword",
            Self::TaskSetupMfa => "TaskSetupMFA",
        }
    }

    /// The host `<div>`'s `data-clerk-component`, e.g. `sign-in`.
    #[must_use]
    pub(crate) fn kebab_name(self) -> &'static str {
        match self {
            Self::SignIn => "sign-in",
            Self::SignUp => "sign-up",
            Self::UserButton => "user-button",
            Self::UserProfile => "user-profile",
            Self::OrganizationSwitcher => "organization-switcher",
            Self::OrganizationProfile => "organization-profile",
            Self::CreateOrganization => "create-organization",
            Self::OrganizationList => "organization-list",
            Self::ApiKeys => "api-keys",
            Self::UserAvatar => "user-avatar",
            Self::Waitlist => "waitlist",
            Self::TaskChooseOrganization => "task-choose-organization",
            Self::TaskResetPassword => "task-reset-password",
            Self::TaskSetupMfa => "task-setup-mfa",
        }
    }
}
