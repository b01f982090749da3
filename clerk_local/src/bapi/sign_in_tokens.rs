//! `/v1/sign_in_tokens`: tickets that sign a user in without a password (`@clerk/testing`'s
//! `clerk.signIn({ emailAddress })`): the browser sends `strategy=ticket&ticket=<token>`.

use serde_json::{json, Value};

use crate::clock::now_ms;
use crate::ids::{new_id, random_string};
use crate::instance::Instance;
use crate::reply::{ApiError, Reply};
use crate::store::{SignInToken, TicketStatus};

use super::request::BapiRequest;

/// Clerk's default: 30 days.
const DEFAULT_EXPIRES_IN_SECONDS: i64 = 30 * 24 * 60 * 60;
const TOKEN_LENGTH: usize = 48;

/// `POST /v1/sign_in_tokens` with `user_id` (and `expires_in_seconds`).
pub(super) fn create(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let user_id = req
        .string("user_id")
        .ok_or_else(|| ApiError::param_missing("user_id", "user_id is missing"))?
        .to_owned();
    let expires_in = req
        .integer("expires_in_seconds")
        .unwrap_or(DEFAULT_EXPIRES_IN_SECONDS)
        .max(1);
    let now = now_ms();
    instance.store.update(|state| {
        state
            .user(&user_id)
            .ok_or_else(|| ApiError::not_found("User"))?;
        state.sign_in_tokens.retain(|t| now < t.expires_at);
        let ticket = SignInToken {
            id: new_id("sit"),
            token: random_string(TOKEN_LENGTH),
            user_id: user_id.clone(),
            status: TicketStatus::Pending,
            created_at: now,
            expires_at: now + expires_in * 1000,
        };
        let json = render(instance, &ticket);
        state.sign_in_tokens.push(ticket);
        Ok(Reply::json(json))
    })
}

/// `POST /v1/sign_in_tokens/{id}/revoke`.
pub(super) fn revoke(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    instance.store.update(|state| {
        let ticket = state
            .sign_in_tokens
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or_else(|| ApiError::not_found("Sign-in token"))?;
        ticket.status = TicketStatus::Revoked;
        let mut json = render(instance, ticket);
        json["token"] = Value::Null;
        Ok(Reply::json(json))
    })
}

fn render(instance: &Instance, ticket: &SignInToken) -> Value {
    json!({
        "object": "sign_in_token",
        "id": ticket.id,
        "user_id": ticket.user_id,
        "token": ticket.token,
        "status": ticket.status.as_str(),
        "url": format!("{}/?__clerk_ticket={}", instance.origin, ticket.token),
        "created_at": ticket.created_at,
        "updated_at": ticket.created_at,
    })
}
