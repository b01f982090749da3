//! The local instance over real HTTP on loopback, driven like a browser and a server would.

mod support;

mod anonymous_traffic;
mod backend_api;
mod bapi;
mod brute_force;
mod bundles;
mod handshake;
mod host_and_origin;
mod persistence;
mod profile;
mod reverification;
mod sessions;
mod sign_in;
mod sign_up;
mod webhooks;
