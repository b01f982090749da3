//! The app's router: Leptos pages and server functions behind `ClerkLayer`, and the local Clerk
//! instance beside them when it runs.

use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};

use super::clerk_setup::ClerkSetup;
use crate::app::{shell, App};

/// Every route of the app.
pub fn router(options: LeptosOptions, clerk: &ClerkSetup) -> Router {
    let routes = generate_route_list(App);
    let app = Router::new()
        .leptos_routes(&options, routes, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(options)
        // Once, around everything the app serves: every page and server function sees `Auth`.
        .layer(clerk.clerk.layer());
    match &clerk.local {
        // The emulated Clerk APIs are not app routes: they authenticate with their own cookies.
        Some(local) => app.merge(local.router()),
        None => app,
    }
}
