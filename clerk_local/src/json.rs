//! The JSON shapes of the Frontend API resources: client, session, sign-in and sign-up attempts.

pub(crate) mod api_key;
pub(crate) mod external;
pub(crate) mod instance_invitation;
pub(crate) mod invitation;
pub(crate) mod mfa;
pub(crate) mod org;
pub(crate) mod session;
pub(crate) mod user;
pub(crate) mod waitlist;

use serde_json::{json, Value};

use crate::constants::{
    SESSION_ABANDON_MS, SESSION_ACTIVE, SESSION_LIFETIME_MS, SESSION_PENDING, SIGN_IN_ABANDON_MS,
};
use crate::instance::Instance;
use crate::store::{AttemptStatus, Client, Session, SignIn, SignUp, State, User};
use crate::tokens::Minter;

/// A page of `items`: `{"data": [...], "total_count": n}`, where only the page's items are
/// rendered.
pub(crate) fn page_of<T>(
    items: &[T],
    limit: usize,
    offset: usize,
    render: impl Fn(&T) -> Value,
) -> Value {
    let data: Vec<Value> = items.iter().skip(offset).take(limit).map(render).collect();
    json!({ "data": data, "total_count": items.len() })
}

/// Renders resources as one request sees them: at `now`, for the page at origin `azp` (which
/// goes into the session tokens embedded in sessions).
pub(crate) struct View<'a> {
    pub instance: &'a Instance,
    pub state: &'a State,
    pub azp: &'a str,
    pub now: i64,
}

impl View<'_> {
    pub(crate) fn minter(&self) -> Minter<'_> {
        Minter {
            keys: &self.instance.keys,
            orgs: &self.instance.organizations,
            state: self.state,
            azp: self.azp,
            issuer: &self.instance.issuer,
            now_ms: self.now,
        }
    }

    /// The signed-in user as clerk-js sees it (`/v1/me`, a session's `user`).
    pub(crate) fn user(&self, user: &crate::store::User) -> Value {
        user::frontend(user, self.state, &self.instance.organizations)
    }

    pub(crate) fn client(&self, client: &Client) -> Value {
        json!({
            "object": "client",
            "id": client.id,
            "sessions": client.sessions.iter().map(|s| self.session(s)).collect::<Vec<_>>(),
            "sign_in": client.sign_in.as_ref().map(|s| self.sign_in(s)),
            "sign_up": client.sign_up.as_ref().map(|s| self.sign_up(s)),
            "last_active_session_id": client.last_active_session_id,
            "captcha_bypass": false,
            "cookie_expires_at": null,
            "last_authentication_strategy": null,
            "created_at": client.created_at,
            "updated_at": client.updated_at,
        })
    }

    /// An active session, with a fresh token: clerk-js writes `last_active_token` to `__session`.
    pub(crate) fn session(&self, session: &Session) -> Value {
        let token = self.minter().session_token(session, None);
        self.session_with(
            session,
            "active",
            json!({ "object": "token", "jwt": token }),
        )
    }

    /// A session that just ended (`ended`, `removed`): no token any more.
    pub(crate) fn ended_session(&self, session: &Session, status: &str) -> Value {
        self.session_with(session, status, Value::Null)
    }

    fn session_with(&self, session: &Session, status: &str, token: Value) -> Value {
        let user = self.state.user(&session.user_id);
        // A live session is `pending` while its task is left, and says which (clerk-js sends
        // the browser to the task's page, `<SignIn/>`'s `tasks/choose-organization`).
        let status = if status == SESSION_ACTIVE && self.minter().is_pending(session) {
            SESSION_PENDING
        } else {
            status
        };
        json!({
            "object": "session",
            "id": session.id,
            "status": status,
            "expire_at": session.created_at + SESSION_LIFETIME_MS,
            "abandon_at": session.created_at + SESSION_ABANDON_MS,
            "last_active_at": session.last_active_at,
            "last_active_organization_id": session.active_organization_id,
            "actor": null,
            "tasks": session::tasks(status),
            "factor_verification_age": session.factor_verification_age(user, self.now),
            "user": user.map(|u| self.user(u)),
            "public_user_data": user.map(public_user_data),
            "last_active_token": token,
            "created_at": session.created_at,
            "updated_at": session.updated_at,
        })
    }

    pub(crate) fn sign_in(&self, sign_in: &SignIn) -> Value {
        let user = self.state.user(&sign_in.user_id);
        let factors: Vec<Value> = user
            .map(|u| {
                vec![
                    json!({ "strategy": "password" }),
                    json!({
                        "strategy": "email_code",
                        "safe_identifier": u.email,
                        "email_address_id": u.email_address_id,
                        "primary": true,
                    }),
                ]
            })
            .unwrap_or_default();
        json!({
            "object": "sign_in_attempt",
            "id": sign_in.id,
            "status": sign_in.status.as_str(),
            "supported_identifiers": ["email_address"],
            "identifier": Some(&sign_in.identifier).filter(|i| !i.is_empty()),
            "supported_first_factors": factors,
            "supported_second_factors": second_factors(sign_in, user),
            "first_factor_verification": first_factor_verification(sign_in),
            "second_factor_verification": sign_in.second_factor_strategy.as_deref().map(mfa::verified),
            "user_data": user.map(public_user_data),
            "created_session_id": sign_in.created_session_id,
            "abandon_at": sign_in.created_at + SIGN_IN_ABANDON_MS,
        })
    }

    pub(crate) fn sign_up(&self, sign_up: &SignUp) -> Value {
        let mut missing = Vec::new();
        if sign_up.email.is_none() {
            missing.push("email_address");
        }
        // A social sign-up needs no password.
        if sign_up.password_hash.is_none()
            && sign_up.status != AttemptStatus::Complete
            && sign_up.external.is_none()
        {
            missing.push("password");
        }
        let require_name = self.instance.require_name;
        if require_name && sign_up.first_name.is_none() {
            missing.push("first_name");
        }
        if require_name && sign_up.last_name.is_none() {
            missing.push("last_name");
        }
        let must_verify = self.instance.email_verification;
        // Nothing until a code was sent: that is what makes Clerk UI ask for one.
        let email_verification = sign_up.email.as_ref().and_then(|_| {
            if !must_verify || sign_up.email_verified {
                Some(verified("email_code"))
            } else if sign_up.code_expires_at.is_none() {
                None
            } else {
                Some(json!({
                    "status": "unverified",
                    "strategy": "email_code",
                    "attempts": 0,
                    "expire_at": sign_up.code_expires_at,
                    "next_action": "needs_attempt",
                    "supported_strategies": ["email_code"],
                }))
            }
        });
        let unverified: Vec<&str> =
            if must_verify && sign_up.email.is_some() && !sign_up.email_verified {
                vec!["email_address"]
            } else {
                vec![]
            };
        json!({
            "object": "sign_up_attempt",
            "id": sign_up.id,
            "status": sign_up.status.as_str(),
            "required_fields": if require_name {
                json!(["email_address", "password", "first_name", "last_name"])
            } else {
                json!(["email_address", "password"])
            },
            "optional_fields": if require_name { json!([]) } else { json!(["first_name", "last_name"]) },
            "missing_fields": missing,
            "unverified_fields": unverified,
            "verifications": {
                "email_address": email_verification,
                "phone_number": null,
                "web3_wallet": null,
                "external_account": sign_up.external.as_ref().map(external::verification),
            },
            "username": null,
            "email_address": sign_up.email,
            "phone_number": null,
            "web3_wallet": null,
            "password_enabled": sign_up.status == AttemptStatus::Complete,
            "first_name": sign_up.first_name,
            "last_name": sign_up.last_name,
            "unsafe_metadata": {},
            "public_metadata": {},
            "custom_action": false,
            "external_id": null,
            "created_session_id": sign_up.created_session_id,
            "created_user_id": sign_up.created_user_id,
            "abandon_at": sign_up.created_at + SIGN_IN_ABANDON_MS,
            "legal_accepted_at": null,
        })
    }
}

fn first_factor_verification(sign_in: &SignIn) -> Value {
    if let Some(verification) = &sign_in.external {
        return external::verification(verification);
    }
    let strategy = sign_in.strategy.as_deref().unwrap_or("password");
    if sign_in.status == AttemptStatus::NeedsIdentifier {
        Value::Null
    } else if sign_in.status != AttemptStatus::NeedsFirstFactor {
        verified(strategy)
    } else if let Some(expire_at) = sign_in.code_expires_at {
        json!({ "status": "unverified", "strategy": strategy, "attempts": 0, "expire_at": expire_at })
    } else {
        Value::Null
    }
}

/// What a sign-in past its first factor may use next, for a user with a second factor.
fn second_factors(sign_in: &SignIn, user: Option<&User>) -> Value {
    match user {
        Some(user) if sign_in.status != AttemptStatus::NeedsFirstFactor => {
            mfa::supported_second_factors(&user.mfa)
        }
        _ => Value::Null,
    }
}

fn verified(strategy: &str) -> Value {
    json!({ "status": "verified", "strategy": strategy, "attempts": 1, "expire_at": null })
}

/// What a session's `public_user_data` and a sign-in's `user_data` show.
pub(crate) fn public_user_data(user: &User) -> Value {
    json!({
        "first_name": user.first_name,
        "last_name": user.last_name,
        "image_url": "",
        "has_image": false,
        "identifier": user.email,
    })
}
