//! The server half (feature `ssr`): request authentication, the auth object, session-token
//! verification, and the Backend API client.
//!
//! Set up once: build a [`Clerk`] from the configuration and add its layer around the router.
//! Then read the request's [`Auth`] anywhere on the server:
//!
//! ```no_run
//! use axum::Router;
//! use leptos_clerk::server::{Clerk, ClerkConfig};
//!
//! # fn f() -> Result<(), leptos_clerk::server::ConfigError> {
//! let clerk = Clerk::new(ClerkConfig::from_env()?)?;
//! let app: Router = Router::new() /* .leptos_routes(..) */ .layer(clerk.layer());
//! # Ok(()) }
//! ```
//!
//! - server functions and Resources: [`get_auth`], [`clerk_client`], [`redirect_to_sign_in`];
//! - axum handlers: [`Auth`] (and [`Clerk`]) as extractors;
//! - requests from other services with M2M tokens: [`M2mAuth`], [`get_m2m_auth`]; with a
//!   user's or organization's API key: [`ApiKeyAuth`], [`get_api_key_auth`];
//! - rendering: [`auth_from_context`], [`session_user_from_context`], [`clerk_from_context`].

mod api_keys;
mod auth;
mod authenticate;
mod backend;
mod clerk;
mod config;
mod csp;
mod extract;
mod layer;
mod machine_auth;
mod recent_failures;
mod redact;
mod remote_keys;
mod request;
mod sign_in_redirect;
mod token_cache;
mod tokens;
mod user_cache;
mod verifier;
mod webhooks;

pub use api_keys::{InstanceType, KeyError, PublishableKey, SecretKey};
pub use auth::{
    Auth, AuthReason, RefreshError, SessionUser, SignInRequired, SignedInAuth, SignedOutAuth,
    TokenOptions,
};
pub use authenticate::{AuthStatus, RequestState};
pub use backend::{
    clerk_client, ApiErrorItem, ApiKey, ApiKeyParams, ApiKeysApi, ClerkClient, ClerkError,
    DeletedObject, EmailAddress, ExternalAccount, Invitation, InvitationParams, InvitationsApi,
    M2mToken, M2mTokenFormat, M2mTokenParams, M2mTokensApi, MetadataParams, Organization,
    OrganizationInvitation, OrganizationInvitationParams, OrganizationMembership,
    OrganizationParams, OrganizationsApi, PhoneNumber, RetryPolicy, Session, SessionListParams,
    SessionsApi, SignInToken, SignInTokensApi, Token, User, UserListParams, UserParams, UsersApi,
    Verification, WaitlistEntriesApi, WaitlistEntry,
};
pub use clerk::Clerk;
pub use config::{ClerkConfig, ConfigError, ScriptUrls};
pub(crate) use csp::check_csp_nonce;
pub use csp::{provide_csp_nonce, ContentSecurityPolicy, CspLayer, CspNonce, CspService};
pub(crate) use extract::rendering_a_request;
pub use extract::{
    auth_from_context, clerk_from_context, get_auth, session_user_from_context, MissingClerkLayer,
    SignedInRejection,
};
pub use layer::{ClerkLayer, ClerkService};
pub use machine_auth::{
    get_api_key_auth, get_m2m_auth, ApiKeyAuth, M2mAuth, MachineAuthError, MachineRejection,
};
pub use sign_in_redirect::redirect_to_sign_in;
pub(crate) use sign_in_redirect::{redirect, sign_in_target_here};
pub use tokens::{OrgClaim, SessionClaims, TokenVerificationError, TokenVerificationErrorReason};
pub use webhooks::{
    sign_webhook, verify_webhook, verify_webhook_at, VerifiedWebhook, WebhookError, WebhookEvent,
    WebhookSigningSecret,
};

#[cfg(test)]
mod test_support;
