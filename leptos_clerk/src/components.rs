//! Components: Clerk's prebuilt UI mounted from Leptos, and control components.

mod control;
mod redirect;
mod scripts;
mod sign_in;
mod sign_out;

pub use control::{SignedIn, SignedOut};
pub use redirect::RedirectToSignIn;
pub use scripts::ClerkScripts;
pub use sign_in::SignIn;
pub use sign_out::SignOutButton;
