//! One file per page.

mod dashboard;
mod home;
mod nav;
mod not_found;
mod profile;
mod sign_in;

pub use dashboard::Dashboard;
pub use home::Home;
pub use nav::Nav;
pub use not_found::NotFound;
pub use profile::Profile;
pub use sign_in::SignInPage;
