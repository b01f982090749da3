//! The Backend API `Invitation` (to the instance, `inv_…`; organization invitations are in
//! `invitation.rs`).

use serde_json::{json, Value};

use crate::constants::{INVITATION_STATUS_PARAM, INVITATION_TICKET_PARAM};
use crate::store::InstanceInvitation;

/// `url` is where the invitation email would link: `redirect_url` (or the app's origin) with
/// the ticket, which `<SignUp/>` picks up to sign up with `strategy=ticket`.
pub(crate) fn backend(invitation: &InstanceInvitation, origin: &str, now: i64) -> Value {
    let status = invitation.status_at(now);
    json!({
        "object": "invitation",
        "id": invitation.id,
        "email_address": invitation.email,
        "public_metadata": invitation.public_metadata,
        "revoked": status == "revoked",
        "status": status,
        "url": link(invitation, origin),
        "expires_at": invitation.expires_at,
        "created_at": invitation.created_at,
        "updated_at": invitation.updated_at,
    })
}

fn link(invitation: &InstanceInvitation, origin: &str) -> Option<String> {
    let base = invitation
        .redirect_url
        .clone()
        .unwrap_or_else(|| format!("{origin}/"));
    let mut url = url::Url::parse(&base).ok()?;
    url.query_pairs_mut()
        .append_pair(INVITATION_TICKET_PARAM, &invitation.ticket)
        .append_pair(INVITATION_STATUS_PARAM, "sign_up");
    Some(url.into())
}
