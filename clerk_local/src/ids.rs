//! Random identifiers and secrets, shaped like Clerk's (`user_2cgmfxtaRzlfJXa4gmWRP20qo7D`).

use rand::distributions::{Alphanumeric, DistString};
use rand::rngs::OsRng;

/// Clerk ids are a prefix and 27 base-62 characters.
const ID_LENGTH: usize = 27;

/// A new id such as `user_…`, `sess_…`, `client_…`, `sia_…`, `idn_…`, `ins_…`.
pub(crate) fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", random_string(ID_LENGTH))
}

/// An unguessable string for secrets (secret key, `__client` cookie, handshake nonce).
pub(crate) fn random_string(length: usize) -> String {
    Alphanumeric.sample_string(&mut OsRng, length)
}

/// A token id (`jti`) or trace id: 20 random hexadecimal characters, as in Clerk's tokens.
pub(crate) fn trace_id() -> String {
    let bytes: [u8; 10] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
