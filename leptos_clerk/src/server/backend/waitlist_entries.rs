//! `/v1/waitlist_entries`: the addresses that joined the waitlist through `<Waitlist/>` (when
//! sign-ups go through it), and the decisions on them.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Call, ClerkClient, ClerkError, DeletedObject, Invitation};

/// The waitlist endpoints; get them with [`ClerkClient::waitlist_entries`].
#[derive(Clone, Copy, Debug)]
pub struct WaitlistEntriesApi<'a> {
    pub(super) client: &'a ClerkClient,
}

/// One address on the waitlist (`WaitlistEntry` in `@clerk/backend`). Times are Unix
/// milliseconds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WaitlistEntry {
    /// `wle_…`.
    pub id: String,
    /// The address that joined.
    pub email_address: String,
    /// `pending`, `invited`, `rejected`, or `completed` once the invited address signed up.
    pub status: String,
    /// The invitation an invite made.
    #[serde(default)]
    pub invitation: Option<Invitation>,
    /// When it joined.
    #[serde(default)]
    pub created_at: i64,
    /// When it last changed.
    #[serde(default)]
    pub updated_at: i64,
}

impl WaitlistEntriesApi<'_> {
    /// The entries, newest first: every page of them; only those with `status` when given.
    pub async fn list_waitlist_entries(
        &self,
        status: Option<&str>,
    ) -> Result<Vec<WaitlistEntry>, ClerkError> {
        self.client
            .every_page(|| {
                Call::new(http::Method::GET, &["waitlist_entries"]).query_some("status", status)
            })
            .await
    }

    /// Puts `email_address` on the waitlist; an address already there gives its entry back.
    pub async fn create_waitlist_entry(
        &self,
        email_address: &str,
    ) -> Result<WaitlistEntry, ClerkError> {
        let body = json!({ "email_address": email_address });
        let call = Call::new(http::Method::POST, &["waitlist_entries"]).body(&body);
        self.client.json(call).await
    }

    /// Invites the entry: an invitation to sign up goes to its address (Clerk emails it).
    /// `ignore_existing` invites even when the address already has a pending invitation.
    pub async fn invite_waitlist_entry(
        &self,
        entry_id: &str,
        ignore_existing: bool,
    ) -> Result<WaitlistEntry, ClerkError> {
        let body = json!({ "ignore_existing": ignore_existing });
        let segments = ["waitlist_entries", entry_id, "invite"];
        let call = Call::new(http::Method::POST, &segments).body(&body);
        self.client.json(call).await
    }

    /// Rejects the entry (revoking the invitation it may have had).
    pub async fn reject_waitlist_entry(&self, entry_id: &str) -> Result<WaitlistEntry, ClerkError> {
        let segments = ["waitlist_entries", entry_id, "reject"];
        self.client
            .json(Call::new(http::Method::POST, &segments))
            .await
    }

    /// Deletes a pending entry.
    pub async fn delete_waitlist_entry(&self, entry_id: &str) -> Result<DeletedObject, ClerkError> {
        let segments = ["waitlist_entries", entry_id];
        self.client
            .json(Call::new(http::Method::DELETE, &segments))
            .await
    }
}
