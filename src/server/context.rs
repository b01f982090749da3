//! What server functions need from the server: the database, and the signed-in viewer (or a
//! redirect to sign-in).

use leptos::prelude::{use_context, ServerFnError};
use leptos_clerk::server::get_auth;

use super::db::Db;
use super::notes::Viewer;
use super::state::AppState;

/// The pool, from the `AppState` the router provides to every server function.
pub fn db() -> Result<Db, ServerFnError> {
    use_context::<AppState>()
        .map(|state| state.db)
        .ok_or_else(|| ServerFnError::new("no AppState in context: see server/router.rs"))
}

/// The signed-in viewer. Signed out, the caller is sent to sign-in, coming back to the page it
/// was on (`redirect_url`), and the server function ends with an error.
pub async fn viewer_or_sign_in() -> Result<Viewer, ServerFnError> {
    Ok(Viewer::from(&get_auth().await?.require_user()?))
}
