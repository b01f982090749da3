//! `POST /v1/waitlist`: `<Waitlist/>`'s "Join the waitlist" (`sign_up_mode = "waitlist"`).

use crate::clock::now_ms;
use crate::config::SignUpMode;
use crate::instance::Instance;
use crate::json::waitlist;
use crate::reply::{ApiError, Reply};

use super::FapiRequest;

/// Adds `email_address` to the waitlist (joining twice is joining once). An address that
/// already has an account is told so, as a sign-up would be.
pub(super) fn join(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    if instance.sign_up_mode != SignUpMode::Waitlist {
        return Err(ApiError::forbidden(
            "The waitlist is not enabled on this instance",
        ));
    }
    let email = req
        .form("email_address")
        .ok_or_else(|| ApiError::param_missing("email_address", "email_address is missing"))?;
    let now = now_ms();
    let (answer, created) = instance.store.update(|state| {
        if state.user_by_email(email).is_some() {
            return Err(ApiError::identifier_exists());
        }
        let (entry, created) = state.join_waitlist(email, now).map_err(ApiError::from)?;
        let entry = entry.clone();
        let created = created.then(|| waitlist::backend(&entry, state, &instance.origin, now));
        Ok((waitlist::frontend(&entry), created))
    })?;
    if let Some(entry) = created {
        instance
            .webhooks
            .emit(&instance.instance_id, "waitlistEntry.created", entry);
    }
    Ok(Reply::json(answer))
}
