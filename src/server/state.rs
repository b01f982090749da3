//! What every handler and server function shares. Handlers take the parts they need with
//! `State<…>` (axum's `FromRef`); server functions read it from context (see `context.rs`).

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use super::db::Db;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
}
