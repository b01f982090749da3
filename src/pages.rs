//! One file per page.

mod account;
mod api_keys;
mod continue_with_google;
mod custom_sign_in;
mod custom_sign_up;
mod dashboard;
mod error_page;
mod home;
mod nav;
mod not_found;
mod notes;
mod organization;
mod profile;
mod session;
mod sign_in;
mod sign_up;
mod sso_callback;
mod use_auth;

pub use account::Account;
pub use api_keys::ApiKeys;
pub use custom_sign_in::CustomSignInPage;
pub use custom_sign_up::CustomSignUpPage;
pub use dashboard::Dashboard;
pub use error_page::ErrorPage;
pub use home::Home;
pub use nav::Nav;
pub use not_found::NotFound;
pub use notes::Notes;
pub use organization::Organization;
pub use profile::Profile;
pub use session::Session;
pub use sign_in::SignInPage;
pub use sign_up::SignUpPage;
pub use sso_callback::SsoCallback;
pub use use_auth::UseAuthPage;
