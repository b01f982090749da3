//! `/m2m_tokens`: a machine, with its own secret key, asks for a token; the machine it calls
//! verifies it (with its secret key or the instance's). Opaque tokens (`mt_…`) are kept and
//! checked here; JWT ones are signed with the instance's key and verified by their signature
//! (`@clerk/backend` never sends them here), so they cannot be revoked.

use serde_json::{json, Map, Value};

use crate::clock::now_ms;
use crate::constants::M2M_TOKEN_CATEGORY;
use crate::instance::Instance;
use crate::reply::{ApiError, Reply};
use crate::store::{M2mToken, Machine};

use super::request::BapiRequest;
use super::Caller;

/// The claims a token's `claims` may not set: the JWT's own.
const RESERVED_CLAIMS: [&str; 6] = ["iss", "sub", "exp", "nbf", "iat", "jti"];
/// The most live opaque tokens one machine may hold: the store keeps each until it expires.
const MAX_LIVE_TOKENS_PER_MACHINE: usize = 1_000;

/// `POST /m2m_tokens` with `seconds_until_expiration` (at most ten years), `claims`,
/// `token_format` (`opaque`, the default, or `jwt`) and `min_remaining_ttl_seconds` (an opaque
/// token of the machine with as much life left and the same claims is answered instead of a
/// new one). Only a machine's secret key may ask.
pub(super) fn create(
    instance: &Instance,
    req: &BapiRequest,
    caller: &Caller,
) -> Result<Reply, ApiError> {
    let Caller::Machine(machine_id) = caller else {
        return Err(ApiError::machine_secret_key_invalid());
    };
    let claims = req.object("claims")?;
    if let Some(reserved) = claims
        .as_ref()
        .and_then(Value::as_object)
        .and_then(|c| RESERVED_CLAIMS.iter().find(|r| c.contains_key(**r)))
    {
        return Err(ApiError::param_invalid(
            "claims",
            &format!("claims cannot set the reserved claim {reserved}"),
        ));
    }
    let seconds = req.lifetime_secs("seconds_until_expiration")?;
    let reuse_with = req.lifetime_secs("min_remaining_ttl_seconds")?;
    let jwt = match req.string("token_format").unwrap_or("opaque") {
        "opaque" => false,
        "jwt" => true,
        _ => {
            return Err(ApiError::param_invalid(
                "token_format",
                "must be opaque or jwt",
            ))
        }
    };
    let now = now_ms();
    instance.store.update(|state| {
        let machine = state
            .machine(machine_id)
            .ok_or_else(ApiError::machine_secret_key_invalid)?;
        let ttl = seconds.unwrap_or(machine.default_token_ttl);
        let mut token = M2mToken::new(machine, claims, Some(now + ttl * 1000), now);
        if jwt {
            token.secret = sign(instance, machine, &token);
            return Ok(Reply::json(render(&token, now, true)));
        }
        let live = || {
            state
                .m2m_tokens
                .iter()
                .filter(|t| t.subject == token.subject && t.valid(now))
        };
        if let Some(min) = reuse_with {
            let still_good = live().find(|t| {
                t.claims == token.claims && t.expiration.is_none_or(|at| at - now >= min * 1000)
            });
            if let Some(existing) = still_good {
                return Ok(Reply::json(render(existing, now, true)));
            }
        }
        if live().count() >= MAX_LIVE_TOKENS_PER_MACHINE {
            return Err(ApiError::too_many_tokens(MAX_LIVE_TOKENS_PER_MACHINE));
        }
        let json = render(&token, now, true);
        state.m2m_tokens.push(token);
        Ok(Reply::json(json))
    })
}

/// `POST /m2m_tokens/verify` with `token`: the token, if it is live and the caller may take
/// it (the instance, or a machine in its scopes); else 404, whatever the reason, as Clerk does.
pub(super) fn verify(
    instance: &Instance,
    req: &BapiRequest,
    caller: &Caller,
) -> Result<Reply, ApiError> {
    let secret = req
        .string("token")
        .ok_or_else(|| ApiError::param_missing("token", "token is missing"))?;
    let now = now_ms();
    instance.store.read(|state| {
        let token = state
            .m2m_tokens
            .iter()
            .find(|t| crate::secret_key::constant_time_eq(t.secret.as_bytes(), secret.as_bytes()))
            .filter(|t| t.valid(now))
            .filter(|t| match caller {
                Caller::Instance => true,
                Caller::Machine(id) => t.scopes.contains(id),
            })
            .ok_or_else(|| ApiError::not_found("Machine token"))?;
        Ok(Reply::json(render(token, now, false)))
    })
}

/// `POST /m2m_tokens/{id}/revoke` with `revocation_reason`: by the instance or the token's
/// own machine.
pub(super) fn revoke(
    instance: &Instance,
    req: &BapiRequest,
    caller: &Caller,
    id: &str,
) -> Result<Reply, ApiError> {
    let reason = req.string("revocation_reason").map(str::to_owned);
    let now = now_ms();
    instance.store.update(|state| {
        let token = state
            .m2m_tokens
            .iter_mut()
            .find(|t| t.id == id)
            .filter(|t| match caller {
                Caller::Instance => true,
                Caller::Machine(machine) => &t.subject == machine,
            })
            .ok_or_else(|| ApiError::not_found("Machine token"))?;
        if !token.revoked {
            token.revoked = true;
            token.revocation_reason = reason;
            token.updated_at = now;
        }
        Ok(Reply::json(render(token, now, false)))
    })
}

/// `GET /m2m_tokens?subject=mch_…`: that machine's opaque tokens, newest first; revoked and
/// expired ones only with `revoked=true` or `expired=true`, as Clerk lists them.
pub(super) fn list(
    instance: &Instance,
    req: &BapiRequest,
    caller: &Caller,
) -> Result<Reply, ApiError> {
    let subject = req
        .query("subject")
        .ok_or_else(|| ApiError::param_missing("subject", "subject is missing"))?;
    if let Caller::Machine(id) = caller {
        if id != subject {
            return Err(ApiError::not_found("Machine"));
        }
    }
    let (limit, offset) = req.paging();
    let now = now_ms();
    Ok(Reply::json(instance.store.read(|state| {
        let revoked = req.query("revoked") == Some("true");
        let expired = req.query("expired") == Some("true");
        let tokens: Vec<&M2mToken> = state
            .m2m_tokens
            .iter()
            .filter(|t| t.subject == subject)
            .filter(|t| (revoked || !t.revoked) && (expired || !t.expired(now)))
            .collect();
        let page: Vec<Value> = tokens
            .iter()
            .rev()
            .skip(offset)
            .take(limit)
            .map(|t| render(t, now, false))
            .collect();
        json!({ "m2m_tokens": page, "total_count": tokens.len() })
    })))
}

/// Clerk's `M2MToken`; the token itself only in the answer that created it.
fn render(token: &M2mToken, now: i64, with_token: bool) -> Value {
    let mut json = json!({
        "object": "machine_to_machine_token",
        "id": token.id,
        "subject": token.subject,
        "scopes": token.scopes,
        "claims": token.claims,
        "revoked": token.revoked,
        "revocation_reason": token.revocation_reason,
        "expired": token.expired(now),
        "expiration": token.expiration,
        "created_at": token.created_at,
        "updated_at": token.updated_at,
    });
    if with_token {
        json["token"] = Value::String(token.secret.clone());
    }
    json
}

/// The JWT form: `jti` the token's id, `sub` the machine, `scopes` space-separated, then the
/// custom claims.
fn sign(instance: &Instance, machine: &Machine, token: &M2mToken) -> String {
    let iat = token.created_at / 1000;
    let mut claims = Map::new();
    if let Some(Value::Object(custom)) = &token.claims {
        claims.extend(custom.clone());
    }
    claims.extend([
        ("iss".to_owned(), json!(instance.issuer)),
        ("sub".to_owned(), json!(machine.id)),
        ("jti".to_owned(), json!(token.id)),
        ("iat".to_owned(), json!(iat)),
        ("nbf".to_owned(), json!(iat)),
        ("exp".to_owned(), json!(token.expiration.map(|e| e / 1000))),
        ("scopes".to_owned(), json!(token.scopes.join(" "))),
    ]);
    instance
        .keys
        .sign(&Value::Object(claims), M2M_TOKEN_CATEGORY)
}
