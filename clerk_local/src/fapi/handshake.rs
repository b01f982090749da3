//! `GET /v1/client/handshake`: a server saw `__client_uat > 0` without a usable `__session` and
//! sent the document here. We read the browser's `__client` and send it back with Set-Cookie
//! directives for the server to apply: as a nonce the server exchanges, once, at the Backend API
//! (`format=nonce`), or as a JWT signed with the instance key (`__clerk_handshake`). Either
//! travels back in a short-lived HttpOnly cookie on the app's origin, as production Clerk's
//! does, never in the address bar; the directives delete that cookie again. A development
//! instance answers its own way (`dev_handshake`).

use url::Url;

use crate::clock::now_ms;
use crate::constants::{
    DEV_BROWSER_PARAM, FORMAT_PARAM, HANDSHAKE_COOKIE, HANDSHAKE_NONCE_COOKIE,
    HANDSHAKE_NONCE_PARAM, HANDSHAKE_PARAM, REDIRECT_URL_PARAM, SUFFIXED_COOKIES_PARAM,
};
use crate::instance::Instance;
use crate::origins::Origins;
use crate::reply::{ApiError, Reply};
use crate::store::{Client, State};
use crate::tokens;

use super::{current_client, dev_handshake, view, FapiRequest};

pub(super) fn handle(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let back = redirect_target(
        &instance.origin,
        &instance.origins,
        req.authority.as_deref(),
        req.query(REDIRECT_URL_PARAM),
    )?;
    let suffixed = req.query(SUFFIXED_COOKIES_PARAM) == Some("true");
    if instance.instance_type.is_development() {
        return dev_handshake::answer(instance, req, back, suffixed);
    }
    let nonce_format = req.query(FORMAT_PARAM) == Some("nonce");
    let carrier = if nonce_format {
        HANDSHAKE_NONCE_COOKIE
    } else {
        HANDSHAKE_COOKIE
    };
    let now = now_ms();

    let mut directives = instance.store.read(|state| {
        session_directives(
            instance,
            state,
            req,
            current_client(state, req),
            suffixed,
            now,
        )
    });
    directives.push(instance.cookies.handshake_carrier_cleared(carrier));

    let value = if nonce_format {
        instance.nonces.issue(directives, now)
    } else {
        tokens::handshake_token(&instance.keys, &directives)
    };
    Ok(Reply::redirect(back.into())
        .with_cookies(vec![instance.cookies.handshake_carrier(carrier, &value)]))
}

/// The Set-Cookie directives for `client`: a fresh token of its current session and its
/// `__client_uat`, or both cleared when it has no session (or there is no client).
pub(super) fn session_directives(
    instance: &Instance,
    state: &State,
    req: &FapiRequest,
    client: Option<&Client>,
    suffixed: bool,
    now: i64,
) -> Vec<String> {
    let signed_in = client.and_then(|client| {
        let session = client
            .last_active_session_id
            .as_deref()
            .and_then(|id| client.session(id))
            .or_else(|| client.sessions.first())?;
        let token = view(instance, state, req, now)
            .minter()
            .session_token(session, None);
        Some((token, client.uat_secs()))
    });
    let signed_in = signed_in
        .as_ref()
        .map(|(token, uat)| (token.as_str(), *uat));
    instance.cookies.handshake(signed_in, suffixed)
}

/// Where to send the browser back: `redirect_url` resolved against the app's origin, which it
/// must not leave (its loopback twins on the same port, or the authority the request came
/// through, count as the app: see `Origins`), so the endpoint cannot bounce a browser, cookies
/// in tow, to another site or another local server. Stale handshake parameters (and a dev
/// browser, which a development answer adds afresh) are dropped.
pub(super) fn redirect_target(
    origin: &str,
    origins: &Origins,
    authority: Option<&str>,
    redirect_url: Option<&str>,
) -> Result<Url, ApiError> {
    let base = Url::parse(origin).map_err(|_| ApiError::redirect_url_invalid())?;
    let mut target = base
        .join(redirect_url.unwrap_or("/"))
        .map_err(|_| ApiError::redirect_url_invalid())?;
    if !origins.is_own_url(&target, authority) {
        return Err(ApiError::redirect_url_invalid());
    }
    remove_handshake_params(&mut target);
    Ok(target)
}

/// Drops `__clerk_handshake`, `__clerk_handshake_nonce` and `__clerk_db_jwt` from the query.
fn remove_handshake_params(url: &mut Url) {
    let stale =
        |k: &str| k == HANDSHAKE_PARAM || k == HANDSHAKE_NONCE_PARAM || k == DEV_BROWSER_PARAM;
    if !url.query_pairs().any(|(k, _)| stale(&k)) {
        return;
    }
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !stale(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "http://127.0.0.1:3000";

    fn target(redirect_url: &str) -> Result<String, ApiError> {
        let origins = Origins::new(ORIGIN);
        redirect_target(ORIGIN, &origins, Some("127.0.0.1:3000"), Some(redirect_url))
            .map(String::from)
    }

    #[test]
    fn redirects_only_to_the_app() {
        assert_eq!(
            target("/dashboard?x=1").unwrap(),
            "http://127.0.0.1:3000/dashboard?x=1"
        );
        assert!(target("http://localhost:3000/a").is_ok());
        assert!(target("http://localhost:3001/a").is_err());
        assert!(target("https://evil.example/").is_err());
        assert!(target("//evil.example/").is_err());
        assert!(target("javascript:alert(1)").is_err());
    }

    #[test]
    fn drops_a_stale_handshake() {
        assert_eq!(
            target("/p?__clerk_handshake=old&a=b&__clerk_handshake_nonce=n").unwrap(),
            "http://127.0.0.1:3000/p?a=b"
        );
        assert_eq!(
            target("/p?__clerk_handshake_nonce=n&__clerk_db_jwt=dvb_old").unwrap(),
            "http://127.0.0.1:3000/p"
        );
    }
}
