//! `/v1/machines`: the services that call each other with M2M tokens. A machine's secret key
//! asks for its tokens (`m2m_tokens.rs`); its scopes name the machines those tokens may call.

use serde_json::{json, Value};

use crate::clock::now_ms;
use crate::instance::Instance;
use crate::reply::{ApiError, Reply};
use crate::store::{Machine, State};

use super::request::BapiRequest;

/// Clerk's default lifetime of a machine's tokens: one hour.
const DEFAULT_TOKEN_TTL_SECS: i64 = 3600;

/// `POST /v1/machines` with `name`, and optionally `scoped_machines` (ids) and
/// `default_token_ttl` (seconds).
pub(super) fn create(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let name = req
        .string("name")
        .ok_or_else(|| ApiError::param_missing("name", "name is missing"))?
        .to_owned();
    let ttl = req
        .lifetime_secs("default_token_ttl")?
        .unwrap_or(DEFAULT_TOKEN_TTL_SECS);
    let scoped: Vec<String> = match req.field("scoped_machines") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(ids)) => ids
            .iter()
            .map(|id| id.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .ok_or_else(|| ApiError::param_invalid("scoped_machines", "must be machine ids"))?,
        Some(_) => {
            return Err(ApiError::param_invalid(
                "scoped_machines",
                "must be machine ids",
            ))
        }
    };
    instance.store.update(|state| {
        if let Some(unknown) = scoped.iter().find(|id| state.machine(id).is_none()) {
            return Err(ApiError::not_found(&format!("Machine {unknown}")));
        }
        let mut machine = Machine::new(name, ttl, now_ms());
        machine.scoped_machines = scoped;
        let json = render(state, &machine, true);
        state.machines.push(machine);
        Ok(Reply::json(json))
    })
}

/// `GET /v1/machines`: `{"data", "total_count"}`, newest first.
pub(super) fn list(instance: &Instance, req: &BapiRequest) -> Result<Reply, ApiError> {
    let (limit, offset) = req.paging();
    Ok(Reply::json(instance.store.read(|state| {
        let data: Vec<Value> = state
            .machines
            .iter()
            .rev()
            .skip(offset)
            .take(limit)
            .map(|m| render(state, m, false))
            .collect();
        json!({ "data": data, "total_count": state.machines.len() })
    })))
}

/// `GET /v1/machines/{id}`.
pub(super) fn get(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    instance.store.read(|state| {
        let machine = state.machine(id).ok_or_else(not_found)?;
        Ok(Reply::json(render(state, machine, false)))
    })
}

/// `GET /v1/machines/{id}/secret_key`.
pub(super) fn secret_key(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    instance.store.read(|state| {
        let machine = state.machine(id).ok_or_else(not_found)?;
        Ok(Reply::json(json!({
            "object": "machine_secret_key",
            "secret": machine.secret_key,
        })))
    })
}

/// `POST /v1/machines/{id}/scopes` with `to_machine_id`: `id`'s tokens may now call it.
pub(super) fn add_scope(
    instance: &Instance,
    req: &BapiRequest,
    id: &str,
) -> Result<Reply, ApiError> {
    let to = req
        .string("to_machine_id")
        .ok_or_else(|| ApiError::param_missing("to_machine_id", "to_machine_id is missing"))?
        .to_owned();
    let now = now_ms();
    instance.store.update(|state| {
        state.machine(&to).ok_or_else(not_found)?;
        let machine = state
            .machines
            .iter_mut()
            .find(|m| m.id == id)
            .ok_or_else(not_found)?;
        if !machine.scoped_machines.contains(&to) {
            machine.scoped_machines.push(to.clone());
            machine.updated_at = now;
        }
        Ok(Reply::json(json!({
            "object": "machine_scope",
            "from_machine_id": id,
            "to_machine_id": to,
            "created_at": now,
        })))
    })
}

/// `DELETE /v1/machines/{id}`: the machine, its tokens, and the scopes naming it.
pub(super) fn delete(instance: &Instance, id: &str) -> Result<Reply, ApiError> {
    instance.store.update(|state| {
        state.machine(id).ok_or_else(not_found)?;
        state.machines.retain(|m| m.id != id);
        state.m2m_tokens.retain(|t| t.subject != id);
        for machine in &mut state.machines {
            machine.scoped_machines.retain(|to| to != id);
        }
        Ok(Reply::json(
            json!({ "object": "machine", "id": id, "deleted": true }),
        ))
    })
}

fn not_found() -> ApiError {
    ApiError::not_found("Machine")
}

/// Clerk's `Machine`; the secret key only in the answer that created it.
fn render(state: &State, machine: &Machine, with_secret_key: bool) -> Value {
    let scoped: Vec<Value> = machine
        .scoped_machines
        .iter()
        .filter_map(|id| state.machine(id))
        .map(|m| summary(state, m))
        .collect();
    let mut json = summary(state, machine);
    json["scoped_machines"] = Value::Array(scoped);
    if with_secret_key {
        json["secret_key"] = Value::String(machine.secret_key.clone());
    }
    json
}

fn summary(state: &State, machine: &Machine) -> Value {
    json!({
        "object": "machine",
        "id": machine.id,
        "name": machine.name,
        "instance_id": state.instance_id,
        "default_token_ttl": machine.default_token_ttl,
        "scoped_machines": [],
        "created_at": machine.created_at,
        "updated_at": machine.updated_at,
    })
}
