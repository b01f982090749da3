//! `GET /v1/client/handshake`: a server saw `__client_uat > 0` without a usable `__session` and
//! sent the document here. We read the browser's `__client` and send it back with Set-Cookie
//! directives for the server to apply: as a nonce the server exchanges at the Backend API
//! (`format=nonce`), or as a JWT signed with the instance key (`__clerk_handshake`).

use url::Url;

use crate::clock::now_ms;
use crate::constants::{
    FORMAT_PARAM, HANDSHAKE_NONCE_PARAM, HANDSHAKE_PARAM, REDIRECT_URL_PARAM,
    SUFFIXED_COOKIES_PARAM,
};
use crate::instance::Instance;
use crate::reply::{ApiError, Reply};
use crate::tokens;

use super::{current_client, view, FapiRequest};

pub(super) fn handle(instance: &Instance, req: &FapiRequest) -> Result<Reply, ApiError> {
    let mut back = redirect_target(&instance.origin, req.query(REDIRECT_URL_PARAM))?;
    let suffixed = req.query(SUFFIXED_COOKIES_PARAM) == Some("true");
    let now = now_ms();

    let directives = instance.store.read(|state| {
        let signed_in = current_client(state, req).and_then(|client| {
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
    });

    let (name, value) = if req.query(FORMAT_PARAM) == Some("nonce") {
        (
            HANDSHAKE_NONCE_PARAM,
            instance.nonces.issue(directives, now),
        )
    } else {
        (
            HANDSHAKE_PARAM,
            tokens::handshake_token(&instance.keys, &directives),
        )
    };
    set_query_param(&mut back, name, &value);
    Ok(Reply::redirect(back.into()))
}

/// Where to send the browser back: `redirect_url` resolved against the app's origin. Only the
/// app's origin and loopback hosts are allowed (the app may be opened as `localhost` or
/// `127.0.0.1`), so the endpoint cannot bounce a browser, cookies in tow, to another site.
fn redirect_target(origin: &str, redirect_url: Option<&str>) -> Result<Url, ApiError> {
    let base = Url::parse(origin).map_err(|_| ApiError::redirect_url_invalid())?;
    let target = base
        .join(redirect_url.unwrap_or("/"))
        .map_err(|_| ApiError::redirect_url_invalid())?;
    let loopback = matches!(target.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    let web = matches!(target.scheme(), "http" | "https");
    if web && (target.origin() == base.origin() || loopback) {
        Ok(target)
    } else {
        Err(ApiError::redirect_url_invalid())
    }
}

/// Sets `name=value` in the URL's query, replacing any earlier value (a stale handshake).
fn set_query_param(url: &mut Url, name: &str, value: &str) {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != HANDSHAKE_PARAM && k != HANDSHAKE_NONCE_PARAM && k != name)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair(name, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "http://127.0.0.1:3000";

    #[test]
    fn redirects_only_to_the_app_or_loopback() {
        let ok = |u| redirect_target(ORIGIN, Some(u)).map(String::from);
        assert_eq!(
            ok("/dashboard?x=1").unwrap(),
            "http://127.0.0.1:3000/dashboard?x=1"
        );
        assert!(ok("http://localhost:3000/a").is_ok());
        assert!(ok("https://evil.example/").is_err());
        assert!(ok("//evil.example/").is_err());
        assert!(ok("javascript:alert(1)").is_err());
    }

    #[test]
    fn replaces_a_stale_handshake_param() {
        let mut url = Url::parse("http://127.0.0.1:3000/p?__clerk_handshake=old&a=b").unwrap();
        set_query_param(&mut url, HANDSHAKE_NONCE_PARAM, "n");
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:3000/p?a=b&__clerk_handshake_nonce=n"
        );
    }
}
