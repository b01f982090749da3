//! The Backend API's `WaitlistEntry`, and what the Frontend API answers `<Waitlist/>`.

use serde_json::{json, Value};

use crate::json::instance_invitation;
use crate::store::{State, WaitlistEntry};

/// The entry as the Backend API shows it, with its invitation once invited.
pub(crate) fn backend(entry: &WaitlistEntry, state: &State, origin: &str, now: i64) -> Value {
    let invitation = entry
        .invitation_id
        .as_deref()
        .and_then(|id| state.instance_invitations.iter().find(|i| i.id == id))
        .map(|i| instance_invitation::backend(i, origin, now));
    json!({
        "object": "waitlist_entry",
        "id": entry.id,
        "email_address": entry.email,
        "status": state.waitlist_status(entry),
        "is_locked": false,
        "invitation": invitation,
        "created_at": entry.created_at,
        "updated_at": entry.updated_at,
    })
}

/// The browser learns only that it joined: `id` and times, as clerk-js's `Waitlist` reads them.
pub(crate) fn frontend(entry: &WaitlistEntry) -> Value {
    json!({
        "object": "waitlist",
        "id": entry.id,
        "created_at": entry.created_at,
        "updated_at": entry.updated_at,
    })
}
