//! `/v1/client`: the browser's client, found by its `__client` cookie.

use serde_json::{json, Value};

use crate::clock::now_ms;
use crate::instance::Instance;
use crate::reply::{ApiError, Reply};

use super::{changed_client, client_cookies, current_client, view, FapiRequest};

/// `GET`: `{"response": <client or null>, "client": null}`; a browser without a client gets none.
pub(super) fn get(instance: &Instance, req: &FapiRequest) -> Reply {
    let now = now_ms();
    instance
        .store
        .read(|state| match current_client(state, req) {
            Some(client) => {
                let response = view(instance, state, req, now).client(client);
                Reply::json(json!({ "response": response, "client": Value::Null }))
                    .with_cookies(client_cookies(instance, client))
            }
            None => Reply::json(json!({ "response": null, "client": null })),
        })
}

/// `POST`/`PUT`: the client, created when the browser has none.
pub(super) fn create(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.update(|state| {
        let token = state
            .client_or_create(req.client_token(), now)
            .token
            .clone();
        changed_client(instance, state, req, now, &token, |view, client| {
            view.client(client)
        })
    })
}

/// `DELETE` (clerk-js 5.0's sign-out): forgets the client; its sessions end as a sign-out
/// ends them (kept as `ended` for the Backend API, a `session.ended` webhook each). A
/// development instance's client is its dev browser, which outlives sign-outs: it is only
/// emptied.
pub(super) fn delete(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let now = now_ms();
    let development = instance.instance_type.is_development();
    let (reply, ended) = instance.store.update(|state| {
        let token = req.client_token();
        let ended = token
            .map(|token| super::sessions::sign_out_client(state, token, now))
            .unwrap_or_default();
        let id = match token {
            Some(token) if development => state.client_mut(token).map(|client| {
                client.sign_in = None;
                client.sign_up = None;
                client.id.clone()
            }),
            Some(token) => state.remove_client(token).map(|client| client.id),
            None => None,
        };
        let response = json!({ "object": "client", "id": id, "deleted": true });
        let cookies = if development {
            Vec::new()
        } else {
            instance.cookies.client_removed()
        };
        let reply =
            Reply::json(json!({ "response": response, "client": null })).with_cookies(cookies);
        Ok::<_, ApiError>((reply, ended))
    })?;
    instance.announce_ended_sessions(ended);
    Ok(reply)
}
