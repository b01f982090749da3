//! `/v1/organizations` endpoints, with tolerant models.

use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Call, ClerkClient, ClerkError, List};

/// The organizations endpoints; get it with [`ClerkClient::organizations`].
#[derive(Clone, Copy, Debug)]
pub struct OrganizationsApi<'a> {
    pub(super) client: &'a ClerkClient,
}

/// An organization. Unknown fields are ignored; timestamps are Unix milliseconds.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    /// `org_…`
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// URL slug.
    #[serde(default)]
    pub slug: Option<String>,
    /// Logo URL.
    #[serde(default)]
    pub image_url: Option<String>,
    /// Number of members, when the API includes it.
    #[serde(default)]
    pub members_count: Option<u64>,
    /// Visible to members.
    #[serde(default)]
    pub public_metadata: Value,
    /// Backend-only; never serialized.
    #[serde(default, skip_serializing)]
    pub private_metadata: Option<Value>,
    /// Unix ms.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// Unix ms.
    #[serde(default)]
    pub updated_at: Option<i64>,
}

/// A user's membership in an organization.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationMembership {
    /// `orgmem_…`
    pub id: String,
    /// `org:admin`, `org:member`, or a custom role (an open set).
    #[serde(default)]
    pub role: String,
    /// The role's permissions.
    #[serde(default)]
    pub permissions: Vec<String>,
    /// The organization.
    #[serde(default)]
    pub organization: Option<Organization>,
    /// The member, as Clerk's `public_user_data` (`user_id`, names, `identifier`, …).
    #[serde(default)]
    pub public_user_data: Option<Value>,
    /// Unix ms.
    #[serde(default)]
    pub created_at: Option<i64>,
}

impl OrganizationsApi<'_> {
    /// `GET /v1/organizations/{organization_id_or_slug}`.
    pub async fn get_organization(&self, id_or_slug: &str) -> Result<Organization, ClerkError> {
        if id_or_slug.trim().is_empty() {
            return Err(ClerkError::InvalidArgument("the organization id is empty"));
        }
        self.client.get_json(&["organizations", id_or_slug]).await
    }

    /// `GET /v1/organizations/{organization_id}/memberships`, one page.
    pub async fn list_memberships(
        &self,
        organization_id: &str,
        limit: Option<u32>,
        offset: Option<u32>,
    ) -> Result<Vec<OrganizationMembership>, ClerkError> {
        if organization_id.trim().is_empty() {
            return Err(ClerkError::InvalidArgument("the organization id is empty"));
        }
        let segments = ["organizations", organization_id, "memberships"];
        let mut call = Call::new(Method::GET, &segments);
        if let Some(limit) = limit {
            call = call.query("limit", limit.to_string());
        }
        if let Some(offset) = offset {
            call = call.query("offset", offset.to_string());
        }
        let list: List<OrganizationMembership> = self.client.json(call).await?;
        Ok(list.into_vec())
    }
}

// By hand, so that `private_metadata` never reaches a log line.
impl std::fmt::Debug for Organization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let private = self.private_metadata.is_some();
        crate::server::redact::debug_json(f, "Organization", self, &[("private_metadata", private)])
    }
}
