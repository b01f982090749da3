//! The two kinds of API answer: a JSON resource (with cookies or a redirect) and a Clerk error body.

use axum::response::{IntoResponse, Response};
use axum::Json;
use http::header::{CACHE_CONTROL, LOCATION, RETRY_AFTER, SET_COOKIE};
use http::{HeaderValue, StatusCode};
use serde_json::{json, Value};

use crate::codes::CodeRefusal;
use crate::ids;
use crate::password::PasswordError;
use crate::store::{
    ApiKeyRefusal, InvitationError, OrgError, WaitlistError, MAX_API_KEYS_PER_OWNER,
    MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_WAITLIST_ENTRIES,
};

/// A successful answer. API responses are never cacheable: they carry the caller's session.
#[derive(Debug)]
pub(crate) struct Reply {
    status: StatusCode,
    body: Option<Value>,
    cookies: Vec<String>,
    location: Option<String>,
}

impl Reply {
    pub(crate) fn json(body: Value) -> Self {
        Self {
            status: StatusCode::OK,
            body: Some(body),
            cookies: Vec::new(),
            location: None,
        }
    }

    /// A `307 Temporary Redirect`, the status Clerk's SDKs use around the handshake.
    pub(crate) fn redirect(location: String) -> Self {
        Self {
            status: StatusCode::TEMPORARY_REDIRECT,
            body: None,
            cookies: Vec::new(),
            location: Some(location),
        }
    }

    pub(crate) fn with_cookies(mut self, cookies: Vec<String>) -> Self {
        self.cookies.extend(cookies);
        self
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = match self.body {
            Some(body) => (self.status, Json(body)).into_response(),
            None => self.status.into_response(),
        };
        let headers = response.headers_mut();
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        for cookie in self.cookies {
            // Cookie values are ids, tokens and numbers we made ourselves: always valid headers.
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                headers.append(SET_COOKIE, value);
            }
        }
        if let Some(location) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            headers.insert(LOCATION, location);
        }
        response
    }
}

/// A Clerk error: `{"errors":[{code, message, long_message, meta}], "clerk_trace_id"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    status: StatusCode,
    pub(crate) code: &'static str,
    message: String,
    long_message: String,
    param_name: Option<&'static str>,
    /// Seconds, for a 429's `Retry-After`.
    retry_after_secs: Option<u32>,
    /// What `meta` holds besides `param_name`, for the few errors that say more (boxed, as
    /// `next`, to keep every `Result<_, ApiError>` small).
    detail: Option<Box<Detail>>,
    /// The answer's next entry: Clerk refuses a form once, listing each field that is wrong.
    /// (A chain, not a `Vec`, to keep every `Result<_, ApiError>` small.)
    next: Option<Box<ApiError>>,
}

/// An error's `meta`, beyond the parameter it names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Detail {
    /// `lockout_expires_in_seconds` of a `user_locked` error.
    LockoutExpiresIn(i64),
    /// `email_addresses` of a `duplicate_record` invitation: the addresses refused.
    EmailAddresses(Vec<String>),
}

/// An organization command's refusal, in Clerk's words.
impl From<OrgError> for ApiError {
    fn from(error: OrgError) -> Self {
        match error {
            OrgError::OrganizationNotFound => Self::not_found("Organization"),
            OrgError::UserNotFound => Self::not_found("User"),
            OrgError::MembershipNotFound => Self::not_found("Organization membership"),
            OrgError::SlugExists => Self::slug_exists(),
            OrgError::AlreadyMember => Self::already_member(),
            OrgError::MinimumPermissionsNeeded => Self::minimum_permissions_needed(),
        }
    }
}

/// A code's refusal, in Clerk's words.
impl From<CodeRefusal> for ApiError {
    fn from(refusal: CodeRefusal) -> Self {
        match refusal {
            CodeRefusal::Incorrect => Self::code_incorrect(),
            CodeRefusal::TooManyAttempts => Self::verification_failed(),
        }
    }
}

/// A new API key's refusal.
impl From<ApiKeyRefusal> for ApiError {
    fn from(refusal: ApiKeyRefusal) -> Self {
        match refusal {
            ApiKeyRefusal::NameTaken => Self::api_key_name_taken(),
            ApiKeyRefusal::NameTooLong => Self::param_invalid(
                "name",
                &format!("name must be at most {MAX_NAME_CHARS} characters"),
            ),
            ApiKeyRefusal::DescriptionTooLong => Self::param_invalid(
                "description",
                &format!("description must be at most {MAX_DESCRIPTION_CHARS} characters"),
            ),
            ApiKeyRefusal::TooMany => Self::too_many_api_keys(MAX_API_KEYS_PER_OWNER),
        }
    }
}

/// A refused waitlist change, in Clerk's words where Clerk has them.
impl From<WaitlistError> for ApiError {
    fn from(error: WaitlistError) -> Self {
        match error {
            WaitlistError::NotFound => Self::not_found("Waitlist entry"),
            WaitlistError::EmailInvalid => Self::email_invalid(),
            WaitlistError::Full => Self::waitlist_full(MAX_WAITLIST_ENTRIES),
            WaitlistError::Completed => Self::waitlist_entry_completed(),
            WaitlistError::NotPending => Self::waitlist_entry_not_pending(),
            WaitlistError::Invitation(InvitationError::AlreadyUser, _) => Self::identifier_exists(),
            WaitlistError::Invitation(_, email) => Self::duplicate_invitation(&[email]),
        }
    }
}

/// A new password's refusal, in Clerk's words.
impl From<PasswordError> for ApiError {
    fn from(error: PasswordError) -> Self {
        match error {
            PasswordError::TooShort { min_length } => Self::password_too_short(min_length),
            PasswordError::Hashing(error) => {
                tracing::error!(%error, "clerk_local: could not hash a password");
                Self::internal()
            }
        }
    }
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            status,
            code,
            long_message: message.clone(),
            message,
            param_name: None,
            retry_after_secs: None,
            detail: None,
            next: None,
        }
    }

    fn long(mut self, long_message: impl Into<String>) -> Self {
        self.long_message = long_message.into();
        self
    }

    pub(crate) fn with_param(self, name: &'static str) -> Self {
        self.param(name)
    }

    fn param(mut self, name: &'static str) -> Self {
        self.param_name = Some(name);
        self
    }

    pub(crate) fn identifier_not_found() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_identifier_not_found",
            "Couldn't find your account.",
        )
        .param("identifier")
    }

    pub(crate) fn password_incorrect() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_password_incorrect",
            "Password is incorrect. Try again, or use another method.",
        )
        .param("password")
    }

    pub(crate) fn param_missing(param: &'static str, message: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_missing",
            message,
        )
        .param(param)
    }

    pub(crate) fn param_invalid(param: &'static str, message: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_format_invalid",
            message,
        )
        .param(param)
    }

    /// A parameter this instance does not take (Clerk's answer for an attribute turned off).
    pub(crate) fn param_unknown(param: &'static str, message: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_unknown",
            message,
        )
        .param(param)
    }

    pub(crate) fn identifier_exists() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_identifier_exists",
            "That email address is taken. Please try another.",
        )
        .param("email_address")
    }

    pub(crate) fn password_too_short(min_length: usize) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_password_length_too_short",
            format!("Your password must contain {min_length} or more characters."),
        )
        .param("password")
    }

    pub(crate) fn strategy_not_supported() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "strategy_for_user_invalid",
            "The local Clerk instance supports the password, email_code and ticket strategies, \
             and totp and backup_code as second factors.",
        )
        .param("strategy")
    }

    pub(crate) fn code_incorrect() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_code_incorrect",
            "Incorrect code",
        )
        .param("code")
    }

    /// A code that was entered wrong too often is void: a new one must be sent.
    pub(crate) fn verification_failed() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "verification_failed",
            "Too many failed attempts. You have to try again with the same or another method.",
        )
        .param("code")
    }

    /// Rate limited (wrong passwords or codes in a row), with `Retry-After`.
    pub(crate) fn too_many_requests(retry_after_secs: u64) -> Self {
        let mut error = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            "Too many requests. Please try again in a bit.",
        )
        .long(format!(
            "Too many failed attempts for this account. Try again in {retry_after_secs} seconds."
        ));
        error.retry_after_secs = Some(u32::try_from(retry_after_secs).unwrap_or(u32::MAX));
        error
    }

    /// A state-changing Frontend API request from a page of another origin (CSRF).
    pub(crate) fn origin_invalid() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "origin_invalid",
            "The request's origin is not the app's.",
        )
        .long(
            "The local Clerk instance accepts changes only from pages of the app's own origin \
             (the Origin or Referer header must name it).",
        )
    }

    /// A `Host` that is not one of the instance's names (DNS rebinding).
    pub(crate) fn host_invalid() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "host_invalid",
            "The request's Host is not one of the local instance's.",
        )
        .long(
            "The local Clerk instance answers only to localhost, 127.0.0.1, [::1] and the host \
             of its configured origin.",
        )
    }

    pub(crate) fn ticket_invalid() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "ticket_invalid",
            "The sign-in token is invalid, expired or already used.",
        )
        .param("ticket")
    }

    pub(crate) fn forbidden(message: &str) -> Self {
        Self::new(StatusCode::FORBIDDEN, "not_allowed_access", message)
    }

    pub(crate) fn body_invalid() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "request_body_invalid",
            "The request body is invalid. Please consult the API documentation for more information.",
        )
    }

    pub(crate) fn already_member() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "already_a_member_in_organization",
            "The user is already a member of this organization.",
        )
        .param("user_id")
    }

    /// Demoting or removing the organization's last member who may manage its members.
    pub(crate) fn minimum_permissions_needed() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "organization_minimum_permissions_needed",
            "There has to be at least one organization member with the minimum required \
             permissions",
        )
    }

    /// The session must verify a factor again (the local instance does not emulate the
    /// reverification flow: sign in again instead).
    pub(crate) fn reverification_required() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "session_reverification_required",
            "You need to provide additional verification to perform this operation",
        )
    }

    /// clerk-js's `SIGN_UP_MODE_RESTRICTED`: only invited addresses may sign up.
    pub(crate) fn sign_up_restricted() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "sign_up_mode_restricted",
            "Sign-ups are restricted on this instance: ask an administrator for an invitation.",
        )
    }

    /// clerk-js's `SIGN_UP_MODE_RESTRICTED_WAITLIST`: sign-ups are by invitation, and the way to
    /// one is the waitlist.
    pub(crate) fn sign_up_restricted_waitlist() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "sign_up_restricted_waitlist",
            "Sign-ups are by invitation on this instance: join the waitlist.",
        )
    }

    /// An `email_address` that is not one.
    pub(crate) fn email_invalid() -> Self {
        Self::param_invalid(
            "email_address",
            "email_address must be a valid email address.",
        )
    }

    /// The waitlist holds as many pending entries as it may.
    pub(crate) fn waitlist_full(limit: usize) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "waitlist_full",
            format!(
                "The waitlist holds {limit} pending entries: invite, reject or delete some first."
            ),
        )
    }

    /// A waitlist entry whose address has signed up: nothing is left to decide.
    pub(crate) fn waitlist_entry_completed() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "waitlist_entry_completed",
            "This waitlist entry's address has already signed up.",
        )
    }

    /// Only a pending waitlist entry may be deleted.
    pub(crate) fn waitlist_entry_not_pending() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "waitlist_entry_not_pending",
            "Only a pending waitlist entry can be deleted.",
        )
    }

    /// A banned user tries to sign in (clerk-js's `USER_BANNED`).
    pub(crate) fn user_banned() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "user_banned",
            "You are not allowed to access this application.",
        )
        .long("This account is banned: it cannot sign in.")
    }

    /// A locked user tries to sign in (clerk-js's `USER_LOCKED`), with the seconds left.
    pub(crate) fn user_locked(expires_in_secs: i64) -> Self {
        let minutes = (expires_in_secs + 59) / 60;
        let mut error =
            Self::new(StatusCode::FORBIDDEN, "user_locked", "Account locked").long(format!(
                "Your account is locked. You will be able to try again in {minutes} minutes. \
                 For more information, please contact support."
            ));
        error.detail = Some(Box::new(Detail::LockoutExpiresIn(expires_in_secs)));
        error
    }

    /// `POST /v1/users/{id}/verify_password` with the wrong password.
    pub(crate) fn incorrect_password() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "incorrect_password",
            "Incorrect password",
        )
        .long("Password is incorrect. Try again, or use another method.")
        .param("password")
    }

    /// An invitation (to the instance, or to an organization) for addresses already invited.
    /// Clerk's `<OrganizationProfile/>` reads the addresses from `meta.email_addresses`.
    pub(crate) fn duplicate_invitation(emails: &[String]) -> Self {
        let mut error = Self::new(
            StatusCode::BAD_REQUEST,
            "duplicate_record",
            "duplicate invitation",
        )
        .long(format!(
            "There are already pending invitations for the following email addresses: {}",
            emails.join(", ")
        ))
        .param("email_address");
        error.detail = Some(Box::new(Detail::EmailAddresses(emails.to_vec())));
        error
    }

    /// An organization invitation for someone who is a member already. Clerk's
    /// `<OrganizationProfile/>` finds the address in the long message.
    pub(crate) fn already_member_invited(email: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "already_a_member_in_organization",
            "already a member",
        )
        .long(format!("{email} is already a member of the organization."))
        .param("email_address")
    }

    /// Revoking an invitation that is no longer pending.
    pub(crate) fn invitation_not_pending() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "revoke_invitation_not_pending",
            "Only pending invitations can be revoked.",
        )
    }

    /// Single-session mode: a browser with an active session cannot start another.
    pub(crate) fn session_exists() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "session_exists",
            "You're already signed in.",
        )
    }

    pub(crate) fn slug_exists() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_identifier_exists",
            "This slug is taken. Please try another.",
        )
        .param("slug")
    }

    /// A development instance's request without a dev browser it knows; clerk-js then makes a
    /// new one (`POST /v1/dev_browser`) and retries.
    pub(crate) fn dev_browser_unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "dev_browser_unauthenticated",
            "Browser unauthenticated",
        )
        .long(
            "Unable to authenticate this browser for your development instance. Check your \
             Clerk cookies and try again.",
        )
    }

    /// What FAPI answers for a session that does not exist (any more); clerk-js then signs out.
    pub(crate) fn signed_out() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "signed_out", "Signed out").long("You are signed out")
    }

    pub(crate) fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "resource_not_found", "not found")
            .long(format!("{what} not found"))
    }

    /// An organization the signed-in user is not a member of (or that does not exist), asked
    /// to be made active.
    pub(crate) fn not_a_member_of(org_id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "organization_not_found_or_unauthorized",
            "Organization not found or unauthorized",
        )
        .long(format!(
            "The organization {org_id} does not exist or you are not a member of it"
        ))
    }

    pub(crate) fn no_route(method: &str, path: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "resource_not_found", "not found").long(format!(
            "The local Clerk instance does not emulate {method} {path}"
        ))
    }

    pub(crate) fn secret_key_invalid() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "clerk_key_invalid",
            "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.",
        )
        .long(
            "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is \
             correct: the local instance prints its keys at start-up.",
        )
    }

    pub(crate) fn redirect_url_invalid() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_url_scheme",
            "The redirect_url is not on the app's origin.",
        )
        .param("redirect_url")
    }

    /// An OAuth callback whose `state` is unknown, used, expired or another browser's, or
    /// whose `code` is not the one the consent page issued.
    pub(crate) fn oauth_state_invalid() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "oauth_state_invalid",
            "This sign-in link is invalid or has already been used.",
        )
        .long(
            "The OAuth callback's state is unknown, already used, expired or was started by \
             another browser: start the sign-in again.",
        )
    }

    /// `POST /m2m_tokens` without a live machine's secret key (the instance's, or one whose
    /// machine was deleted).
    pub(crate) fn machine_secret_key_invalid() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "machine_secret_key_invalid",
            "An M2M token is issued to a machine: send that machine's secret key (ak_…).",
        )
        .long(
            "An M2M token is issued to a machine: send that machine's secret key (ak_…) as \
             Authorization: Bearer; GET /v1/machines/{id}/secret_key reads it.",
        )
    }

    /// Too many live M2M tokens for one machine.
    pub(crate) fn too_many_tokens(limit: usize) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many_m2m_tokens",
            format!(
                "This machine holds {limit} live tokens: revoke some, or reuse one with \
                 min_remaining_ttl_seconds."
            ),
        )
    }

    /// Too many API keys for one user or organization (`token_quota_exceeded`, which Clerk's
    /// `<APIKeys/>` shows as "API key usage exceeded").
    pub(crate) fn too_many_api_keys(limit: usize) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "token_quota_exceeded",
            format!(
                "This account holds {limit} API keys (revoked ones count for a day): revoke \
                 some, and try again tomorrow."
            ),
        )
    }

    /// A live API key of the same owner has this name (`<APIKeys/>`: "API key name already
    /// exists").
    pub(crate) fn api_key_name_taken() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "token_creation_conflict",
            "An API key with this name already exists.",
        )
        .param("name")
    }

    /// The state could not be saved; the details go to the log, not to the browser.
    pub(crate) fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_clerk_error",
            "Oops, an unexpected error occurred",
        )
        .long("The local Clerk instance could not save its state; see the server log.")
    }

    /// Every error of a form's refusal in one answer, in the form's order, with the first one's
    /// status: `None` when there are none.
    pub(crate) fn all(errors: impl IntoIterator<Item = ApiError>) -> Option<Self> {
        let errors: Vec<_> = errors.into_iter().collect();
        errors.into_iter().rev().fold(None, |next, mut error| {
            error.next = next.map(Box::new);
            Some(error)
        })
    }

    fn body(&self) -> Value {
        let entries = std::iter::successors(Some(self), |error| error.next.as_deref());
        json!({
            "errors": entries.map(Self::error_object).collect::<Vec<_>>(),
            "clerk_trace_id": ids::trace_id(),
        })
    }

    /// The error as one entry of `errors` (also what a verification's `error` holds).
    pub(crate) fn error_object(&self) -> Value {
        let mut meta = serde_json::Map::new();
        if let Some(name) = self.param_name {
            meta.insert("param_name".into(), json!(name));
        }
        match self.detail.as_deref() {
            Some(Detail::LockoutExpiresIn(secs)) => {
                meta.insert("lockout_expires_in_seconds".into(), json!(secs));
            }
            Some(Detail::EmailAddresses(emails)) => {
                meta.insert("email_addresses".into(), json!(emails));
            }
            None => {}
        }
        json!({
            "code": self.code,
            "message": self.message,
            "long_message": self.long_message,
            "meta": Value::Object(meta),
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body())).into_response();
        let headers = response.headers_mut();
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(secs) = self.retry_after_secs {
            headers.insert(RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_refused_once_lists_each_field_in_order_with_the_first_status() {
        let refusal = ApiError::all([
            ApiError::identifier_exists(),
            ApiError::password_too_short(8),
        ])
        .expect("two errors");
        assert_eq!(refusal.status, StatusCode::UNPROCESSABLE_ENTITY);
        let body = refusal.body();
        let entries: Vec<_> = body["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| (e["code"].as_str(), e["meta"]["param_name"].as_str()))
            .collect();
        assert_eq!(
            entries,
            [
                (Some("form_identifier_exists"), Some("email_address")),
                (Some("form_password_length_too_short"), Some("password")),
            ]
        );
        assert_eq!(ApiError::all([]), None);
    }
}
