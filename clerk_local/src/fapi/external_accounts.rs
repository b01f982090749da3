//! `/v1/me/external_accounts`: `<UserProfile/>`'s connected accounts. "Connect account" sends
//! the browser through the provider's consent page and back (see `oauth`); "Remove" unlinks.

use crate::clock::now_ms;
use crate::ids::new_id;
use crate::instance::Instance;
use crate::json::external::pending_account;
use crate::oauth::Flow;
use crate::reply::{ApiError, Reply};

use super::me::{remove_from_user, signed_in};
use super::oauth::Trip;
use super::{changed_client, FapiRequest};

/// `POST /v1/me/external_accounts` with `strategy` and `redirect_url`: an account still to be
/// verified, whose verification says where the consent page is. The callback links it.
pub(super) fn connect(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let strategy = req
        .form("strategy")
        .ok_or_else(|| ApiError::param_missing("strategy", "strategy is missing"))?;
    let trip = Trip::checked(instance, req, strategy)?;
    let now = now_ms();
    instance.store.update(|state| {
        let (token, user_id) = signed_in(state, req)?;
        let pending = trip.begin(instance, req, &token, Flow::Connect, &user_id, now);
        let account = pending_account(&new_id("idn"), &pending);
        changed_client(instance, state, req, now, &token, |_, _| account)
    })
}

/// `DELETE /v1/me/external_accounts/{id}`.
pub(super) fn remove(instance: &Instance, req: &FapiRequest, id: &str) -> Result<Reply, ApiError> {
    remove_from_user(
        instance,
        req,
        id,
        "external_account",
        "External account",
        |user| &mut user.external_accounts,
        |a| &a.id,
    )
}
