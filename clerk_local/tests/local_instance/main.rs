//! The local instance over real HTTP on loopback, driven like a browser and a server would.

#[path = "../../../leptos_clerk/tests/support/open_redirects.rs"]
mod open_redirects;
mod support;

mod anonymous_traffic;
mod backend_api;
mod bapi;
mod bapi_parity;
mod brute_force;
mod bundles;
mod dev_instance;
mod fapi_api_keys;
mod handshake;
mod host_and_origin;
mod mfa;
mod open_redirect;
mod organization_required;
mod persistence;
mod profile;
mod reverification;
mod sessions;
mod sign_in;
mod sign_up;
mod social_sign_in;
mod waitlist;
mod webhooks;
