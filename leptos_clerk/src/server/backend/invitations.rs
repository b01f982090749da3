//! `/v1/invitations`: invitations to sign up to the instance, what an invite-only app (Clerk's
//! "Restricted" sign-up mode) sends instead of opening sign-ups.

use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::users::{non_empty, to_json};
use super::{Call, ClerkClient, ClerkError};

/// The invitations endpoints; get them with [`ClerkClient::invitations`].
#[derive(Clone, Copy, Debug)]
pub struct InvitationsApi<'a> {
    pub(super) client: &'a ClerkClient,
}

/// An invitation to sign up to the instance (`Invitation` in `@clerk/backend`).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Invitation {
    /// `inv_…`.
    pub id: String,
    /// The address invited.
    pub email_address: String,
    /// `pending`, `accepted`, `revoked` or `expired`.
    pub status: String,
    /// Copied to the user's `public_metadata` when they sign up with it.
    #[serde(default)]
    pub public_metadata: Value,
    /// What the invitation email links to: the sign-up page, with the invitation's ticket.
    #[serde(default)]
    pub url: Option<String>,
    /// When it stops being usable.
    #[serde(default)]
    pub expires_at: Option<i64>,
    /// When it was made.
    #[serde(default)]
    pub created_at: i64,
    /// When it last changed.
    #[serde(default)]
    pub updated_at: i64,
}

// By hand: the link's ticket signs its holder up as the invited address, so it never reaches a
// log line.
impl std::fmt::Debug for Invitation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secrets = [("url", self.url.is_some())];
        crate::server::redact::debug_json(f, "Invitation", self, &secrets)
    }
}

/// A new invitation: the address, and what else `@clerk/backend`'s `createInvitation` takes.
/// Unset fields are not sent (Clerk's defaults: the link to the instance's sign-up page, an
/// email sent, 30 days).
///
/// ```
/// # use leptos_clerk::server::InvitationParams;
/// let mut params = InvitationParams::new("grace@example.com");
/// params.redirect_url = Some("https://app.example.com/sign-up".into());
/// params.public_metadata = Some(serde_json::json!({ "plan": "team" }));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct InvitationParams {
    /// The address to invite.
    pub email_address: String,
    /// Where the email's link goes: your sign-up page, which finishes the sign-up with the
    /// link's ticket (`<SignUp/>` does).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// Copied to the user's `public_metadata` when they sign up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_metadata: Option<Value>,
    /// Days until it expires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in_days: Option<u32>,
    /// `Some(false)`: Clerk sends no email (you send the `url` yourself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify: Option<bool>,
    /// Invite even when the address already has a pending invitation.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ignore_existing: bool,
}

impl InvitationParams {
    /// An invitation for `email_address`, the other fields unset.
    #[must_use]
    pub fn new(email_address: impl Into<String>) -> Self {
        Self {
            email_address: email_address.into(),
            ..Self::default()
        }
    }
}

impl InvitationsApi<'_> {
    /// `POST /v1/invitations`. An address that already has a user, or a pending invitation
    /// (unless `ignore_existing`), is refused.
    pub async fn create_invitation(
        &self,
        params: &InvitationParams,
    ) -> Result<Invitation, ClerkError> {
        non_empty(&params.email_address, "the email address is empty")?;
        let body = to_json(params)?;
        self.client
            .json(Call::new(Method::POST, &["invitations"]).body(&body))
            .await
    }

    /// `POST /v1/invitations/bulk`: every one made, or none (the first refusal is the error).
    pub async fn create_invitations(
        &self,
        params: &[InvitationParams],
    ) -> Result<Vec<Invitation>, ClerkError> {
        if params.is_empty() {
            return Err(ClerkError::InvalidArgument("no invitations to make"));
        }
        for one in params {
            non_empty(&one.email_address, "an email address is empty")?;
        }
        let body = to_json(&params)?;
        self.client
            .json(Call::new(Method::POST, &["invitations", "bulk"]).body(&body))
            .await
    }

    /// `GET /v1/invitations`, newest first, every page. `status` keeps one status (`pending`,
    /// `accepted`, `revoked`, `expired`; without it Clerk leaves revoked ones out); `query`
    /// keeps the addresses that contain it.
    pub async fn list_invitations(
        &self,
        status: Option<&str>,
        query: Option<&str>,
    ) -> Result<Vec<Invitation>, ClerkError> {
        self.client
            .every_page(|| {
                Call::new(Method::GET, &["invitations"])
                    .query_some("status", status)
                    .query_some("query", query)
            })
            .await
    }

    /// `POST /v1/invitations/{invitation_id}/revoke`: its link stops working. Only a pending
    /// invitation can be revoked.
    pub async fn revoke_invitation(&self, invitation_id: &str) -> Result<Invitation, ClerkError> {
        non_empty(invitation_id, "the invitation id is empty")?;
        let segments = ["invitations", invitation_id, "revoke"];
        self.client.json(Call::new(Method::POST, &segments)).await
    }
}
