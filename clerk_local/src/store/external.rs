//! Social sign-in: who a provider says the user is, the external accounts linked to users, and
//! where an attempt's trip through the provider stands.

use serde::{Deserialize, Serialize};

use crate::ids::new_id;

use super::{State, User};

/// What the provider vouches for after consent: its user id, a verified email address, names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Identity {
    /// The strategy, e.g. `oauth_google`.
    pub provider: String,
    pub provider_user_id: String,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub approved_scopes: String,
}

/// A provider account linked to a user. Clerk gives a Google account two ids: `id` is its
/// identification (`idn_…`), `external_account_id` the account itself (`eac_…`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct ExternalAccount {
    pub id: String,
    pub external_account_id: String,
    /// What the provider said at the last sign-in.
    #[serde(flatten)]
    pub identity: Identity,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The states of an attempt's external verification, as Clerk names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ExternalStatus {
    /// On the way to the provider: `external_verification_redirect_url` says where.
    Unverified,
    Verified,
    /// The provider vouched for someone the other flow must handle: a sign-in for an unknown
    /// address becomes a sign-up, a sign-up for a known one becomes a sign-in.
    Transferable,
    Failed,
}

impl ExternalStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Unverified => "unverified",
            Self::Verified => "verified",
            Self::Transferable => "transferable",
            Self::Failed => "failed",
        }
    }
}

/// A sign-in's first factor or a sign-up's `external_account` verification.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct ExternalVerification {
    pub strategy: String,
    pub status: ExternalStatus,
    /// The provider's consent page, while `unverified`.
    pub redirect_url: Option<String>,
    /// Clerk's error code when `failed` or `transferable` (`oauth_access_denied`,
    /// `external_account_not_found`, `external_account_exists`).
    pub error: Option<String>,
    /// Who the provider vouched for, kept for a transfer.
    pub identity: Option<Identity>,
    pub expire_at: i64,
    /// When the lock of a `user_locked` refusal ends (ms): its error tells how long is left.
    #[serde(default)]
    pub locked_until: Option<i64>,
}

impl ExternalVerification {
    /// The identity a transfer may use: only a `transferable` verification hands one over.
    pub(crate) fn transferable_identity(&self) -> Option<&Identity> {
        (self.status == ExternalStatus::Transferable)
            .then_some(self.identity.as_ref())
            .flatten()
    }
}

impl ExternalAccount {
    fn new(identity: &Identity, now: i64) -> Self {
        Self {
            id: new_id("idn"),
            external_account_id: new_id("eac"),
            identity: identity.clone(),
            created_at: now,
            updated_at: now,
        }
    }
}

impl State {
    /// Who `identity` signs in as: the user its provider account is linked to, or else the
    /// user with its (verified) email address, as Clerk links accounts.
    pub(crate) fn user_for_identity(&self, identity: &Identity) -> Option<&User> {
        self.user_with_account(identity)
            .or_else(|| self.user_by_email(&identity.email))
    }

    /// The user `identity`'s provider account is linked to.
    pub(crate) fn user_with_account(&self, identity: &Identity) -> Option<&User> {
        self.users.iter().find(|u| {
            u.external_accounts.iter().any(|a| {
                a.identity.provider == identity.provider
                    && a.identity.provider_user_id == identity.provider_user_id
            })
        })
    }

    /// Links `identity` to `user_id` (Clerk links a provider account to the user who has its
    /// verified email address), or refreshes the account already linked. Returns whether the
    /// account is new to the user.
    pub(crate) fn link_external_account(
        &mut self,
        user_id: &str,
        identity: &Identity,
        now: i64,
    ) -> bool {
        let Some(user) = self.user_mut(user_id) else {
            return false;
        };
        let linked = user.external_accounts.iter_mut().find(|a| {
            a.identity.provider == identity.provider
                && a.identity.provider_user_id == identity.provider_user_id
        });
        match linked {
            Some(account) => {
                account.identity = identity.clone();
                account.updated_at = now;
                false
            }
            None => {
                user.external_accounts
                    .push(ExternalAccount::new(identity, now));
                user.updated_at = now;
                true
            }
        }
    }
}
