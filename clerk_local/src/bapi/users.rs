//! `/v1/users`: list (filters `email_address`, `external_id`, `user_id`, `query`; `limit`,
//! `offset`), count, get, create, update, delete (metadata: `metadata.rs`).

use serde_json::{json, Value};

use crate::clock::now_ms;
use crate::ids::{new_id, random_string};
use crate::instance::Instance;
use crate::json::user;
use crate::password::{self, PasswordError};
use crate::reply::{ApiError, Reply};
use crate::store::{EmailAddress, State, User};

use super::request::BapiRequest;

/// `GET /v1/users`: a plain array, newest first, as Clerk answers.
pub(super) fn list(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let (limit, offset) = req.paging();
    instance.store.read(|state| {
        let users: Vec<Value> = matching(state, req)
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(user::backend)
            .collect();
        Ok(Reply::json(Value::Array(users)))
    })
}

/// `GET /v1/users/count`: `{"object": "total_count", "total_count": n}` with the same filters.
pub(super) fn count(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let total = instance.store.read(|state| matching(state, req).len());
    Ok(Reply::json(
        json!({ "object": "total_count", "total_count": total }),
    ))
}

fn matching<'a>(state: &'a State, req: &BapiRequest) -> Vec<&'a User> {
    let emails = req.query_all("email_address");
    let external_ids = req.query_all("external_id");
    let user_ids = req.query_all("user_id");
    let query = req.query("query").map(str::to_lowercase);
    let mut users: Vec<&User> = state
        .users
        .iter()
        .filter(|u| {
            emails.is_empty()
                || emails.iter().any(|e| {
                    u.email.eq_ignore_ascii_case(e)
                        || u.extra_emails
                            .iter()
                            .any(|x| x.email.eq_ignore_ascii_case(e))
                })
        })
        .filter(|u| {
            external_ids.is_empty()
                || u.external_id
                    .as_deref()
                    .is_some_and(|x| external_ids.contains(&x))
        })
        .filter(|u| user_ids.is_empty() || user_ids.contains(&u.id.as_str()))
        .filter(|u| {
            query.as_ref().is_none_or(|q| {
                [Some(&u.email), u.first_name.as_ref(), u.last_name.as_ref()]
                    .into_iter()
                    .flatten()
                    .any(|field| field.to_lowercase().contains(q.as_str()))
            })
        })
        .collect();
    users.sort_by_key(|u| std::cmp::Reverse(u.created_at));
    users
}

/// `GET /v1/users/{id}`: the Backend API `User`, or 404 `resource_not_found`.
pub(super) fn get(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    instance
        .store
        .read(|state| state.user(id).map(user::backend))
        .map(Reply::json)
        .ok_or_else(|| ApiError::not_found("User"))
}

/// `POST /v1/users`: `email_address` (a list; the first is primary), `password` (or none, when
/// the user will sign in with a code or a sign-in token), names, `external_id`, metadata.
pub(super) fn create(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let emails: Vec<String> = match req.field("email_address") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|e| e.trim().to_owned())
            .collect(),
        Some(Value::String(one)) => vec![one.trim().to_owned()],
        _ => Vec::new(),
    };
    let Some(primary) = emails.first() else {
        return Err(ApiError::param_missing(
            "email_address",
            "email_address must be included: the local instance identifies users by email",
        ));
    };
    if emails.iter().any(|e| !e.contains('@')) {
        return Err(ApiError::email_invalid());
    }
    let password_hash = password_hash(instance, req.string("password"))?;
    let public_metadata = req.object("public_metadata")?;
    let private_metadata = req.object("private_metadata")?;
    let unsafe_metadata = req.object("unsafe_metadata")?;
    let now = now_ms();
    instance.update_announcing(|state, events| {
        if emails.iter().any(|e| state.user_by_email(e).is_some()) {
            return Err(ApiError::identifier_exists());
        }
        let mut user = User::new(primary, password_hash.clone(), now);
        user.first_name = req.string("first_name").map(str::to_owned);
        user.last_name = req.string("last_name").map(str::to_owned);
        user.external_id = req.string("external_id").map(str::to_owned);
        user.public_metadata = public_metadata.clone().unwrap_or_else(|| json!({}));
        user.private_metadata = private_metadata.clone().unwrap_or_else(|| json!({}));
        user.unsafe_metadata = unsafe_metadata.clone().unwrap_or_else(|| json!({}));
        super::mfa::apply_params(&mut user, req, now)?;
        user.extra_emails = emails[1..]
            .iter()
            .map(|email| EmailAddress {
                id: new_id("idn"),
                email: email.clone(),
                verified: true,
                created_at: now,
            })
            .collect();
        let id = user.id.clone();
        state.users.push(user);
        answer(events.user("user.created", &id, state))
    })
}

/// `PATCH /v1/users/{id}`: names, `external_id`, `password`, and metadata (replaced whole).
pub(super) fn update(instance: &Instance, req: &BapiRequest, id: &str) -> Result<Reply, ApiError> {
    let password_hash = match req.string("password") {
        Some(p) => Some(password_hash(instance, Some(p))?),
        None => None,
    };
    let public_metadata = req.object("public_metadata")?;
    let private_metadata = req.object("private_metadata")?;
    let unsafe_metadata = req.object("unsafe_metadata")?;
    let now = now_ms();
    updated(instance, id, |state| {
        let user = state
            .user_mut(id)
            .ok_or_else(|| ApiError::not_found("User"))?;
        let text = |value: &Value| {
            value
                .as_str()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        if let Some(value) = req.field("first_name") {
            user.first_name = text(value);
        }
        if let Some(value) = req.field("last_name") {
            user.last_name = text(value);
        }
        if let Some(value) = req.field("external_id") {
            user.external_id = text(value);
        }
        if let Some(hash) = password_hash.clone() {
            user.password_hash = hash;
            user.password_updated_at = Some(now);
        }
        for (target, value) in [
            (&mut user.public_metadata, &public_metadata),
            (&mut user.private_metadata, &private_metadata),
            (&mut user.unsafe_metadata, &unsafe_metadata),
        ] {
            if let Some(value) = value {
                *target = value.clone();
            }
        }
        super::mfa::apply_params(user, req, now)?;
        user.updated_at = now;
        Ok(())
    })
}

/// Applies `apply` to the user, stamps `updated_at`, announces `user.updated`, answers the user.
pub(super) fn change(
    instance: &Instance,
    id: &str,
    apply: impl FnOnce(&mut User),
) -> Result<Reply, ApiError> {
    let now = now_ms();
    updated(instance, id, |state| {
        let user = state
            .user_mut(id)
            .ok_or_else(|| ApiError::not_found("User"))?;
        apply(user);
        user.updated_at = now;
        Ok(())
    })
}

/// Makes `change` to the user `id` and answers the user as it left them, which `user.updated`
/// announces: both rendered before the store is let go, so a deletion just after cannot turn a
/// change that was made into a `404`, or leave it unannounced.
fn updated(
    instance: &Instance,
    id: &str,
    change: impl FnOnce(&mut State) -> Result<(), ApiError>,
) -> Result<Reply, ApiError> {
    instance.update_announcing(|state, events| {
        change(state)?;
        answer(events.user("user.updated", id, state))
    })
}

/// The Backend API user a change rendered, as the reply.
pub(super) fn answer(user: Option<Value>) -> Result<Reply, ApiError> {
    user.map(Reply::json)
        .ok_or_else(|| ApiError::not_found("User"))
}

/// `DELETE /v1/users/{id}`: the user, their sessions and memberships are gone.
pub(super) fn delete(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    instance.store.update(|state| {
        state.user(id).ok_or_else(|| ApiError::not_found("User"))?;
        state.delete_user(id);
        Ok::<_, ApiError>(())
    })?;
    instance.webhooks.emit(
        &instance.instance_id,
        "user.deleted",
        json!({ "object": "user", "id": id, "deleted": true }),
    );
    Ok(Reply::json(
        json!({ "object": "user", "id": id, "deleted": true }),
    ))
}

/// A hashed password, or an unusable random one for users who sign in another way.
fn password_hash(instance: &Instance, password: Option<&str>) -> Result<String, ApiError> {
    let hashed = match password {
        Some(p) => instance.passwords.hash_new(p),
        // Not a password anyone chose: no rules apply.
        None => password::hash(&random_string(48)).map_err(PasswordError::Hashing),
    };
    Ok(hashed?)
}
