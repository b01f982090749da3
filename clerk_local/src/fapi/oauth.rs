//! Social sign-in on the Frontend API, as clerk-js's `authenticateWithRedirect` drives it:
//!
//! 1. `POST /v1/client/sign_ins` (or `sign_ups`) with `strategy=oauth_google&redirect_url=…`:
//!    an attempt whose verification is `unverified`, with `external_verification_redirect_url`
//!    pointing at the provider's consent page (the instance's own, see `crate::oauth`);
//! 2. the consent page sends the browser to `GET /v1/oauth_callback?code=…&state=…`, which
//!    completes the attempt and sends the browser on to `redirect_url`, where Clerk UI's
//!    `sso-callback` route calls `handleRedirectCallback`:
//!    - a sign-in for a known user (the provider account linked, or its verified email address,
//!      the account then linked) completes; for an unknown address it becomes `transferable`,
//!      and clerk-js transfers it: `POST /v1/client/sign_ups` with `transfer=true`;
//!    - a sign-up for a new address creates the user; for a known one it becomes
//!      `transferable` (`external_account_exists`): `POST /v1/client/sign_ins` with
//!      `transfer=true` signs that user in, the account linked;
//!    - a cancelled consent (`error=access_denied`) fails the verification with
//!      `oauth_access_denied`, which Clerk UI shows on the sign-in form.

use serde_json::Value;

use crate::announce::Announcements;
use crate::clock::now_ms;
use crate::ids::new_id;
use crate::instance::Instance;
use crate::json::View;
use crate::oauth::{self, Flow, Outcome, RoundTrip};
use crate::reply::{ApiError, Reply};
use crate::store::{
    AttemptStatus, Client, EmailAddress, ExternalStatus, ExternalVerification, Identity, SignIn,
    SignInBar, SignUp, State,
};

use super::{
    changed_client, client_cookies, handshake, invited_sign_up, second_factor, sign_in, sign_up,
    FapiRequest,
};

/// What a completed step must announce once the store is unlocked.
#[derive(Default)]
struct Created {
    user_id: Option<String>,
    /// A user who gained a provider account.
    linked_user_id: Option<String>,
    session_id: Option<String>,
}

/// Step 1: `strategy=oauth_…` on `POST /v1/client/sign_ins` or `/sign_ups` (`Connect` trips
/// start at `POST /v1/me/external_accounts`).
pub(super) fn start(
    instance: &Instance,
    req: &FapiRequest,
    flow: Flow,
    strategy: &str,
) -> Result<Reply, ApiError> {
    let trip = Trip::checked(instance, req, strategy)?;
    let now = now_ms();
    instance.store.update(|state| {
        let client = state.client_or_create(req.client_token(), now);
        let token = client.token.clone();
        let attempt_id = new_id(match flow {
            Flow::SignUp => "sua",
            Flow::SignIn | Flow::Connect => "sia",
        });
        let external = trip.begin(instance, req, &token, flow, &attempt_id, now);
        match flow {
            Flow::SignUp => client.sign_up = Some(pending_sign_up(attempt_id, external, now)),
            Flow::SignIn | Flow::Connect => {
                client.sign_in = Some(pending_sign_in(attempt_id, external, now));
            }
        }
        client.updated_at = now;
        changed_client(instance, state, req, now, &token, |view, client| {
            render(flow, view, client)
        })
    })
}

/// A trip to the provider that a request asks for, checked: an enabled provider, and a
/// `redirect_url` (and `action_complete_redirect_url`) on the app's origin.
pub(super) struct Trip {
    provider: &'static oauth::Provider,
    back: String,
}

impl Trip {
    pub(super) fn checked(
        instance: &Instance,
        req: &FapiRequest,
        strategy: &str,
    ) -> Result<Self, ApiError> {
        let provider = instance
            .social
            .iter()
            .any(|s| s == strategy)
            .then(|| oauth::provider(strategy))
            .flatten()
            .ok_or_else(ApiError::strategy_not_supported)?;
        let redirect_url = req
            .form("redirect_url")
            .ok_or_else(|| ApiError::param_missing("redirect_url", "redirect_url is missing"))?;
        let back = own_url(instance, req, redirect_url)?;
        if let Some(complete) = req.form("action_complete_redirect_url") {
            own_url(instance, req, complete)?;
        }
        Ok(Self { provider, back })
    }

    /// Registers the trip for the browser `token`; the verification that sends it to the
    /// consent page.
    pub(super) fn begin(
        &self,
        instance: &Instance,
        req: &FapiRequest,
        token: &str,
        flow: Flow,
        attempt_id: &str,
        now: i64,
    ) -> ExternalVerification {
        let expires_at = now + oauth::ROUND_TRIP_LIFETIME_MS;
        let trip = RoundTrip {
            strategy: self.provider.strategy,
            client_token: token.to_owned(),
            flow,
            attempt_id: attempt_id.to_owned(),
            redirect_url: self.back.clone(),
            expires_at,
            outcome: None,
        };
        let oauth_state = instance.oauth_round_trips.begin(trip, now);
        ExternalVerification {
            strategy: self.provider.strategy.to_owned(),
            status: ExternalStatus::Unverified,
            redirect_url: Some(oauth::consent_url(&req.azp, &oauth_state)),
            error: None,
            identity: None,
            expire_at: expires_at,
            locked_until: None,
        }
    }
}

/// Step 2: `GET /v1/oauth_callback?code=…&state=…` (or `?error=access_denied&state=…`).
pub(super) fn callback(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let now = now_ms();
    let trip = req
        .query("state")
        .and_then(|s| {
            instance
                .oauth_round_trips
                .finish(s, req.client_token(), req.query("code"), now)
        })
        .ok_or_else(ApiError::oauth_state_invalid)?;
    let token = trip.client_token.as_str();
    instance.update_announcing(|state, events| {
        let created = match (&trip.outcome, trip.flow) {
            (Some(Outcome::Approved { identity, .. }), Flow::SignIn | Flow::SignUp)
                if state.user_for_identity(identity).is_none()
                    && invited_sign_up::admit(instance, state, Some(&identity.email)).is_err() =>
            {
                // A new user who may not sign up (restricted or waitlist, not invited): Clerk
                // fails the verification rather than offer a transfer or create the user.
                fail(state, token, &trip, invited_sign_up::refusal(instance).code)?;
                Created::default()
            }
            (Some(Outcome::Approved { identity, .. }), Flow::SignIn) => {
                sign_in_as(state, token, &trip.attempt_id, identity, now)?
            }
            (Some(Outcome::Approved { identity, .. }), Flow::SignUp) => {
                sign_up_as(instance, state, token, &trip.attempt_id, identity, now)?
            }
            (Some(Outcome::Approved { identity, .. }), Flow::Connect) => {
                connect(state, token, &trip.attempt_id, identity, now)
            }
            // A cancelled "Connect account" leaves nothing to fail.
            (_, Flow::Connect) => Created::default(),
            _ => {
                fail(state, token, &trip, "oauth_access_denied")?;
                Created::default()
            }
        };
        let reply = redirect(instance, state, token, &trip)?;
        created.announce(events, state);
        Ok(reply)
    })
}

/// The callback's answer: back to the app's `redirect_url`, with the client's cookies.
fn redirect(
    instance: &Instance,
    state: &State,
    token: &str,
    trip: &RoundTrip,
) -> Result<Reply, ApiError> {
    let client = state.client(token).ok_or_else(ApiError::internal)?;
    Ok(Reply::redirect(trip.redirect_url.clone()).with_cookies(client_cookies(instance, client)))
}

/// Fails the trip's attempt with Clerk's error `code`.
fn fail(state: &mut State, token: &str, trip: &RoundTrip, code: &str) -> Result<(), ApiError> {
    let verification = external_mut(state, token, trip.flow, &trip.attempt_id)?;
    verification.status = ExternalStatus::Failed;
    verification.error = Some(code.to_owned());
    verification.redirect_url = None;
    Ok(())
}

/// `POST /v1/client/sign_ups` with `transfer=true`: the sign-in's provider identity, unknown
/// here, becomes a new user.
pub(super) fn transfer_to_sign_up(
    instance: &Instance,
    req: &FapiRequest,
) -> Result<Reply, ApiError> {
    transfer(
        instance,
        req,
        Flow::SignIn,
        sign_up::render,
        |state, token, identity, now| {
            if state.user_for_identity(identity).is_some() {
                return Err(ApiError::identifier_exists());
            }
            let client = state.client_mut(token).ok_or_else(ApiError::internal)?;
            client.sign_in = None;
            let attempt = pending_sign_up(new_id("sua"), verified(identity, now), now);
            client.sign_up = Some(attempt);
            finish_sign_up(instance, state, token, identity, now)
        },
    )
}

/// `POST /v1/client/sign_ins` with `transfer=true`: the sign-up's provider identity belongs to
/// a user, who signs in (the account linked).
pub(super) fn transfer_to_sign_in(
    instance: &Instance,
    req: &FapiRequest,
) -> Result<Reply, ApiError> {
    transfer(
        instance,
        req,
        Flow::SignUp,
        sign_in::render,
        |state, token, identity, now| {
            if state.user_for_identity(identity).is_none() {
                return Err(ApiError::identifier_not_found());
            }
            let client = state.client_mut(token).ok_or_else(ApiError::internal)?;
            client.sign_up = None;
            let attempt = pending_sign_in(new_id("sia"), verified(identity, now), now);
            let attempt_id = attempt.id.clone();
            client.sign_in = Some(attempt);
            sign_in_as(state, token, &attempt_id, identity, now)
        },
    )
}

/// Hands the `transferable` identity of the client's `from` attempt to `land`, which starts
/// the other attempt with it; answers with that attempt (`render`).
fn transfer(
    instance: &Instance,
    req: &FapiRequest,
    from: Flow,
    render: fn(&View, &Client) -> Value,
    land: impl FnOnce(&mut State, &str, &Identity, i64) -> Result<Created, ApiError>,
) -> Result<Reply, ApiError> {
    let token = req.client_token().ok_or_else(nothing_to_transfer)?;
    let now = now_ms();
    instance.update_announcing(|state, events| {
        let client = state.client(token);
        let external = match from {
            Flow::SignIn => client.and_then(|c| c.sign_in.as_ref()?.external.as_ref()),
            Flow::SignUp => client.and_then(|c| c.sign_up.as_ref()?.external.as_ref()),
            Flow::Connect => None,
        };
        let identity = external
            .and_then(ExternalVerification::transferable_identity)
            .cloned()
            .ok_or_else(nothing_to_transfer)?;
        let created = land(state, token, &identity, now)?;
        let reply = changed_client(instance, state, req, now, token, render)?;
        created.announce(events, state);
        Ok(reply)
    })
}

/// Signs the client in as the user `identity` belongs to, linking the account; with no such
/// user the sign-in becomes `transferable` to a sign-up.
fn sign_in_as(
    state: &mut State,
    token: &str,
    attempt_id: &str,
    identity: &Identity,
    now: i64,
) -> Result<Created, ApiError> {
    let user = state.user_for_identity(identity).map(|u| {
        (
            u.id.clone(),
            u.email.clone(),
            u.sign_in_bar(now),
            u.locked_until,
        )
    });
    let verification = external_mut(state, token, Flow::SignIn, attempt_id)?;
    verification.redirect_url = None;
    let Some((user_id, email, bar, locked_until)) = user else {
        transferable(verification, identity, "external_account_not_found");
        return Ok(Created::default());
    };
    if let Some(bar) = bar {
        // Banned or locked users are refused whatever the factor, as with a password.
        verification.status = ExternalStatus::Failed;
        let code = match bar {
            SignInBar::Banned => "user_banned",
            SignInBar::Locked { .. } => {
                verification.locked_until = locked_until;
                "user_locked"
            }
        };
        verification.error = Some(code.to_owned());
        return Ok(Created::default());
    }
    verification.status = ExternalStatus::Verified;
    let strategy = verification.strategy.clone();
    if let Some(sign_in) = state.client_mut(token).and_then(|c| c.sign_in.as_mut()) {
        sign_in.identifier = email;
        sign_in.user_id.clone_from(&user_id);
    }
    let linked = state.link_external_account(&user_id, identity, now);
    // The provider is the first factor: a user with two-step verification still owes a code.
    second_factor::after_first_factor(state, token, &user_id, &strategy, now);
    let session_id = state
        .client(token)
        .and_then(|c| c.sign_in.as_ref())
        .and_then(|s| s.created_session_id.clone());
    Ok(Created {
        linked_user_id: linked.then_some(user_id),
        session_id,
        ..Created::default()
    })
}

/// Links `identity` to the signed-in user `user_id` ("Connect account"), unless the browser
/// signed out meanwhile or another user has that provider account; its address joins the
/// user's, verified, unless someone has it.
fn connect(
    state: &mut State,
    token: &str,
    user_id: &str,
    identity: &Identity,
    now: i64,
) -> Created {
    let still_signed_in = state
        .client(token)
        .is_some_and(|c| c.sessions.iter().any(|s| s.user_id == user_id));
    if !still_signed_in {
        return Created::default();
    }
    if state
        .user_with_account(identity)
        .is_some_and(|owner| owner.id != user_id)
    {
        tracing::warn!("clerk_local: that provider account belongs to another user");
        return Created::default();
    }
    let linked = state.link_external_account(user_id, identity, now);
    if state.user_by_email(&identity.email).is_none() {
        if let Some(user) = state.user_mut(user_id) {
            user.extra_emails.push(EmailAddress {
                id: new_id("idn"),
                email: identity.email.clone(),
                verified: true,
                created_at: now,
            });
        }
    }
    Created {
        linked_user_id: linked.then(|| user_id.to_owned()),
        ..Created::default()
    }
}

/// Creates the user `identity` describes and signs the client in (see `finish_sign_up`); with
/// a user already there the sign-up becomes `transferable` to a sign-in.
fn sign_up_as(
    instance: &Instance,
    state: &mut State,
    token: &str,
    attempt_id: &str,
    identity: &Identity,
    now: i64,
) -> Result<Created, ApiError> {
    let exists = state.user_for_identity(identity).is_some();
    let verification = external_mut(state, token, Flow::SignUp, attempt_id)?;
    verification.redirect_url = None;
    if exists {
        transferable(verification, identity, "external_account_exists");
        return Ok(Created::default());
    }
    verification.status = ExternalStatus::Verified;
    verification.identity = Some(identity.clone());
    finish_sign_up(instance, state, token, identity, now)
}

/// Fills the client's sign-up from `identity` and finishes it as any sign-up: the user is
/// created and signed in, unless the instance wants what the provider did not give (names).
fn finish_sign_up(
    instance: &Instance,
    state: &mut State,
    token: &str,
    identity: &Identity,
    now: i64,
) -> Result<Created, ApiError> {
    if let Some(sign_up) = state.client_mut(token).and_then(|c| c.sign_up.as_mut()) {
        sign_up.email = Some(identity.email.clone());
        sign_up.email_verified = true;
        sign_up.first_name.clone_from(&identity.first_name);
        sign_up.last_name.clone_from(&identity.last_name);
    }
    let created = sign_up::finish(instance, state, token, now)?;
    let (user_id, session_id) = created.unzip();
    Ok(Created {
        user_id,
        session_id,
        ..Created::default()
    })
}

fn transferable(verification: &mut ExternalVerification, identity: &Identity, code: &str) {
    verification.status = ExternalStatus::Transferable;
    verification.error = Some(code.to_owned());
    verification.identity = Some(identity.clone());
}

/// The external verification of the client's attempt `attempt_id`, if it is still the one the
/// trip started.
fn external_mut<'a>(
    state: &'a mut State,
    token: &str,
    flow: Flow,
    attempt_id: &str,
) -> Result<&'a mut ExternalVerification, ApiError> {
    let client = state.client_mut(token);
    let external = match flow {
        Flow::SignIn => client
            .and_then(|c| c.sign_in.as_mut())
            .filter(|s| s.id == attempt_id)
            .and_then(|s| s.external.as_mut()),
        Flow::SignUp => client
            .and_then(|c| c.sign_up.as_mut())
            .filter(|s| s.id == attempt_id)
            .and_then(|s| s.external.as_mut()),
        Flow::Connect => None,
    };
    external.ok_or_else(|| match flow {
        Flow::SignIn | Flow::Connect => ApiError::not_found("Sign in"),
        Flow::SignUp => ApiError::not_found("Sign up"),
    })
}

fn pending_sign_in(id: String, external: ExternalVerification, now: i64) -> SignIn {
    SignIn {
        status: AttemptStatus::NeedsIdentifier,
        strategy: Some(external.strategy.clone()),
        external: Some(external),
        ..sign_in::new_attempt(id, "", "", now)
    }
}

fn pending_sign_up(id: String, external: ExternalVerification, now: i64) -> SignUp {
    SignUp {
        external: Some(external),
        ..sign_up::new_attempt(id, now)
    }
}

/// A verification already vouched for by the provider (the other flow's, transferred).
fn verified(identity: &Identity, now: i64) -> ExternalVerification {
    ExternalVerification {
        strategy: identity.provider.clone(),
        status: ExternalStatus::Verified,
        redirect_url: None,
        error: None,
        identity: Some(identity.clone()),
        expire_at: now + oauth::ROUND_TRIP_LIFETIME_MS,
        locked_until: None,
    }
}

/// `redirect_url` must be the app's, as for the handshake: no bouncing browsers elsewhere.
fn own_url(instance: &Instance, req: &FapiRequest, url: &str) -> Result<String, ApiError> {
    handshake::redirect_target(
        &instance.origin,
        &instance.origins,
        req.authority.as_deref(),
        Some(url),
    )
    .map(String::from)
}

fn nothing_to_transfer() -> ApiError {
    ApiError::param_invalid("transfer", "There is no external account to transfer.")
}

fn render(flow: Flow, view: &View, client: &Client) -> Value {
    match flow {
        Flow::SignIn | Flow::Connect => sign_in::render(view, client),
        Flow::SignUp => sign_up::render(view, client),
    }
}

impl Created {
    /// Its webhooks, rendered from the state the change left.
    fn announce(&self, events: &mut Announcements, state: &State) {
        if let Some(user_id) = &self.user_id {
            events.user("user.created", user_id, state);
        }
        if let Some(user_id) = &self.linked_user_id {
            events.user("user.updated", user_id, state);
        }
        if let Some(session_id) = &self.session_id {
            events.session("session.created", session_id, state);
        }
    }
}
