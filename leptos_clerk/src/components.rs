//! Components: Clerk's prebuilt UI mounted from Leptos, and control components.

mod control;
mod host;
mod loading;
mod prebuilt;
mod protect;
mod redirect_callback;
mod redirect_to;
mod scripts;
mod sign_in_up_buttons;
mod sign_out;
mod user_button_menu;

pub use control::{SignedIn, SignedOut};

pub use loading::{ClerkDegraded, ClerkFailed, ClerkLoaded, ClerkLoading};
pub use prebuilt::{
    APIKeys, CreateOrganization, OrganizationList, OrganizationProfile, OrganizationSwitcher,
    SignIn, SignUp, TaskChooseOrganization, TaskResetPassword, TaskSetupMFA, UserAvatar,
    UserButton, UserProfile, Waitlist,
};
pub use protect::Protect;
pub use redirect_callback::AuthenticateWithRedirectCallback;
pub use redirect_to::{RedirectToSignIn, RedirectToSignUp};
pub use scripts::ClerkScripts;
pub use sign_in_up_buttons::{ButtonMode, SignInButton, SignUpButton};
pub use sign_out::SignOutButton;
pub use user_button_menu::UserButtonMenuItem;
