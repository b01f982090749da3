//! `/v1/invitations`: invitations to sign up to the instance. List (`status`, `query` on the
//! address or id, `limit`,
//! `offset`; `paginated=true` as `@clerk/backend` asks), create, one or in bulk (`email_address`,
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
    let mut created = invite(instance, vec![new_invitation(req)?])?;
    created
        .pop()
        .map(Reply::json)
        .ok_or_else(ApiError::internal)
}

/// `POST /v1/invitations/bulk` with an array of what `create` takes: all or none.
pub(super) fn create_bulk(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let news = req
        .items()
        .iter()
        .map(new_invitation)
        .collect::<Result<Vec<_>, _>>()?;
    if news.is_empty() {
        return Err(ApiError::body_invalid());
    }
    Ok(Reply::json(Value::Array(invite(instance, news)?)))
}

fn new_invitation(req: &BapiRequest) -> Result<NewInvitation, ApiError> {
    let email = req
        .string("email_address")
        .ok_or_else(|| ApiError::param_missing("email_address", "email_address is missing"))?
        .to_owned();
    if !email.contains('@') {
        return Err(ApiError::email_invalid());
    }
    Ok(NewInvitation {
        public_metadata: req.object("public_metadata")?.unwrap_or_else(|| json!({})),
        redirect_url: req.string("redirect_url").map(str::to_owned),
        expires_in_days: req.integer("expires_in_days"),
        ignore_existing: req.field("ignore_existing").and_then(Value::as_bool) == Some(true),
        email,
    })
}

/// Makes the invitations (none if one is refused) and logs their links, which an email would carry.
fn invite(instance: &Instance, news: Vec<NewInvitation>) -> Result<Vec<Value>, ApiError> {
    let now = now_ms();
    let created = instance.store.update(|state| {
        let mut created = Vec::new();
        for new in news {
            let email = new.email.clone();
            let invitation = state
                .invite_to_instance(new, now)
                .map_err(|error| match error {
                    InvitationError::AlreadyUser => ApiError::identifier_exists(),
                    _ => ApiError::duplicate_invitation(std::slice::from_ref(&email)),
                })?;
            created.push(instance_invitation::backend(
                invitation,
                &instance.origin,
                now,
            ));
        }
        Ok::<_, ApiError>(created)
    })?;
    for invitation in &created {
        tracing::info!(email = %invitation["email_address"], url = %invitation["url"], "clerk_local: invitation");
    }
    Ok(created)
}

/// `POST /v1/invitations/{id}/revoke`: only a pending invitation can be.
pub(super) fn revoke(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.update(|state| {
        let invitation =
            state
                .revoke_instance_invitation(id, now)
                .map_err(|error| match error {
                    InvitationError::NotFound => ApiError::not_found("Invitation"),
                    _ => ApiError::invitation_not_pending(),
                })?;
        Ok(Reply::json(instance_invitation::backend(
            invitation,
            &instance.origin,
            now,
        )))
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
