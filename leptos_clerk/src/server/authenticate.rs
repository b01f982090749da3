//! `authenticateRequest`: from a request to a [`RequestState`], exactly as `@clerk/backend`
//! 3.x decides (spec §2.2). The `Authorization` header wins over cookies; cookies go through the
//! handshake, satellite, dev-browser and `__client_uat` rules, first match wins.

mod context;
mod handshake;
mod org_sync;
mod refresh;
mod request_state;
mod sync_target;
mod unverified;

use std::time::SystemTime;

use http::request::Parts;
use http::{HeaderMap, HeaderValue, Method};
use url::Url;

use super::api_keys::InstanceType;
use super::auth::{AuthReason, RefreshError};
use super::backend::ClerkClient;
use super::config::{ClerkConfig, CookieNames};
use super::recent_failures::RecentFailures;
use super::request::Cookies;
use super::tokens::{millis, TokenVerificationError, TokenVerificationErrorReason as Reason};
use super::verifier::Verifier;
use crate::constants::{
    CLERK_REDIRECT_URL_PARAM, CLERK_SYNCED_PARAM, DEV_BROWSER_PARAM, MAX_HANDSHAKE_REDIRECTS,
};
use context::Context;
pub use request_state::{AuthStatus, RequestState};
pub(crate) use unverified::is_jwt_format;
use unverified::Peek;

/// This request's public origin (`scheme://host[:port]`), from `Host` and `X-Forwarded-*` as
/// the handshake reads it.
pub(crate) fn public_origin(parts: &Parts) -> String {
    context::origin(&context::clerk_url(parts))
}

/// What authenticating a request needs from the instance, and nothing more: its settings and
/// cookie names, its verifier, and the Backend API.
pub(crate) struct Instance<'a> {
    pub(crate) config: &'a ClerkConfig,
    pub(crate) cookie_names: &'a CookieNames,
    pub(crate) verifier: &'a Verifier,
    /// The client a signed-in `Auth` carries, for the app's own calls (with retries).
    pub(crate) backend: &'a ClerkClient,
    /// The client for calls a request waits on (handshake payloads, refreshes): one attempt,
    /// `request_backend_timeout` at most.
    pub(crate) request_backend: &'a ClerkClient,
    pub(crate) failed_nonces: &'a RecentFailures,
}

/// Where the rejected token came from (`token-carrier` in Clerk's messages).
#[derive(Clone, Copy)]
enum Carrier {
    Header,
    Cookie,
}

impl Carrier {
    fn as_str(self) -> &'static str {
        match self {
            Self::Header => "header",
            Self::Cookie => "cookie",
        }
    }
}

/// Authenticates one request at `now`. Never fails: problems become a signed-out state.
pub(crate) async fn authenticate_request(
    instance: &Instance<'_>,
    parts: &Parts,
    now: SystemTime,
) -> RequestState {
    let cookies = Cookies::parse(&parts.headers);
    let ctx = Context::new(instance, parts, &cookies, now);
    match ctx.token_in_header {
        Some(token) => with_token_in_header(instance, &ctx, token).await,
        None => with_token_in_cookie(instance, &ctx).await,
    }
}

async fn with_token_in_header(
    instance: &Instance<'_>,
    ctx: &Context<'_>,
    token: &str,
) -> RequestState {
    let peek = Peek::new(instance.verifier, token, millis(ctx.now));
    if peek.is_other_token_class() {
        return RequestState::signed_out(AuthReason::TokenTypeMismatch, "", HeaderMap::new());
    }
    match peek.verify(instance.verifier, ctx.now).await {
        Ok(claims) => signed_in(instance, claims, token.to_owned(), HeaderMap::new()),
        Err(error) => token_error(instance, ctx, error, Carrier::Header).await,
    }
}

async fn with_token_in_cookie(instance: &Instance<'_>, ctx: &Context<'_>) -> RequestState {
    let has_active_client = ctx.client_uat != 0;
    let has_session_token = ctx.session_token_in_cookie.is_some();

    // 1. Back from a handshake. A nonce only counts on a page load, which is where a handshake
    //    comes back: on any other request it would make the Backend API call for nothing.
    //    (`@clerk/backend` redeems it on every request.)
    let nonce_to_redeem = ctx.handshake_nonce.is_some() && handshake::is_eligible(ctx);
    if nonce_to_redeem || ctx.handshake_token.is_some() {
        match handshake::resolve(instance, ctx).await {
            Ok(state) => return state,
            Err(error) => tracing::error!(
                "leptos_clerk: unable to resolve the handshake ({error}); continuing without it. \
                 If you switched Clerk keys, clear the site's cookies"
            ),
        }
    }

    // 2–3. Satellites sync with the primary domain on page loads.
    let synced = ctx.query(CLERK_SYNCED_PARAM);
    let needs_sync = synced.as_deref() == Some("false");
    let sync_completed = synced.as_deref() == Some("true");
    let has_cookies = has_session_token || has_active_client;
    let skip_satellite_handshake =
        !instance.config.satellite_auto_sync && !has_cookies && !needs_sync;
    let md_sync_eligible = ctx.is_satellite
        && ctx.sec_fetch_dest.as_deref() == Some("document")
        && ctx.method == Method::GET;
    if md_sync_eligible && !sync_completed {
        if skip_satellite_handshake {
            return RequestState::signed_out(
                AuthReason::SessionTokenAndUatMissing,
                "",
                HeaderMap::new(),
            );
        }
        if !has_cookies || needs_sync {
            let headers = match ctx.instance_type {
                InstanceType::Production => None,
                InstanceType::Development => Some(satellite_sign_in_redirect(instance, ctx)),
            };
            return handshake::maybe(ctx, AuthReason::SatelliteNeedsSyncing, "", headers);
        }
    }

    // 4. A development primary answering a satellite's sync request.
    if ctx.is_development() && !ctx.is_satellite {
        if let Some(back) = ctx
            .query(CLERK_REDIRECT_URL_PARAM)
            .and_then(|raw| sync_target::trusted(ctx, instance.config, &raw))
        {
            let headers = primary_sync_redirect(ctx, back);
            return handshake::maybe(ctx, AuthReason::PrimaryRespondsToSyncing, "", Some(headers));
        }
    }

    // 5–6. Development instances need a dev browser.
    if ctx.is_development() && ctx.query(DEV_BROWSER_PARAM).is_some() {
        return handshake::maybe(ctx, AuthReason::DevBrowserSync, "", None);
    }
    if ctx.is_development() && ctx.dev_browser_token.is_none() {
        return handshake::maybe(ctx, AuthReason::DevBrowserMissing, "", None);
    }

    // 7–9. `__client_uat` against the session cookie.
    if !has_active_client && !has_session_token {
        return RequestState::signed_out(
            AuthReason::SessionTokenAndUatMissing,
            "",
            HeaderMap::new(),
        );
    }
    if !has_active_client && has_session_token {
        return handshake::maybe(ctx, AuthReason::SessionTokenButNoClientUat, "", None);
    }
    let Some(peek) = &ctx.session_peek else {
        return handshake::maybe(ctx, AuthReason::ClientUatButNoSessionToken, "", None);
    };
    let token = peek.token;

    // 10–12. What the token says before it is verified.
    if !peek.decodes() {
        let error = TokenVerificationError::invalid(
            "Invalid JWT form. A JWT consists of three parts separated by dots.",
        );
        return token_error(instance, ctx, error, Carrier::Cookie).await;
    }
    if peek.is_other_token_class() {
        return RequestState::signed_out(AuthReason::TokenTypeMismatch, "", HeaderMap::new());
    }
    if peek
        .number("iat")
        .is_some_and(|iat| iat < ctx.client_uat as f64)
    {
        return handshake::maybe(ctx, AuthReason::SessionTokenIatBeforeClientUat, "", None);
    }

    // 13–16. Verify.
    match peek.verify(instance.verifier, ctx.now).await {
        Ok(claims) => {
            if claims.azp.is_none() {
                warn_missing_azp();
            }
            let cross_origin_sync = !ctx.is_satellite
                && ctx.method == Method::GET
                && ctx.sec_fetch_dest.as_deref() == Some("document")
                && ctx.is_cross_origin_referrer()
                && !ctx.is_known_clerk_referrer()
                && ctx.redirect_count == 0;
            if cross_origin_sync {
                return handshake::maybe(
                    ctx,
                    AuthReason::PrimaryDomainCrossOriginSync,
                    "Cross-origin request from satellite domain requires handshake",
                    None,
                );
            }
            let state = signed_in(instance, claims, token.to_owned(), HeaderMap::new());
            if let Some(handshake) = organization_sync(ctx, &state) {
                return handshake;
            }
            state
        }
        Err(error) => token_error(instance, ctx, error, Carrier::Cookie).await,
    }
}

/// The state for a verified token, with the headers the response must carry.
fn signed_in(
    instance: &Instance<'_>,
    claims: std::sync::Arc<super::tokens::SessionClaims>,
    token: String,
    headers: HeaderMap,
) -> RequestState {
    RequestState::signed_in(
        claims,
        token,
        headers,
        instance.config.treat_pending_as_signed_out,
        instance.backend.clone(),
    )
}

/// `handleMaybeOrganizationSyncHandshake`: a handshake that activates the organization (or
/// personal account) the page's URL names, when another one is active.
///
/// A pending session never needs one, whatever `treat_pending_as_signed_out` says: Clerk decides
/// on `toAuth()` with its default, which has no user for a pending session.
fn organization_sync(ctx: &Context<'_>, state: &RequestState) -> Option<RequestState> {
    let auth = state.auth.as_signed_in()?;
    if auth.claims().is_pending() {
        return None;
    }
    let target = ctx.org_sync_target()?;
    let must_activate = match &target {
        org_sync::Target::Organization { id, slug } => {
            slug.as_deref().is_some_and(|s| Some(s) != auth.org_slug())
                || id.as_deref().is_some_and(|i| Some(i) != auth.org_id())
        }
        org_sync::Target::Personal => auth.org_id().is_some(),
    };
    if !must_activate {
        return None;
    }
    if ctx.redirect_count >= MAX_HANDSHAKE_REDIRECTS {
        tracing::warn!(
            "leptos_clerk: organization activation handshake loop detected; the organization \
             id or slug in the URL is probably invalid. Skipping organization activation"
        );
        return None;
    }
    let state = handshake::maybe(ctx, AuthReason::ActiveOrganizationMismatch, "", None);
    (state.status == AuthStatus::Handshake).then_some(state)
}

/// `handleSessionTokenError`: an expired token may be refreshed (or handshaken); a token that is
/// not valid yet is handshaken; anything else is signed out with the verification reason.
async fn token_error(
    instance: &Instance<'_>,
    ctx: &Context<'_>,
    error: TokenVerificationError,
    carrier: Carrier,
) -> RequestState {
    let refresh_error = if error.reason == Reason::TokenExpired
        && ctx.refresh_token_in_cookie.is_some()
        && ctx.method == Method::GET
    {
        match refresh::attempt(instance, ctx).await {
            Ok(state) => return state,
            Err(why) => why,
        }
    } else if ctx.method != Method::GET {
        RefreshError::NonEligibleNonGet
    } else {
        RefreshError::NonEligibleNoRefreshCookie
    };
    let message = format!(
        "{} (reason={}, token-carrier={})",
        error.message,
        error.reason,
        carrier.as_str()
    );
    let reason = match error.reason {
        Reason::TokenExpired => AuthReason::SessionTokenExpiredRefresh(refresh_error),
        Reason::TokenNotActiveYet => AuthReason::SessionTokenNbf,
        Reason::TokenIatInTheFuture => AuthReason::SessionTokenIatInTheFuture,
        other => return RequestState::signed_out(other.into(), message, HeaderMap::new()),
    };
    handshake::maybe(ctx, reason, &message, None)
}

/// Development satellite: send the browser to the primary's sign-in page to sync.
fn satellite_sign_in_redirect(instance: &Instance<'_>, ctx: &Context<'_>) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Ok(mut url) = Url::parse(&instance.config.sign_in_url) {
        handshake::rewrite_query(&mut url, |pairs| {
            pairs.push((
                CLERK_REDIRECT_URL_PARAM.to_owned(),
                ctx.clerk_url().to_string(),
            ));
        });
        if let Ok(value) = HeaderValue::from_str(url.as_str()) {
            headers.insert(http::header::LOCATION, value);
        }
    }
    headers
}

/// Development primary: back to the satellite with the dev-browser token, marked synced.
fn primary_sync_redirect(ctx: &Context<'_>, mut back: Url) -> HeaderMap {
    handshake::rewrite_query(&mut back, |pairs| {
        if let Some(db) = &ctx.dev_browser_token {
            pairs.push((DEV_BROWSER_PARAM.to_owned(), db.clone()));
        }
        handshake::set_param(pairs, CLERK_SYNCED_PARAM, "true");
    });
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(back.as_str()) {
        headers.insert(http::header::LOCATION, value);
    }
    headers
}

/// Clerk warns once per process, not per request, about cookie tokens without `azp`.
fn warn_missing_azp() {
    static WARNED: std::sync::Once = std::sync::Once::new();
    WARNED.call_once(|| {
        tracing::warn!(
            "leptos_clerk: a session token from the cookie has no `azp` claim; a future Clerk \
             version will consider it invalid"
        );
    });
}
