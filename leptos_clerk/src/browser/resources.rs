//! Reading clerk-js resources (`session`, `user`, `organization`) into the SDK's plain Rust state.
//!
//! The shapes are clerk-js's camelCase resource classes (`@clerk/shared` `SessionResource`,
//! `UserResource`, `OrganizationResource`), not the Frontend API's snake_case JSON.

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::json::from_js;

use crate::state::ClerkResources;
use crate::{
    AuthSnapshot, EmailAddressSnapshot, ExternalAccountSnapshot, MembershipSnapshot,
    OrganizationInvitationSnapshot, OrganizationMemberSnapshot, OrganizationRoleSnapshot,
    OrganizationSnapshot, PhoneNumberSnapshot, SessionSnapshot, UserMembershipSnapshot,
    UserOrganizationInvitationSnapshot, UserSnapshot,
};

/// Everything one clerk-js emission (`{client, session, user, organization}`) tells us, or `None`
/// for clerk-js's state "in transition".
///
/// `null` is signed out; `undefined` is neither in nor out: clerk-js emits it while `setActive`
/// or `signOut` navigates (an organization switch, a sign-out from `<UserButton/>`), and then the
/// new state. Clerk's React components render neither `<SignedIn>` nor `<SignedOut>` then; here
/// the page keeps what it shows, so nothing flashes and `<RedirectToSignIn/>` does not race
/// Clerk's own navigation.
pub fn from_emission(
    resources: &JsValue,
    treat_pending_as_signed_out: bool,
) -> Option<(AuthSnapshot, ClerkResources)> {
    let session = field(resources, "session");
    let user = field(resources, "user");
    if session.is_undefined() || user.is_undefined() {
        return None;
    }
    if session.is_null() || user.is_null() {
        return Some((AuthSnapshot::signed_out(), ClerkResources::default()));
    }
    let organization = organization(&field(resources, "organization"));
    let membership = organization
        .as_ref()
        .and_then(|org| membership(&user, &org.id));
    let claims = json_of(&field(
        &field(&field(&session, "lastActiveToken"), "jwt"),
        "claims",
    ));
    let user_snapshot = user_from_resource(&user);
    let session_snapshot = SessionSnapshot {
        id: text(&session, "id").unwrap_or_default(),
        status: text(&session, "status"),
        last_active_at: time(&field(&session, "lastActiveAt")),
        expire_at: time(&field(&session, "expireAt")),
    };
    let auth = AuthSnapshot {
        user_id: text(&user, "id"),
        session_id: text(&session, "id"),
        session_status: text(&session, "status"),
        org_id: organization.as_ref().map(|o| o.id.clone()),
        org_role: membership.as_ref().and_then(|m| m.role.clone()),
        org_slug: organization.as_ref().and_then(|o| o.slug.clone()),
        org_permissions: membership.as_ref().map(|m| m.permissions.clone()),
        actor: claims.as_ref().and_then(|c| c.get("act")).cloned(),
        session_claims: claims,
        user: Some(user_snapshot.clone()),
    }
    .pending_as_signed_out(treat_pending_as_signed_out);
    // A pending session counted as signed out is signed out for `use_auth()` and the control
    // components only: the user and the session stay, as Clerk's `useUser()` and `useSession()`
    // keep them, so a page that resolves the task (choosing an organization) can show them.
    let resources = ClerkResources {
        user: Some(user_snapshot),
        session: Some(session_snapshot),
        organization: organization.filter(|_| auth.is_signed_in()),
        membership: membership.filter(|_| auth.is_signed_in()),
    };
    Some((auth, resources))
}

/// A clerk-js `UserResource` as the SDK's public user profile.
pub fn user_from_resource(user: &JsValue) -> UserSnapshot {
    UserSnapshot {
        id: text(user, "id").unwrap_or_default(),
        first_name: text(user, "firstName"),
        last_name: text(user, "lastName"),
        username: text(user, "username"),
        image_url: text(user, "imageUrl"),
        primary_email_address: text(&field(user, "primaryEmailAddress"), "emailAddress"),
        email_addresses: email_addresses(user),
        primary_phone_number: text(&field(user, "primaryPhoneNumber"), "phoneNumber"),
        phone_numbers: phone_numbers(user),
        external_accounts: external_accounts(user),
        public_metadata: json_of(&field(user, "publicMetadata")).unwrap_or_default(),
        unsafe_metadata: json_of(&field(user, "unsafeMetadata")).unwrap_or_default(),
        has_image: field(user, "hasImage").as_bool().unwrap_or_default(),
        password_enabled: field(user, "passwordEnabled").as_bool().unwrap_or_default(),
        two_factor_enabled: field(user, "twoFactorEnabled")
            .as_bool()
            .unwrap_or_default(),
        created_at: millis(&field(user, "createdAt")),
        last_sign_in_at: millis(&field(user, "lastSignInAt")),
    }
}

/// `user.emailAddresses`: `EmailAddressResource`s with `verification.status`.
fn email_addresses(user: &JsValue) -> Vec<EmailAddressSnapshot> {
    each(user, "emailAddresses", |email| EmailAddressSnapshot {
        id: text(email, "id").unwrap_or_default(),
        email_address: text(email, "emailAddress").unwrap_or_default(),
        verified: is_verified(email),
    })
}

/// `user.phoneNumbers`: `PhoneNumberResource`s with `verification.status`.
fn phone_numbers(user: &JsValue) -> Vec<PhoneNumberSnapshot> {
    each(user, "phoneNumbers", |phone| PhoneNumberSnapshot {
        id: text(phone, "id").unwrap_or_default(),
        phone_number: text(phone, "phoneNumber").unwrap_or_default(),
        verified: is_verified(phone),
    })
}

/// `user.externalAccounts`: `ExternalAccountResource`s, whose `provider` clerk-js already
/// names without its `oauth_`.
fn external_accounts(user: &JsValue) -> Vec<ExternalAccountSnapshot> {
    each(user, "externalAccounts", |account| {
        ExternalAccountSnapshot {
            id: text(account, "id").unwrap_or_default(),
            provider: text(account, "provider").unwrap_or_default(),
            email_address: text(account, "emailAddress"),
            username: text(account, "username"),
            image_url: text(account, "imageUrl"),
            verified: is_verified(account),
        }
    })
}

/// Whether a resource's `verification.status` is `verified`.
fn is_verified(resource: &JsValue) -> bool {
    text(&field(resource, "verification"), "status").as_deref() == Some("verified")
}

/// Each entry of the array `object[key]`, read by `read`; none when it is not an array.
pub(super) fn each<T>(object: &JsValue, key: &str, read: impl Fn(&JsValue) -> T) -> Vec<T> {
    field(object, key)
        .dyn_into::<Array>()
        .map(|list| list.iter().map(|item| read(&item)).collect())
        .unwrap_or_default()
}

/// A clerk-js `OrganizationResource` (`Clerk.organization`, a membership's `organization`,
/// `Clerk.createOrganization`'s answer).
pub fn organization(org: &JsValue) -> Option<OrganizationSnapshot> {
    Some(OrganizationSnapshot {
        id: text(org, "id")?,
        name: text(org, "name"),
        slug: text(org, "slug"),
        image_url: text(org, "imageUrl"),
        members_count: field(org, "membersCount").as_f64().map(|n| n as u32),
    })
}

/// The user's membership in `org_id`, from `user.organizationMemberships` (where clerk-js keeps
/// the role and permissions; Clerk's React hooks read them from there too).
fn membership(user: &JsValue, org_id: &str) -> Option<MembershipSnapshot> {
    membership_in(user, org_id).map(|m| membership_of(&m))
}

/// clerk-js's `OrganizationResource` for `org_id`, from the user's membership in it.
pub(super) fn organization_resource(user: &JsValue, org_id: &str) -> Option<JsValue> {
    membership_in(user, org_id).map(|m| field(&m, "organization"))
}

fn membership_in(user: &JsValue, org_id: &str) -> Option<JsValue> {
    memberships_of(user)?
        .iter()
        .find(|m| text(&field(m, "organization"), "id").as_deref() == Some(org_id))
}

/// A clerk-js `OrganizationMembershipResource` from `organization.getMemberships()`: the
/// member's public data flattened.
pub(super) fn member(membership: &JsValue) -> OrganizationMemberSnapshot {
    let user = field(membership, "publicUserData");
    OrganizationMemberSnapshot {
        id: text(membership, "id").unwrap_or_default(),
        role: text(membership, "role"),
        role_name: text(membership, "roleName"),
        user_id: text(&user, "userId"),
        identifier: text(&user, "identifier"),
        first_name: text(&user, "firstName"),
        last_name: text(&user, "lastName"),
        image_url: text(&user, "imageUrl"),
        created_at: time(&field(membership, "createdAt")).map(|ms| ms as i64),
    }
}

/// A clerk-js `OrganizationInvitationResource` from `organization.getInvitations()` or
/// `organization.inviteMember()`.
pub(super) fn invitation(invitation: &JsValue) -> OrganizationInvitationSnapshot {
    OrganizationInvitationSnapshot {
        id: text(invitation, "id").unwrap_or_default(),
        email_address: text(invitation, "emailAddress").unwrap_or_default(),
        role: text(invitation, "role"),
        role_name: text(invitation, "roleName"),
        status: text(invitation, "status").unwrap_or_default(),
        created_at: millis(&field(invitation, "createdAt")),
    }
}

/// A clerk-js `UserOrganizationInvitationResource` from `user.getOrganizationInvitations()`.
pub(super) fn user_invitation(invitation: &JsValue) -> UserOrganizationInvitationSnapshot {
    let org = field(invitation, "publicOrganizationData");
    UserOrganizationInvitationSnapshot {
        id: text(invitation, "id").unwrap_or_default(),
        email_address: text(invitation, "emailAddress").unwrap_or_default(),
        organization: OrganizationSnapshot {
            id: text(&org, "id").unwrap_or_default(),
            name: text(&org, "name"),
            slug: text(&org, "slug"),
            image_url: text(&org, "imageUrl"),
            members_count: None,
        },
        role: text(invitation, "role"),
        status: text(invitation, "status").unwrap_or_default(),
        created_at: millis(&field(invitation, "createdAt")),
    }
}

/// A clerk-js `RoleResource` from `organization.getRoles()`.
pub(super) fn role(role: &JsValue) -> OrganizationRoleSnapshot {
    OrganizationRoleSnapshot {
        key: text(role, "key").unwrap_or_default(),
        name: text(role, "name").unwrap_or_default(),
        description: text(role, "description").filter(|d| !d.is_empty()),
    }
}

/// Every organization of the user's, with their membership in it, in clerk-js's order.
pub fn user_memberships(user: &JsValue) -> Vec<UserMembershipSnapshot> {
    let Some(memberships) = memberships_of(user) else {
        return Vec::new();
    };
    memberships
        .iter()
        .filter_map(|m| {
            Some(UserMembershipSnapshot {
                organization: organization(&field(&m, "organization"))?,
                membership: membership_of(&m),
            })
        })
        .collect()
}

/// `user.organizationMemberships`: `OrganizationMembershipResource`s (read in place: every
/// clerk-js emission looks up the active one here).
fn memberships_of(user: &JsValue) -> Option<Array> {
    field(user, "organizationMemberships")
        .dyn_into::<Array>()
        .ok()
}

fn membership_of(membership: &JsValue) -> MembershipSnapshot {
    let permissions = field(membership, "permissions")
        .dyn_into::<Array>()
        .map(|list| list.iter().filter_map(|p| p.as_string()).collect())
        .unwrap_or_default();
    MembershipSnapshot {
        id: text(membership, "id").unwrap_or_default(),
        role: text(membership, "role"),
        permissions,
    }
}

pub(super) fn field(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub(super) fn text(object: &JsValue, key: &str) -> Option<String> {
    field(object, key).as_string().filter(|s| !s.is_empty())
}

fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// A clerk-js `Date` field in Unix milliseconds.
pub(super) fn time(value: &JsValue) -> Option<f64> {
    value
        .dyn_ref::<js_sys::Date>()
        .map(js_sys::Date::get_time)
        .filter(|t| t.is_finite())
}

/// A clerk-js `Date` field in whole Unix milliseconds.
#[allow(clippy::cast_possible_truncation)]
fn millis(value: &JsValue) -> Option<i64> {
    time(value).map(|ms| ms as i64)
}

/// A plain JS object as JSON data (claims and metadata are plain data).
fn json_of(value: &JsValue) -> Option<serde_json::Value> {
    (!is_absent(value)).then(|| from_js(value))
}
