//! Development instances: the dev browser. clerk-js on a `pk_test_` key creates one
//! (`POST /v1/dev_browser`, reading `id`), keeps it in the `__clerk_db_jwt` cookie on the app's
//! domain, and sends it as the `__clerk_db_jwt` query parameter on every Frontend API request.
//! The instance knows the browser's client by that token instead of a `__client` cookie (here
//! the dev browser's id *is* the client's token), and answers a request without a token it
//! knows `401 dev_browser_unauthenticated`, on which clerk-js makes a new one and retries.

use serde_json::json;

use crate::clock::now_ms;
use crate::instance::Instance;
use crate::reply::{ApiError, Reply};

use super::FapiRequest;

/// `POST /v1/dev_browser`: a new dev browser (and its client, without a session yet).
pub(super) fn create(instance: &Instance) -> Result<Reply, ApiError> {
    let now = now_ms();
    instance.store.update(|state| {
        let client = state.create_dev_browser(now);
        // clerk-js 5 and 6 read `id`; clerk-js 4 read `token`.
        Ok(Reply::json(json!({
            "object": "dev_browser",
            "id": client.token,
            "token": client.token,
            "instance_id": instance.instance_id,
            "client_id": client.id,
            "created_at": client.created_at,
            "updated_at": client.updated_at,
        })))
    })
}

/// On a development instance, every request but the few that need no client (the dev browser's
/// creation, the environment, the keys, the handshake, which makes one itself) must carry a dev
/// browser the instance knows.
pub(super) fn authenticate(
    instance: &Instance,
    req: &FapiRequest,
    segments: &[&str],
) -> Result<(), ApiError> {
    let needs_no_client = matches!(
        segments,
        ["v1", "dev_browser" | "environment" | "jwks"]
            | [".well-known", "jwks.json"]
            | ["v1", "client", "handshake"]
    );
    if !instance.instance_type.is_development() || needs_no_client {
        return Ok(());
    }
    let known = req
        .client_token()
        .is_some_and(|token| instance.store.read(|state| state.client(token).is_some()));
    if known {
        Ok(())
    } else {
        Err(ApiError::dev_browser_unauthenticated())
    }
}
