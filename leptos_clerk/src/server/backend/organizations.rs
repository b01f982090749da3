//! `/v1/organizations` endpoints, with tolerant models.

use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::users::{non_empty, to_json};
use super::{Call, ClerkClient, ClerkError, DeletedObject, List};

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

/// The fields of a new or updated organization; unset fields are not sent.
///
/// ```
/// # use leptos_clerk::server::OrganizationParams;
/// let mut params = OrganizationParams::named("Acme");
/// params.created_by = Some("user_123".into());
/// ```
#[derive(Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct OrganizationParams {
    /// Display name (required to create one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// URL slug; Clerk derives one from the name when it is unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// On create: the user who becomes its first member, with the creator role (not sent by
    /// [`OrganizationsApi::update_organization`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// Visible to members (replaced whole on update).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_metadata: Option<Value>,
    /// Backend-only (replaced whole on update).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_metadata: Option<Value>,
    /// The most members it may have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_allowed_memberships: Option<u32>,
}

impl OrganizationParams {
    /// An organization called `name`, the other fields unset.
    #[must_use]
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            ..Self::default()
        }
    }
}

/// An invitation to join an organization (`OrganizationInvitation` in `@clerk/backend`).
/// Timestamps are Unix milliseconds.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganizationInvitation {
    /// `orginv_…`
    pub id: String,
    /// The address invited.
    pub email_address: String,
    /// The organization.
    #[serde(default)]
    pub organization_id: String,
    /// The role the invitee gets on accepting.
    #[serde(default)]
    pub role: String,
    /// The role's name, for people.
    #[serde(default)]
    pub role_name: Option<String>,
    /// `pending`, `accepted`, `revoked` or `expired`.
    #[serde(default)]
    pub status: String,
    /// Copied to the membership's `public_metadata` when accepted.
    #[serde(default)]
    pub public_metadata: Value,
    /// The link the invitation email carries, with its ticket (where Clerk sends one).
    #[serde(default)]
    pub url: Option<String>,
    /// When it stops being usable.
    #[serde(default)]
    pub expires_at: Option<i64>,
    /// Unix ms.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// Unix ms.
    #[serde(default)]
    pub updated_at: Option<i64>,
}

// By hand: the link's ticket joins its holder to the organization.
impl std::fmt::Debug for OrganizationInvitation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secrets = [("url", self.url.is_some())];
        crate::server::redact::debug_json(f, "OrganizationInvitation", self, &secrets)
    }
}

/// A new organization invitation: the address and the role, and what else
/// `@clerk/backend`'s `createOrganizationInvitation` takes (unset fields are not sent).
///
/// ```
/// # use leptos_clerk::server::OrganizationInvitationParams;
/// let mut params = OrganizationInvitationParams::new("grace@example.com", "org:member");
/// params.inviter_user_id = Some("user_123".into());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct OrganizationInvitationParams {
    /// The address to invite.
    pub email_address: String,
    /// `org:member`, `org:admin` or a custom role.
    pub role: String,
    /// Who invites (a member allowed to): the email names them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inviter_user_id: Option<String>,
    /// Where the email's link goes: a page with `<SignUp/>` or `<SignIn/>`, which accepts it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// Copied to the membership's `public_metadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_metadata: Option<Value>,
    /// Days until it expires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in_days: Option<u32>,
}

impl OrganizationInvitationParams {
    /// An invitation for `email_address` as `role`, the other fields unset.
    #[must_use]
    pub fn new(email_address: impl Into<String>, role: impl Into<String>) -> Self {
        Self {
            email_address: email_address.into(),
            role: role.into(),
            ..Self::default()
        }
    }
}

#[derive(Serialize)]
struct MembershipParams<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<&'a str>,
    role: &'a str,
}

impl OrganizationsApi<'_> {
    /// `POST /v1/organizations`: `params.name` is required; with `created_by`, that user is
    /// its first member.
    pub async fn create_organization(
        &self,
        params: &OrganizationParams,
    ) -> Result<Organization, ClerkError> {
        non_empty(
            params.name.as_deref().unwrap_or_default(),
            "the organization's name is empty",
        )?;
        let body = to_json(params)?;
        self.client
            .json(Call::new(Method::POST, &["organizations"]).body(&body))
            .await
    }

    /// `PATCH /v1/organizations/{organization_id}`: changes the fields that are set (not
    /// `created_by`, which only a creation takes).
    pub async fn update_organization(
        &self,
        organization_id: &str,
        params: &OrganizationParams,
    ) -> Result<Organization, ClerkError> {
        non_empty(organization_id, "the organization id is empty")?;
        let mut body = to_json(params)?;
        if let Some(fields) = body.as_object_mut() {
            fields.remove("created_by");
        }
        let segments = ["organizations", organization_id];
        self.client
            .json(Call::new(Method::PATCH, &segments).body(&body))
            .await
    }

    /// `DELETE /v1/organizations/{organization_id}`: the organization and its memberships.
    pub async fn delete_organization(
        &self,
        organization_id: &str,
    ) -> Result<DeletedObject, ClerkError> {
        non_empty(organization_id, "the organization id is empty")?;
        let segments = ["organizations", organization_id];
        self.client.json(Call::new(Method::DELETE, &segments)).await
    }

    /// `POST /v1/organizations/{organization_id}/memberships`: adds `user_id` with `role`
    /// (`org:member`, `org:admin` or a custom role).
    pub async fn create_membership(
        &self,
        organization_id: &str,
        user_id: &str,
        role: &str,
    ) -> Result<OrganizationMembership, ClerkError> {
        self.write_membership(Method::POST, organization_id, user_id, role)
            .await
    }

    /// `PATCH /v1/organizations/{organization_id}/memberships/{user_id}`: gives the member
    /// `role`.
    pub async fn update_membership(
        &self,
        organization_id: &str,
        user_id: &str,
        role: &str,
    ) -> Result<OrganizationMembership, ClerkError> {
        self.write_membership(Method::PATCH, organization_id, user_id, role)
            .await
    }

    /// A new member (`POST`, the user in the body) or a member's new role (`PATCH`, the user
    /// in the path).
    async fn write_membership(
        &self,
        method: Method,
        organization_id: &str,
        user_id: &str,
        role: &str,
    ) -> Result<OrganizationMembership, ClerkError> {
        non_empty(organization_id, "the organization id is empty")?;
        non_empty(user_id, "the user id is empty")?;
        non_empty(role, "the role is empty")?;
        let adding = method == Method::POST;
        let body = to_json(&MembershipParams {
            user_id: adding.then_some(user_id),
            role,
        })?;
        let mut segments = vec!["organizations", organization_id, "memberships"];
        if !adding {
            segments.push(user_id);
        }
        self.client
            .json(Call::new(method, &segments).body(&body))
            .await
    }

    /// `DELETE /v1/organizations/{organization_id}/memberships/{user_id}`: answers the
    /// membership that was removed.
    pub async fn delete_membership(
        &self,
        organization_id: &str,
        user_id: &str,
    ) -> Result<OrganizationMembership, ClerkError> {
        non_empty(organization_id, "the organization id is empty")?;
        non_empty(user_id, "the user id is empty")?;
        let segments = ["organizations", organization_id, "memberships", user_id];
        self.client.json(Call::new(Method::DELETE, &segments)).await
    }

    /// `GET /v1/organizations`, newest first, every page; `query` keeps those whose name or
    /// slug contains it.
    pub async fn list_organizations(
        &self,
        query: Option<&str>,
    ) -> Result<Vec<Organization>, ClerkError> {
        self.client
            .every_page(|| Call::new(Method::GET, &["organizations"]).query_some("query", query))
            .await
    }

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
        let call = Call::new(Method::GET, &segments)
            .query_some("limit", limit.map(|l| l.to_string()))
            .query_some("offset", offset.map(|o| o.to_string()));
        let list: List<OrganizationMembership> = self.client.json(call).await?;
        Ok(list.into_vec())
    }

    /// `POST /v1/organizations/{organization_id}/invitations`: invites `params.email_address`
    /// as `params.role` (Clerk emails the link).
    pub async fn create_organization_invitation(
        &self,
        organization_id: &str,
        params: &OrganizationInvitationParams,
    ) -> Result<OrganizationInvitation, ClerkError> {
        non_empty(organization_id, "the organization id is empty")?;
        non_empty(&params.email_address, "the email address is empty")?;
        non_empty(&params.role, "the role is empty")?;
        let body = to_json(params)?;
        let segments = ["organizations", organization_id, "invitations"];
        self.client
            .json(Call::new(Method::POST, &segments).body(&body))
            .await
    }

    /// `GET /v1/organizations/{organization_id}/invitations`, every page; `status` keeps one
    /// status (`pending`, `accepted`, `revoked`).
    pub async fn list_organization_invitations(
        &self,
        organization_id: &str,
        status: Option<&str>,
    ) -> Result<Vec<OrganizationInvitation>, ClerkError> {
        non_empty(organization_id, "the organization id is empty")?;
        let segments = ["organizations", organization_id, "invitations"];
        self.client
            .every_page(|| Call::new(Method::GET, &segments).query_some("status", status))
            .await
    }

    /// `POST /v1/organizations/{organization_id}/invitations/{invitation_id}/revoke`: its link
    /// stops working. `requesting_user_id`: the member who revokes it, where the app acts for
    /// one. Only a pending invitation can be revoked.
    pub async fn revoke_organization_invitation(
        &self,
        organization_id: &str,
        invitation_id: &str,
        requesting_user_id: Option<&str>,
    ) -> Result<OrganizationInvitation, ClerkError> {
        non_empty(organization_id, "the organization id is empty")?;
        non_empty(invitation_id, "the invitation id is empty")?;
        let body = match requesting_user_id {
            Some(user_id) => serde_json::json!({ "requesting_user_id": user_id }),
            None => serde_json::json!({}),
        };
        let segments = [
            "organizations",
            organization_id,
            "invitations",
            invitation_id,
            "revoke",
        ];
        self.client
            .json(Call::new(Method::POST, &segments).body(&body))
            .await
    }
}

// By hand, so that `private_metadata` never reaches a log line.
impl std::fmt::Debug for OrganizationParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let private = self.private_metadata.is_some();
        crate::server::redact::debug_json(
            f,
            "OrganizationParams",
            self,
            &[("private_metadata", private)],
        )
    }
}

impl std::fmt::Debug for Organization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let private = self.private_metadata.is_some();
        crate::server::redact::debug_json(f, "Organization", self, &[("private_metadata", private)])
    }
}
