//! `/v1/invitations`: invitations to sign up to the instance. List (`status`, `query` on the
//! address or id, `limit`,
//! `offset`; `paginated=true` as `@clerk/backend` asks), create (`email_address`,
//! `public_metadata`, `redirect_url`, `expires_in_days`, `ignore_existing`; `notify` is moot:
//! no email leaves the machine, the link is logged), revoke, delete.

use serde_json::{json, Value};

use crate::clock::now_ms;
use crate::instance::Instance;
use crate::json::instance_invitation;
use crate::reply::{ApiError, Reply};
use crate::store::{InvitationError, NewInvitation, TicketStatus};

use super::request::BapiRequest;

/// `GET /v1/invitations`: newest first; without `status`, revoked ones are left out, as Clerk does.
pub(super) fn list(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let status = req.query("status");
    let query = req.query("query").map(str::to_lowercase);
    let now = now_ms();
    instance.store.read(|state| {
        let mut invitations: Vec<_> = state
            .instance_invitations
            .iter()
            .filter(|i| match status {
                Some(wanted) => i.status_at(now) == wanted,
                None => i.status != TicketStatus::Revoked,
            })
            .filter(|i| {
                query.as_ref().is_none_or(|q| {
                    i.email.to_lowercase().contains(q.as_str()) || i.id.to_lowercase() == *q
                })
            })
            .collect();
        invitations.sort_by_key(|i| std::cmp::Reverse(i.created_at));
        let items: Vec<Value> = invitations
            .into_iter()
            .map(|i| instance_invitation::backend(i, &instance.origin, now))
            .collect();
        Ok(Reply::json(req.list_answer(items)))
    })
}

/// `POST /v1/invitations`.
pub(super) fn create(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let email = req
        .string("email_address")
        .ok_or_else(|| ApiError::param_missing("email_address", "email_address is missing"))?
        .to_owned();
    if !email.contains('@') {
        return Err(ApiError::param_invalid(
            "email_address",
            "email_address must be a valid email address.",
        ));
    }
    let new = NewInvitation {
        public_metadata: req.object("public_metadata")?.unwrap_or_else(|| json!({})),
        redirect_url: req.string("redirect_url").map(str::to_owned),
        expires_in_days: req.integer("expires_in_days"),
        ignore_existing: req.field("ignore_existing").and_then(Value::as_bool) == Some(true),
        email: email.clone(),
    };
    let now = now_ms();
    let invitation = instance.store.update(|state| {
        let id = state
            .invite_to_instance(new, now)
            .map_err(|error| match error {
                InvitationError::AlreadyUser => ApiError::identifier_exists(),
                _ => ApiError::duplicate_invitation(&email),
            })?;
        let invitation = state.instance_invitations.iter().find(|i| i.id == id);
        Ok::<_, ApiError>(
            invitation.map(|i| instance_invitation::backend(i, &instance.origin, now)),
        )
    })?;
    let invitation = invitation.ok_or_else(ApiError::internal)?;
    tracing::info!(email = %email, url = %invitation["url"], "clerk_local: invitation");
    Ok(Reply::json(invitation))
}

/// `POST /v1/invitations/{id}/revoke`: only a pending invitation can be.
pub(super) fn revoke(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.update(|state| {
        state
            .revoke_instance_invitation(id, now)
            .map_err(|error| match error {
                InvitationError::NotFound => ApiError::not_found("Invitation"),
                _ => ApiError::invitation_not_pending(),
            })?;
        state
            .instance_invitations
            .iter()
            .find(|i| i.id == id)
            .map(|i| Reply::json(instance_invitation::backend(i, &instance.origin, now)))
            .ok_or_else(|| ApiError::not_found("Invitation"))
    })
}

/// `DELETE /v1/invitations/{id}`: gone, whatever its status.
pub(super) fn delete(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    instance.store.update(|state| {
        let before = state.instance_invitations.len();
        state.instance_invitations.retain(|i| i.id != id);
        if state.instance_invitations.len() == before {
            return Err(ApiError::not_found("Invitation"));
        }
        Ok(Reply::json(
            json!({ "object": "invitation", "id": id, "deleted": true }),
        ))
    })
}
