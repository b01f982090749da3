//! `Instance`: what every Frontend and Backend API handler shares — settings, keys, the store,
//! codes, webhooks. A leaf of the handlers: it knows no route and renders no JSON.

use crate::codes::Codes;
use crate::config::{ApiKeySettings, JwtTemplate, OrganizationSettings, SignUpMode};
use crate::cookies::SetCookies;
use crate::instance_type::InstanceType;
use crate::keys::SigningKeys;
use crate::oauth::RoundTrips;
use crate::origins::Origins;
use crate::password::PasswordPolicy;
use crate::store::{HandshakeNonces, Store};
use crate::throttle::FailureThrottle;
use crate::unhandled::Unhandled;
use crate::webhooks::Webhooks;

/// What the request handlers share.
pub(crate) struct Instance {
    pub origin: String,
    /// The host names and origins requests, changes and redirects must name.
    pub origins: Origins,
    pub data_dir: std::path::PathBuf,
    pub application_name: String,
    pub bundles_dir: std::path::PathBuf,
    pub publishable_key: String,
    pub secret_key: String,
    pub keys: SigningKeys,
    pub store: Store,
    pub nonces: HandshakeNonces,
    pub cookies: SetCookies,
    pub unhandled: Unhandled,
    pub email_verification: bool,
    pub sign_up_mode: SignUpMode,
    pub require_name: bool,
    /// Authenticator apps and backup codes are offered as second factors.
    pub mfa: bool,
    /// Who may make API keys from the browser (Clerk's components).
    pub api_keys: ApiKeySettings,
    pub passwords: PasswordPolicy,
    pub organizations: OrganizationSettings,
    pub jwt_templates: Vec<JwtTemplate>,
    pub codes: Codes,
    /// Wrong passwords per account, for rate limiting.
    pub password_failures: FailureThrottle,
    pub webhooks: Webhooks,
    pub instance_id: String,
    /// Production or development: how browsers are known, and how the handshake answers.
    pub instance_type: InstanceType,
    /// `https://<frontend api host>`, the `iss` of every token.
    pub issuer: String,
    /// Enabled social connections (`oauth_google`), each checked to be emulated.
    pub social: Vec<String>,
    /// Social sign-ins on their way through the consent page.
    pub oauth_round_trips: RoundTrips,
    /// What the consent page offers to pick: the seed users' (email, first, last name).
    pub oauth_identities: Vec<(String, Option<String>, Option<String>)>,
}
