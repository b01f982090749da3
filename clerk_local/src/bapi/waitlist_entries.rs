//! `/v1/waitlist_entries`: the waitlist, as the Backend API manages it. List (`status`, `query`
//! on the address, `limit`, `offset`; newest first), create (`email_address`; an address already
//! listed gives its entry back), bulk create, invite (an instance invitation to the app's
//! sign-up page; `ignore_existing`), reject, delete (pending entries only). Changes are sent as
//! `waitlistEntry.created` and `waitlistEntry.updated` webhooks.

use serde_json::Value;

use crate::clock::now_ms;
use crate::constants::SIGN_UP_PATH;
use crate::instance::Instance;
use crate::json::{page_of, waitlist};
use crate::reply::{ApiError, Reply};
use crate::store::{State, WaitlistEntry, WaitlistError};

use super::request::BapiRequest;

/// `GET /v1/waitlist_entries`.
pub(super) fn list(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let status = req.query("status");
    let query = req.query("query").map(str::to_lowercase);
    let now = now_ms();
    let (limit, offset) = req.paging();
    instance.store.read(|state| {
        let entries: Vec<&WaitlistEntry> = state
            .waitlist
            .iter()
            .rev()
            .filter(|e| status.is_none_or(|s| state.waitlist_status(e) == s))
            .filter(|e| {
                query
                    .as_deref()
                    .is_none_or(|q| e.email.to_lowercase().contains(q))
            })
            .collect();
        Ok(Reply::json(page_of(&entries, limit, offset, |e| {
            waitlist::backend(e, state, &instance.origin, now)
        })))
    })
}

/// `POST /v1/waitlist_entries` with `email_address`.
pub(super) fn create(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let mut entries = join(instance, &[req])?;
    entries
        .pop()
        .map(Reply::json)
        .ok_or_else(ApiError::internal)
}

/// `POST /v1/waitlist_entries/bulk` with an array of what `create` takes: all or none.
pub(super) fn create_bulk(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let items = req.items();
    if items.is_empty() {
        return Err(ApiError::body_invalid());
    }
    let items: Vec<&BapiRequest> = items.iter().collect();
    Ok(Reply::json(Value::Array(join(instance, &items)?)))
}

/// Lists each address (or finds it listed), all or none; announces the new entries.
fn join(instance: &Instance, reqs: &[&BapiRequest]) -> Result<Vec<Value>, ApiError> {
    let emails = reqs
        .iter()
        .map(|req| {
            req.string("email_address")
                .map(str::to_owned)
                .ok_or_else(|| ApiError::param_missing("email_address", "email_address is missing"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let now = now_ms();
    let (entries, created) = instance.store.update(|state| {
        let mut entries = Vec::new();
        let mut created = Vec::new();
        for email in &emails {
            let (entry, new) = state.join_waitlist(email, now).map_err(ApiError::from)?;
            let entry = entry.clone();
            let json = waitlist::backend(&entry, state, &instance.origin, now);
            if new {
                created.push(json.clone());
            }
            entries.push(json);
        }
        Ok::<_, ApiError>((entries, created))
    })?;
    for entry in created {
        instance
            .webhooks
            .emit(&instance.instance_id, "waitlistEntry.created", entry);
    }
    Ok(entries)
}

/// `POST /v1/waitlist_entries/{id}/invite` (`ignore_existing`): an instance invitation to the
/// app's sign-up page, logged as an invitation email's link would be sent.
pub(super) fn invite(instance: &Instance, req: &BapiRequest, id: &str) -> Result<Reply, ApiError> {
    let ignore_existing = req.field("ignore_existing").and_then(Value::as_bool) == Some(true);
    let sign_up_url = format!("{}{SIGN_UP_PATH}", instance.origin);
    let reply = decide(instance, |state, now| {
        state.invite_waitlist_entry(id, &sign_up_url, ignore_existing, now)
    })?;
    tracing::info!(
        email = %reply["email_address"],
        url = %reply["invitation"]["url"],
        "clerk_local: waitlist invitation"
    );
    Ok(Reply::json(reply))
}

/// `POST /v1/waitlist_entries/{id}/reject`.
pub(super) fn reject(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    decide(instance, |state, now| state.reject_waitlist_entry(id, now)).map(Reply::json)
}

/// Applies a decision to an entry; answers and announces the entry as it now is.
fn decide(
    instance: &Instance,
    change: impl FnOnce(&mut State, i64) -> Result<&WaitlistEntry, WaitlistError>,
) -> Result<Value, ApiError> {
    let now = now_ms();
    let entry = instance.store.update(|state| {
        let entry = change(state, now).map_err(ApiError::from)?.clone();
        Ok::<_, ApiError>(waitlist::backend(&entry, state, &instance.origin, now))
    })?;
    instance.webhooks.emit(
        &instance.instance_id,
        "waitlistEntry.updated",
        entry.clone(),
    );
    Ok(entry)
}

/// `DELETE /v1/waitlist_entries/{id}`.
pub(super) fn delete(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    instance.store.update(|state| {
        state.delete_waitlist_entry(id).map_err(ApiError::from)?;
        Ok(Reply::json(serde_json::json!({
            "object": "waitlist_entry",
            "id": id,
            "deleted": true,
        })))
    })
}
