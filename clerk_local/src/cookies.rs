//! Cookies: reading the browser's, and writing the ones real FAPI sets (`__client`,
//! `__client_uat`) and the handshake directives (`__session`, `__client_uat`, suffixed twins).

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE;
use base64::Engine;
use http::header::COOKIE;
use http::HeaderMap;
use percent_encoding::percent_decode_str;
use sha1::{Digest, Sha1};

use crate::constants::{
    CLIENT_COOKIE, CLIENT_UAT_COOKIE, COOKIE_MAX_AGE_SECS, DEV_BROWSER_COOKIE,
    HANDSHAKE_CARRIER_MAX_AGE_SECS, SESSION_COOKIE,
};

/// The cookies a request carries, values percent-decoded (as `document.cookie` writers encode).
pub(crate) fn parse(headers: &HeaderMap) -> HashMap<String, String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            let value = percent_decode_str(value.trim()).decode_utf8_lossy();
            Some((name.trim().to_owned(), value.into_owned()))
        })
        .collect()
}

/// The suffix of `__session_<suffix>` and friends: the first 8 characters of the URL-safe
/// base64 of SHA-1 of the publishable key (`@clerk/shared` `getCookieSuffix`).
pub(crate) fn suffix(publishable_key: &str) -> String {
    let digest = Sha1::digest(publishable_key.as_bytes());
    URL_SAFE.encode(digest).chars().take(8).collect()
}

/// Writes `Set-Cookie` values for one instance. Through the same-origin proxy, FAPI's cookies
/// land on the app's own host: `Path=/`, `SameSite=Lax`, `Secure` only on https.
#[derive(Clone, Debug)]
pub(crate) struct SetCookies {
    secure: bool,
    suffix: String,
}

impl SetCookies {
    pub(crate) fn new(origin: &str, publishable_key: &str) -> Self {
        Self {
            secure: origin.starts_with("https://"),
            suffix: suffix(publishable_key),
        }
    }

    /// What every client-returning FAPI answer sets: the browser's client (HttpOnly) and when its
    /// session began (`0` when signed out), plain and suffixed, as real production FAPI does.
    pub(crate) fn client(&self, token: &str, uat_secs: i64) -> Vec<String> {
        let mut cookies = vec![self.cookie(CLIENT_COOKIE, token, COOKIE_MAX_AGE_SECS, true)];
        cookies.extend(self.with_suffixed(CLIENT_UAT_COOKIE, &uat_secs.to_string(), true));
        cookies
    }

    /// Forgets the client (`DELETE /v1/client`).
    pub(crate) fn client_removed(&self) -> Vec<String> {
        let mut cookies = vec![self.cookie(CLIENT_COOKIE, "", 0, true)];
        cookies.extend(self.with_suffixed(CLIENT_UAT_COOKIE, "0", true));
        cookies
    }

    /// The handshake's directives: a fresh session token and `__client_uat` when signed in,
    /// both cleared otherwise; with suffixed twins when the server asked for them.
    pub(crate) fn handshake(&self, signed_in: Option<(&str, i64)>, suffixed: bool) -> Vec<String> {
        let (token, uat) = match signed_in {
            Some((token, uat)) => (token.to_owned(), uat.to_string()),
            None => (String::new(), "0".to_owned()),
        };
        let mut cookies = self.with_suffixed(SESSION_COOKIE, &token, suffixed);
        if token.is_empty() {
            // Clearing: an expired cookie is how a Set-Cookie deletes.
            cookies = cookies
                .into_iter()
                .map(|c| c.replace(&format!("Max-Age={COOKIE_MAX_AGE_SECS}"), "Max-Age=0"))
                .collect();
        }
        cookies.extend(self.with_suffixed(CLIENT_UAT_COOKIE, &uat, suffixed));
        cookies
    }

    /// The dev browser on the app's domain, as clerk-js writes it: readable by clerk-js (not
    /// HttpOnly), a year long, with its suffixed twin when the server asked for those.
    pub(crate) fn dev_browser(&self, token: &str, suffixed: bool) -> Vec<String> {
        self.with_suffixed(DEV_BROWSER_COOKIE, token, suffixed)
    }

    /// Carries the handshake answer (a nonce or a token, named `name`) back to the app on the
    /// redirect, instead of the address bar, where it would stay in history and `Referer`s:
    /// HttpOnly, and only as long as the round trip takes.
    pub(crate) fn handshake_carrier(&self, name: &str, value: &str) -> String {
        self.cookie(name, value, HANDSHAKE_CARRIER_MAX_AGE_SECS, true)
    }

    /// The directive that deletes the carrier once the app has used it: a second request with
    /// a spent nonce would otherwise be resolved again, and signed out.
    pub(crate) fn handshake_carrier_cleared(&self, name: &str) -> String {
        self.cookie(name, "", 0, true)
    }

    fn with_suffixed(&self, name: &str, value: &str, suffixed: bool) -> Vec<String> {
        let mut cookies = vec![self.cookie(name, value, COOKIE_MAX_AGE_SECS, false)];
        if suffixed {
            let name = format!("{name}_{}", self.suffix);
            cookies.push(self.cookie(&name, value, COOKIE_MAX_AGE_SECS, false));
        }
        cookies
    }

    fn cookie(&self, name: &str, value: &str, max_age: i64, http_only: bool) -> String {
        let mut cookie = format!("{name}={value}; Path=/; SameSite=Lax; Max-Age={max_age}");
        if http_only {
            cookie.push_str("; HttpOnly");
        }
        if self.secure {
            cookie.push_str("; Secure");
        }
        cookie
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_matches_clerks_test_vector() {
        assert_eq!(
            suffix("pk_test_ZWFzeS1sZW1taW5nLTg1LmNsZXJrLmFjY291bnRzLmRldiQ"),
            "fsYtHDs_"
        );
    }

    #[test]
    fn parses_several_cookie_headers() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, "a=1; __client=abc".parse().unwrap());
        headers.append(COOKIE, "b=x%20y".parse().unwrap());
        let cookies = parse(&headers);
        assert_eq!(cookies["__client"], "abc");
        assert_eq!(cookies["b"], "x y");
    }

    #[test]
    fn signed_out_handshake_clears_session_and_zeroes_uat() {
        let cookies = SetCookies::new("http://localhost:3000", "pk_live_x").handshake(None, true);
        assert_eq!(cookies.len(), 4);
        assert!(cookies[0].starts_with("__session=;") && cookies[0].contains("Max-Age=0"));
        assert!(cookies[1].starts_with("__session_") && cookies[1].contains("Max-Age=0"));
        assert!(cookies[2].starts_with("__client_uat=0;"));
        assert!(!cookies.iter().any(|c| c.contains("Secure")));
    }
}
