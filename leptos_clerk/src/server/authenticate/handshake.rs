//! The handshake (`HandshakeService` in `@clerk/backend`): sending a page load to the Frontend
//! API to refresh the session cookies, and reading the answer it sends back (a nonce to exchange
//! at the Backend API, or a token signed with the instance key).

use http::header::{CACHE_CONTROL, LOCATION, SET_COOKIE};
use std::time::Duration;

use http::{HeaderMap, HeaderValue, Method};
use url::Url;

use super::context::Context;
use super::request_state::RequestState;
use super::Instance;
use crate::constants::*;
use crate::server::auth::AuthReason;
use crate::server::backend::ClerkError;
use crate::server::tokens::{TokenVerificationError, TokenVerificationErrorReason as Reason};

/// A page load (or iframe load) that can be redirected: only GETs, since the Frontend API only
/// answers GET, and only documents, since a `fetch` cannot follow a cross-site redirect.
pub(super) fn is_eligible(ctx: &Context<'_>) -> bool {
    if ctx.method != Method::GET {
        return false;
    }
    match ctx.sec_fetch_dest.as_deref() {
        Some("document" | "iframe") => true,
        Some(_) => false,
        None => ctx
            .accept
            .as_deref()
            .is_some_and(|a| a.starts_with("text/html")),
    }
}

/// `handleMaybeHandshakeStatus`: a handshake when the request can take one (at most three in a
/// row), signed out with the same reason otherwise.
pub(super) fn maybe(
    ctx: &Context<'_>,
    reason: AuthReason,
    message: &str,
    headers: Option<HeaderMap>,
) -> RequestState {
    if !is_eligible(ctx) {
        return RequestState::signed_out(reason, message, HeaderMap::new());
    }
    let mut headers = headers.unwrap_or_else(|| redirect_headers(ctx, reason));
    if headers.contains_key(LOCATION) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if ctx.redirect_count >= MAX_HANDSHAKE_REDIRECTS {
        tracing::warn!(
            "leptos_clerk: refreshing the session token resulted in an infinite redirect loop \
             ({reason}). This usually means that the Clerk keys do not match: copy the \
             publishable and secret keys of the same instance from the Clerk Dashboard"
        );
        return RequestState::signed_out(reason, message, HeaderMap::new());
    }
    let count = ctx.redirect_count + 1;
    if let Ok(cookie) = HeaderValue::from_str(&format!(
        "{REDIRECT_COUNT_COOKIE}={count}; SameSite=Lax; HttpOnly; Max-Age=2"
    )) {
        headers.append(SET_COOKIE, cookie);
    }
    RequestState::handshake(reason, message, headers)
}

/// `buildRedirectToHandshake`: `Location: <fapi>/v1/client/handshake?redirect_url=…&…`.
pub(super) fn redirect_headers(ctx: &Context<'_>, reason: AuthReason) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Some(url) = handshake_url(ctx, reason) {
        if let Ok(value) = HeaderValue::from_str(url.as_str()) {
            headers.insert(LOCATION, value);
        }
    }
    headers
}

fn handshake_url(ctx: &Context<'_>, reason: AuthReason) -> Option<Url> {
    let mut redirect_url = ctx.clerk_url().clone();
    remove_params(
        &mut redirect_url,
        &[DEV_BROWSER_PARAM, LEGACY_DEV_BROWSER_PARAM],
    );
    let frontend_api = ctx.frontend_api();
    let base = if frontend_api.starts_with("http") {
        frontend_api.to_owned()
    } else {
        format!("https://{frontend_api}")
    };
    let base = format!("{}/", base.trim_end_matches('/'));
    let mut url = Url::parse(&base).ok()?.join(HANDSHAKE_PATH).ok()?;
    {
        let mut q = url.query_pairs_mut();
        q.append_pair(REDIRECT_URL_PARAM, redirect_url.as_str());
        q.append_pair(API_VERSION_PARAM, BAPI_VERSION);
        q.append_pair(
            SUFFIXED_COOKIES_PARAM,
            if ctx.uses_suffixed_cookies {
                "true"
            } else {
                "false"
            },
        );
        q.append_pair(HANDSHAKE_REASON_PARAM, reason.as_str());
        q.append_pair(HANDSHAKE_FORMAT_PARAM, "nonce");
        if let Some(token) = ctx.session_token() {
            q.append_pair(SESSION_PARAM, token);
        }
        if ctx.is_development() {
            if let Some(db) = &ctx.dev_browser_token {
                q.append_pair(DEV_BROWSER_PARAM, db);
            }
        }
        if let Some(target) = ctx.org_sync_target() {
            q.append_pair(ORGANIZATION_ID_PARAM, target.param());
        }
    }
    Some(url)
}

/// Removes every value of these query parameters, keeping the rest in order. Like
/// `URLSearchParams.delete`, it re-encodes the query as a form and drops an empty `?`.
pub(super) fn remove_params(url: &mut Url, names: &[&str]) {
    rewrite_query(url, |pairs| {
        pairs.retain(|(k, _)| !names.contains(&k.as_str()))
    });
}

/// Edits the query as `URLSearchParams` does: the pairs are decoded, edited, and the whole query
/// is written back form-encoded (no `?` when empty).
pub(super) fn rewrite_query(url: &mut Url, edit: impl FnOnce(&mut Vec<(String, String)>)) {
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    edit(&mut pairs);
    if pairs.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
}

/// `URLSearchParams.set`: replaces the first value in place and drops the others, or appends.
pub(super) fn set_param(pairs: &mut Vec<(String, String)>, name: &str, value: &str) {
    match pairs.iter().position(|(k, _)| k == name) {
        Some(first) => {
            pairs[first].1 = value.to_owned();
            let mut index = 0;
            pairs.retain(|(k, _)| {
                let keep = index <= first || k != name;
                index += 1;
                keep
            });
        }
        None => pairs.push((name.to_owned(), value.to_owned())),
    }
}

/// Why a handshake answer could not be used; the request then continues as if there was none
/// (production) or is logged loudly (development).
#[derive(Debug, thiserror::Error)]
pub(super) enum ResolveError {
    /// The handshake token did not verify.
    #[error("the handshake token was rejected: {0}")]
    Token(TokenVerificationError),
    /// The session token the handshake set did not verify.
    #[error("the session token the handshake set was rejected: {0}")]
    Session(TokenVerificationError),
}

/// `resolveHandshake`: applies the directives, and verifies the session token they set.
pub(super) async fn resolve(
    instance: &Instance<'_>,
    ctx: &Context<'_>,
) -> Result<RequestState, ResolveError> {
    let mut headers = HeaderMap::new();
    headers.insert(
        http::header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("null"),
    );
    headers.insert(
        http::header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    let directives = directives(instance, ctx)
        .await
        .map_err(ResolveError::Token)?;
    let mut session_token = String::new();
    for directive in &directives {
        if let Ok(value) = HeaderValue::from_str(directive) {
            headers.append(SET_COOKIE, value);
        }
        let pair = directive.split(';').next().unwrap_or_default();
        let mut name_value = pair.split('=');
        let name = name_value.next().unwrap_or_default();
        if name.starts_with(SESSION_COOKIE) {
            name_value
                .next()
                .unwrap_or_default()
                .clone_into(&mut session_token);
        }
    }
    if ctx.is_development() {
        let mut clean = ctx.clerk_url().clone();
        remove_params(
            &mut clean,
            &[
                HANDSHAKE_PARAM,
                HANDSHAKE_HELP_PARAM,
                DEV_BROWSER_PARAM,
                HANDSHAKE_NONCE_PARAM,
            ],
        );
        if let Ok(value) = HeaderValue::from_str(clean.as_str()) {
            headers.append(LOCATION, value);
        }
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if session_token.is_empty() {
        return Ok(RequestState::signed_out(
            AuthReason::SessionTokenMissing,
            "",
            headers,
        ));
    }
    match instance
        .verifier
        .verify(&session_token, ctx.now, None)
        .await
    {
        Ok(claims) => Ok(super::signed_in(instance, claims, session_token, headers)),
        Err(error)
            if ctx.is_development()
                && matches!(
                    error.reason,
                    Reason::TokenExpired | Reason::TokenNotActiveYet | Reason::TokenIatInTheFuture
                ) =>
        {
            tracing::error!(
                "leptos_clerk: clock skew detected ({error}). This usually means that the \
                 system clock is inaccurate; turn automatic time synchronization off and on. \
                 Retrying with a day of tolerance (development instances only)"
            );
            let day = std::time::Duration::from_secs(86_400);
            instance
                .verifier
                .verify(&session_token, ctx.now, Some(day))
                .await
                .map(|claims| super::signed_in(instance, claims, session_token, headers))
                .map_err(ResolveError::Session)
        }
        Err(error) => Err(ResolveError::Session(error)),
    }
}

/// The Set-Cookie directives of the handshake: from the Backend API for a nonce (a failure there
/// gives none), or from the verified handshake token.
async fn directives(
    instance: &Instance<'_>,
    ctx: &Context<'_>,
) -> Result<Vec<String>, TokenVerificationError> {
    if let Some(nonce) = ctx.handshake_nonce.as_ref().filter(|_| is_eligible(ctx)) {
        return Ok(nonce_directives(instance, nonce).await);
    }
    match &ctx.handshake_token {
        Some(token) => instance.verifier.verify_handshake(token).await,
        None => Ok(Vec::new()),
    }
}

/// Redeems a nonce at the Backend API, unless it cannot be one of Clerk's or was refused a
/// moment ago: anyone can put a nonce in a link or a cookie, and each would otherwise cost a
/// call that the request waits on. (`@clerk/backend` sends every nonce it sees; the answer for a
/// bad one, no directives, is the same.)
async fn nonce_directives(instance: &Instance<'_>, nonce: &str) -> Vec<String> {
    if !nonce_is_well_formed(nonce) {
        tracing::debug!("leptos_clerk: ignoring a malformed handshake nonce");
        return Vec::new();
    }
    if instance.failed_nonces.contains(nonce) {
        return Vec::new();
    }
    match instance
        .request_backend
        .clients()
        .handshake_payload(nonce)
        .await
    {
        Ok(payload) => payload.directives,
        Err(error) => {
            // Clerk's refusal of the nonce is remembered for a minute. After a timeout, a 5xx or
            // a 429 the nonce may still redeem (Clerk's SDKs ask every time): remembered only
            // for `Retry-After`, else a few seconds, so that a browser reloading meanwhile does
            // not wait out the timeout again on every page.
            let remembered = match &error {
                ClerkError::Api {
                    status: 400 | 404 | 422,
                    ..
                } => None,
                ClerkError::Api {
                    retry_after: Some(seconds),
                    ..
                } => Some(Duration::from_secs(*seconds)),
                _ => Some(Duration::from_secs(TRANSIENT_NONCE_FAILURE_SECS)),
            };
            match remembered {
                None => instance.failed_nonces.insert(nonce),
                Some(ttl) => instance.failed_nonces.insert_for(nonce, ttl),
            }
            tracing::error!("leptos_clerk: getting the handshake payload failed: {error}");
            Vec::new()
        }
    }
}

/// What a Clerk handshake nonce can look like: URL-safe characters, bounded length. Anything
/// else is not sent to the Backend API at all.
fn nonce_is_well_formed(nonce: &str) -> bool {
    (1..=crate::constants::MAX_NONCE_LEN).contains(&nonce.len())
        && nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
}

#[cfg(test)]
mod tests {
    use super::nonce_is_well_formed;

    #[test]
    fn malformed_nonces_are_recognised() {
        assert!(nonce_is_well_formed("nonce-ok"));
        assert!(nonce_is_well_formed("2pQ_x.y~Z"));
        for bad in [
            "",
            "a b",
            "a/../b",
            "ä",
            "a%20b",
            "a\u{0}b",
            &"n".repeat(257),
        ] {
            assert!(!nonce_is_well_formed(bad), "{bad:?} accepted");
        }
    }
}
