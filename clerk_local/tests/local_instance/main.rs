//! The local instance over real HTTP on loopback, driven like a browser and a server would.

#[path = "../../../leptos_clerk/tests/support/open_redirects.rs"]
mod open_redirects;
mod support;

mod backend_api;
mod bapi;
mod bundles;
mod handshake;
mod open_redirect;
mod persistence;
mod profile;
mod reverification;
mod sessions;
mod sign_in;
mod sign_up;
mod webhooks;
