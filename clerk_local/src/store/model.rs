//! What the instance remembers: its identity, users, and browser clients with their sessions.
//! All timestamps are Unix milliseconds, as in Clerk's JSON.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::constants::{
    DEV_BROWSER_ID_PREFIX, IDLE_CLIENT_LIFETIME_MS, MAX_CLIENTS_WITHOUT_SESSION, SECRET_KEY_PREFIX,
    SIGN_IN_ABANDON_MS,
};
use crate::ids::{new_id, random_string};

use super::api_keys::ApiKey;
use super::ended_sessions::EndedSession;
use super::external::{ExternalAccount, ExternalVerification};
use super::instance_invitations::InstanceInvitation;
use super::machines::{M2mToken, Machine};
use super::mfa::UserMfa;
use super::waitlist::WaitlistEntry;

/// Length of the random part of the secret key and of the `__client` cookie.
const SECRET_LENGTH: usize = 48;

/// Everything persisted in `state.json`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct State {
    /// `ins_…`: the `kid` of the signing key.
    pub instance_id: String,
    pub secret_key: String,
    #[serde(default)]
    pub users: Vec<User>,
    /// Browsers. Only those with a session are written to the file: a client without one is a
    /// visit, or a sign-in in progress, that a restart may forget.
    #[serde(default, serialize_with = "clients_with_a_session")]
    pub clients: Vec<Client>,
    #[serde(default)]
    pub organizations: Vec<Organization>,
    #[serde(default)]
    pub memberships: Vec<Membership>,
    #[serde(default)]
    pub invitations: Vec<Invitation>,
    /// Backend API sign-in tokens not used yet.
    #[serde(default)]
    pub sign_in_tokens: Vec<SignInToken>,
    /// `whsec_…`: signs the webhooks (Standard Webhooks). Added to older state files on load.
    #[serde(default = "new_webhook_secret")]
    pub webhook_secret: String,
    /// Sessions that are over, kept a while for the Backend API (`ended_sessions.rs`).
    #[serde(default)]
    pub ended_sessions: Vec<EndedSession>,
    /// Invitations to sign up to the instance (`/v1/invitations`), not to an organization.
    #[serde(default)]
    pub instance_invitations: Vec<InstanceInvitation>,
    /// Machines (`/v1/machines`), and the opaque M2M tokens issued to them.
    #[serde(default)]
    pub machines: Vec<Machine>,
    #[serde(default)]
    pub m2m_tokens: Vec<M2mToken>,
    /// API keys of users and organizations (`/api_keys`), revoked ones included.
    #[serde(default)]
    pub api_keys: Vec<ApiKey>,
    /// The waitlist (`sign_up_mode = "waitlist"`).
    #[serde(default)]
    pub waitlist: Vec<WaitlistEntry>,
}

/// An email address beyond the primary one: added from `<UserProfile/>` or the Backend API.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct EmailAddress {
    pub id: String,
    pub email: String,
    pub verified: bool,
    pub created_at: i64,
}

/// An invitation to join an organization, for an email address (no email is sent: the invited
/// user sees it in `<OrganizationSwitcher/>` once signed in with that address).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Invitation {
    pub id: String,
    pub organization_id: String,
    pub email: String,
    pub role: String,
    pub status: TicketStatus,
    pub created_at: i64,
    pub updated_at: i64,
}

/// `POST /v1/sign_in_tokens`: a ticket that signs `user_id` in once, until `expires_at`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct SignInToken {
    pub id: String,
    pub token: String,
    pub user_id: String,
    pub status: TicketStatus,
    pub created_at: i64,
    pub expires_at: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Organization {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub created_by: Option<String>,
    #[serde(default)]
    pub public_metadata: Value,
    #[serde(default)]
    pub private_metadata: Value,
    pub max_allowed_memberships: u32,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Membership {
    pub id: String,
    pub organization_id: String,
    pub user_id: String,
    /// A role key such as `org:admin`.
    pub role: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct User {
    pub id: String,
    pub email_address_id: String,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// Argon2 PHC string.
    pub password_hash: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_sign_in_at: Option<i64>,
    pub last_active_at: Option<i64>,
    /// Addresses besides the primary `email`.
    #[serde(default)]
    pub extra_emails: Vec<EmailAddress>,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default = "empty_object")]
    pub public_metadata: Value,
    #[serde(default = "empty_object")]
    pub private_metadata: Value,
    #[serde(default = "empty_object")]
    pub unsafe_metadata: Value,
    #[serde(default)]
    pub password_updated_at: Option<i64>,
    /// Provider accounts (social sign-in) linked to the user.
    #[serde(default)]
    pub external_accounts: Vec<ExternalAccount>,
    /// `POST /v1/users/{id}/ban`: may not sign in; every session was revoked.
    #[serde(default)]
    pub banned: bool,
    /// `POST /v1/users/{id}/lock`: may not sign in until then.
    #[serde(default)]
    pub locked_until: Option<i64>,
    /// Second factors: authenticator app and backup codes.
    #[serde(default)]
    pub mfa: UserMfa,
}

/// One browser, known by its HttpOnly `__client` cookie.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Client {
    pub id: String,
    /// The `__client` cookie value: a secret, unlike `id`, which the browser sees in JSON.
    pub token: String,
    /// Active sessions only: ended ones move to `State::ended_sessions`.
    #[serde(default)]
    pub sessions: Vec<Session>,
    pub sign_in: Option<SignIn>,
    pub sign_up: Option<SignUp>,
    pub last_active_session_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Session {
    pub id: String,
    pub user_id: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_active_at: i64,
    #[serde(default)]
    pub active_organization_id: Option<String>,
    /// The last time the user proved a first factor again (reverification).
    #[serde(default)]
    pub reverified_at: Option<i64>,
    /// The last time this session proved a second factor: at sign-in, when the authenticator
    /// app was set up, or in a reverification.
    #[serde(default)]
    pub second_factor_verified_at: Option<i64>,
    /// The `level` of the reverification in progress (`first_factor`, `second_factor`,
    /// `multi_factor`), which decides what comes after its first factor.
    #[serde(default)]
    pub verification_level: Option<String>,
}

impl Session {
    /// When the session last verified a first factor: its sign-in, or a reverification since.
    pub(crate) fn first_factor_verified_at(&self) -> i64 {
        self.reverified_at.unwrap_or(self.created_at)
    }

    /// Whole minutes since then, as in `fva` and `factor_verification_age`.
    pub(crate) fn first_factor_age_minutes(&self, now: i64) -> i64 {
        (now - self.first_factor_verified_at()).max(0) / 60_000
    }

    /// Whether the session verified a factor within `window_ms`, as Clerk's `strict` level
    /// (`second_factor`) asks: the second factor for a user who has one and proved it in this
    /// session, the first factor otherwise.
    pub(crate) fn verified_within(&self, user: Option<&User>, now: i64, window_ms: i64) -> bool {
        let at = self
            .second_factor_verified_at_of(user)
            .unwrap_or_else(|| self.first_factor_verified_at());
        now - at <= window_ms
    }

    /// `fva` / `factor_verification_age`: minutes since the first and the second factor were
    /// verified; the second is -1 for a user without one, or a session that never proved it.
    pub(crate) fn factor_verification_age(&self, user: Option<&User>, now: i64) -> [i64; 2] {
        let second = self
            .second_factor_verified_at_of(user)
            .map_or(-1, |at| (now - at).max(0) / 60_000);
        [self.first_factor_age_minutes(now), second]
    }

    /// When the session last proved a second factor that `user` still has.
    fn second_factor_verified_at_of(&self, user: Option<&User>) -> Option<i64> {
        self.second_factor_verified_at
            .filter(|_| user.is_some_and(|u| u.mfa.two_factor_enabled()))
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct SignIn {
    pub id: String,
    pub identifier: String,
    pub user_id: String,
    pub status: AttemptStatus,
    pub created_session_id: Option<String>,
    pub created_at: i64,
    /// The first factor prepared or used: `password`, `email_code` or `ticket`.
    #[serde(default)]
    pub strategy: Option<String>,
    /// When the pending email code expires.
    #[serde(default)]
    pub code_expires_at: Option<i64>,
    /// A social sign-in's trip through the provider.
    #[serde(default)]
    pub external: Option<ExternalVerification>,
    /// The second factor that completed it (`totp`, `backup_code`).
    #[serde(default)]
    pub second_factor_strategy: Option<String>,
    /// Wrong second-factor codes entered: three end the attempt, as with email codes.
    #[serde(default)]
    pub second_factor_failures: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct SignUp {
    pub id: String,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// Kept until the attempt has everything it needs to create the user.
    pub password_hash: Option<String>,
    pub status: AttemptStatus,
    pub created_user_id: Option<String>,
    pub created_session_id: Option<String>,
    pub created_at: i64,
    /// With `email_verification`: whether the code was entered, and when a sent one expires.
    #[serde(default)]
    pub email_verified: bool,
    #[serde(default)]
    pub code_expires_at: Option<i64>,
    /// A social sign-up's trip through the provider.
    #[serde(default)]
    pub external: Option<ExternalVerification>,
}

/// Where an invitation or a sign-in token stands; stored and shown as Clerk writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum TicketStatus {
    Pending,
    Accepted,
    Revoked,
}

impl TicketStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Revoked => "revoked",
        }
    }
}

/// The states of sign-in and sign-up attempts that the emulation reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum AttemptStatus {
    /// A sign-in that does not know who signs in yet (a social sign-in before the callback).
    NeedsIdentifier,
    NeedsFirstFactor,
    NeedsSecondFactor,
    MissingRequirements,
    Complete,
}

impl AttemptStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::NeedsIdentifier => "needs_identifier",
            Self::NeedsFirstFactor => "needs_first_factor",
            Self::NeedsSecondFactor => "needs_second_factor",
            Self::MissingRequirements => "missing_requirements",
            Self::Complete => "complete",
        }
    }
}

impl State {
    /// A brand-new instance: new id, new secret key, nobody in it.
    pub(crate) fn new() -> Self {
        Self {
            instance_id: new_id("ins"),
            secret_key: format!("{SECRET_KEY_PREFIX}{}", random_string(SECRET_LENGTH)),
            users: Vec::new(),
            clients: Vec::new(),
            organizations: Vec::new(),
            memberships: Vec::new(),
            sign_in_tokens: Vec::new(),
            invitations: Vec::new(),
            webhook_secret: new_webhook_secret(),
            ended_sessions: Vec::new(),
            instance_invitations: Vec::new(),
            machines: Vec::new(),
            m2m_tokens: Vec::new(),
            api_keys: Vec::new(),
            waitlist: Vec::new(),
        }
    }

    /// Uses up a pending sign-in token; the user it signs in.
    pub(crate) fn redeem_sign_in_token(&mut self, token: &str, now: i64) -> Option<String> {
        let ticket = self.sign_in_tokens.iter_mut().find(|t| {
            t.token == token && t.status == TicketStatus::Pending && now < t.expires_at
        })?;
        ticket.status = TicketStatus::Accepted;
        Some(ticket.user_id.clone())
    }

    pub(crate) fn organization(&self, id: &str) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.id == id)
    }

    /// The user's memberships, oldest first.
    pub(crate) fn memberships_of<'a>(
        &'a self,
        user_id: &'a str,
    ) -> impl Iterator<Item = &'a Membership> + 'a {
        self.memberships
            .iter()
            .filter(move |m| m.user_id == user_id)
    }

    pub(crate) fn membership_by_id(&self, id: &str) -> Option<&Membership> {
        self.memberships.iter().find(|m| m.id == id)
    }

    pub(crate) fn membership(&self, org_id: &str, user_id: &str) -> Option<&Membership> {
        self.memberships
            .iter()
            .find(|m| m.organization_id == org_id && m.user_id == user_id)
    }

    /// Every session of every client, with the client that holds it.
    pub(crate) fn sessions(&self) -> impl Iterator<Item = (&Client, &Session)> {
        self.clients
            .iter()
            .flat_map(|c| c.sessions.iter().map(move |s| (c, s)))
    }

    pub(crate) fn user(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    pub(crate) fn user_mut(&mut self, id: &str) -> Option<&mut User> {
        self.users.iter_mut().find(|u| u.id == id)
    }

    /// Email addresses match case-insensitively, as in Clerk; any verified address of a user.
    pub(crate) fn user_by_email(&self, email: &str) -> Option<&User> {
        let email = email.trim();
        self.users.iter().find(|u| {
            u.email.eq_ignore_ascii_case(email)
                || u.extra_emails
                    .iter()
                    .any(|e| e.verified && e.email.eq_ignore_ascii_case(email))
        })
    }

    pub(crate) fn client(&self, token: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.token == token)
    }

    pub(crate) fn client_mut(&mut self, token: &str) -> Option<&mut Client> {
        self.clients.iter_mut().find(|c| c.token == token)
    }

    /// The browser's client, created when it has none (or an unknown cookie). Anyone can
    /// create clients, so those without a session are capped: the least recently used goes.
    pub(crate) fn client_or_create(&mut self, token: Option<&str>, now: i64) -> &mut Client {
        let index = token.and_then(|t| self.clients.iter().position(|c| c.token == t));
        let index = index.unwrap_or_else(|| {
            self.make_room_for_a_client();
            self.clients.push(Client::new(now));
            self.clients.len() - 1
        });
        &mut self.clients[index]
    }

    /// A new client known by a dev browser token (`dvb_…`, development instances) instead of a
    /// `__client` cookie; capped like every client without a session.
    pub(crate) fn create_dev_browser(&mut self, now: i64) -> &Client {
        self.make_room_for_a_client();
        let mut client = Client::new(now);
        client.token = format!("{DEV_BROWSER_ID_PREFIX}{}", random_string(SECRET_LENGTH));
        self.clients.push(client);
        &self.clients[self.clients.len() - 1]
    }

    fn make_room_for_a_client(&mut self) {
        let without_session = || self.clients.iter().filter(|c| c.sessions.is_empty());
        if without_session().count() < MAX_CLIENTS_WITHOUT_SESSION {
            return;
        }
        let oldest = without_session()
            .min_by_key(|c| c.updated_at)
            .map(|c| c.token.clone());
        if let Some(token) = oldest {
            self.remove_client(&token);
        }
    }

    /// Forgets the user `id` and everything that is theirs: memberships, sessions (active and
    /// ended), API keys, a sign-in in progress; a client whose last active session was theirs
    /// has none.
    pub(crate) fn delete_user(&mut self, id: &str) {
        self.users.retain(|u| u.id != id);
        self.api_keys.retain(|k| k.subject != id);
        self.forget_ended_sessions_of(id);
        self.memberships.retain(|m| m.user_id != id);
        for client in &mut self.clients {
            client.sessions.retain(|s| s.user_id != id);
            if client.sign_in.as_ref().is_some_and(|s| s.user_id == id) {
                client.sign_in = None;
            }
            if client
                .last_active_session_id
                .as_ref()
                .is_some_and(|sid| !client.sessions.iter().any(|s| &s.id == sid))
            {
                client.last_active_session_id = None;
            }
        }
    }

    pub(crate) fn remove_client(&mut self, token: &str) -> Option<Client> {
        let index = self.clients.iter().position(|c| c.token == token)?;
        Some(self.clients.remove(index))
    }

    /// Ends expired sessions, drops stale attempts and idle clients, so the file does not grow
    /// forever.
    pub(crate) fn prune(&mut self, now: i64) {
        self.prune_sessions(now);
        for client in &mut self.clients {
            if client
                .last_active_session_id
                .as_ref()
                .is_some_and(|id| !client.sessions.iter().any(|s| &s.id == id))
            {
                client.last_active_session_id = None;
            }
            if client
                .sign_in
                .as_ref()
                .is_some_and(|s| now >= s.created_at + SIGN_IN_ABANDON_MS)
            {
                client.sign_in = None;
            }
            if client
                .sign_up
                .as_ref()
                .is_some_and(|s| now >= s.created_at + SIGN_IN_ABANDON_MS)
            {
                client.sign_up = None;
            }
        }
        self.clients
            .retain(|c| !c.sessions.is_empty() || now < c.updated_at + IDLE_CLIENT_LIFETIME_MS);
        self.m2m_tokens.retain(|t| t.kept(now));
        self.api_keys.retain(|k| k.kept(now));
    }
}

impl User {
    /// A user with one (verified, primary) email address and no other data yet.
    pub(crate) fn new(email: &str, password_hash: String, now: i64) -> Self {
        Self {
            id: new_id("user"),
            email_address_id: new_id("idn"),
            email: email.to_owned(),
            first_name: None,
            last_name: None,
            password_hash,
            created_at: now,
            updated_at: now,
            last_sign_in_at: None,
            last_active_at: None,
            extra_emails: Vec::new(),
            external_id: None,
            public_metadata: empty_object(),
            private_metadata: empty_object(),
            unsafe_metadata: empty_object(),
            password_updated_at: Some(now),
            external_accounts: Vec::new(),
            banned: false,
            locked_until: None,
            mfa: UserMfa::default(),
        }
    }
}

fn clients_with_a_session<S: serde::Serializer>(
    clients: &[Client],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(clients.iter().filter(|c| !c.sessions.is_empty()))
}

fn empty_object() -> Value {
    Value::Object(serde_json::Map::new())
}

/// `whsec_` and 24 random bytes in base64, as Svix and Clerk's dashboard show them.
fn new_webhook_secret() -> String {
    let bytes: [u8; 24] = rand::random();
    format!("whsec_{}", STANDARD.encode(bytes))
}

impl Client {
    fn new(now: i64) -> Self {
        Self {
            id: new_id("client"),
            token: random_string(SECRET_LENGTH),
            sessions: Vec::new(),
            sign_in: None,
            sign_up: None,
            last_active_session_id: None,
            created_at: now,
            updated_at: now,
        }
    }

    pub(crate) fn session(&self, session_id: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == session_id)
    }

    pub(crate) fn session_mut(&mut self, session_id: &str) -> Option<&mut Session> {
        self.sessions.iter_mut().find(|s| s.id == session_id)
    }

    /// Starts a session for `user_id`. Single-session mode: it replaces any other.
    pub(crate) fn start_session(&mut self, user_id: &str, now: i64) -> String {
        let session = Session {
            id: new_id("sess"),
            user_id: user_id.to_owned(),
            created_at: now,
            updated_at: now,
            last_active_at: now,
            active_organization_id: None,
            reverified_at: None,
            second_factor_verified_at: None,
            verification_level: None,
        };
        let id = session.id.clone();
        self.sessions = vec![session];
        self.last_active_session_id = Some(id.clone());
        self.updated_at = now;
        id
    }

    /// Ends one session; returns it so the answer can still describe it.
    pub(crate) fn end_session(&mut self, session_id: &str, now: i64) -> Option<Session> {
        let index = self.sessions.iter().position(|s| s.id == session_id)?;
        let session = self.sessions.remove(index);
        if self.last_active_session_id.as_deref() == Some(session_id) {
            self.last_active_session_id = None;
        }
        self.updated_at = now;
        Some(session)
    }

    /// The `__client_uat` value: when the current session began (seconds), 0 when signed out.
    /// Tied to sign-in rather than to every update, so a token minted before a `touch` is not
    /// mistaken by servers for one older than the client ("iat before client_uat").
    pub(crate) fn uat_secs(&self) -> i64 {
        self.sessions
            .iter()
            .map(|s| s.created_at)
            .max()
            .map_or(0, crate::clock::secs)
    }
}
