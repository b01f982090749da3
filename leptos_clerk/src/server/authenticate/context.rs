//! Everything the decision needs from one request (`AuthenticateContext` in `@clerk/backend`):
//! the public URL rebuilt from `Host`/`X-Forwarded-*`, the token in the header, the cookies of
//! this instance (suffixed or not), the dev-browser and handshake values.

use std::sync::OnceLock;
use std::time::SystemTime;

use http::header::{ACCEPT, HOST, REFERER};
use http::request::Parts;
use http::{HeaderMap, Method};
use url::Url;

use super::org_sync::{target, Target};
use super::unverified::Peek;
use super::Instance;
use crate::constants::*;
use crate::server::api_keys::InstanceType;
use crate::server::config::CookieNames;
use crate::server::request::{bearer_token, Cookies};
use crate::server::tokens::millis;

/// One request, read once.
pub(crate) struct Context<'a> {
    parts: &'a Parts,
    instance: &'a Instance<'a>,
    clerk_url: OnceLock<Url>,
    frontend_api: OnceLock<String>,
    pub(crate) method: Method,
    pub(crate) sec_fetch_dest: Option<String>,
    pub(crate) accept: Option<String>,
    pub(crate) referrer: Option<String>,
    pub(crate) token_in_header: Option<&'a str>,
    pub(crate) session_token_in_cookie: Option<&'a str>,
    /// The session cookie's token, decoded once (or found in the verified-token cache).
    pub(crate) session_peek: Option<Peek<'a>>,
    pub(crate) refresh_token_in_cookie: Option<String>,
    /// `parseInt(__client_uat) || 0`, in whole seconds (saturating).
    pub(crate) client_uat: i64,
    pub(crate) dev_browser_token: Option<String>,
    pub(crate) handshake_token: Option<String>,
    pub(crate) handshake_nonce: Option<String>,
    /// `Number(__clerk_redirect_count) || 0` as a whole count: a fraction is rounded down, and a
    /// negative or unreadable value is 0.
    pub(crate) redirect_count: u32,
    pub(crate) uses_suffixed_cookies: bool,
    pub(crate) instance_type: InstanceType,
    pub(crate) is_satellite: bool,
    pub(crate) now: SystemTime,
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        instance: &'a Instance<'a>,
        parts: &'a Parts,
        cookies: &'a Cookies<'a>,
        now: SystemTime,
    ) -> Self {
        let config = instance.config;
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let now_ms = millis(now);
        let query = |name: &str| query_param(parts, name).filter(|v| !v.is_empty());
        let instance_type = config.publishable_key.instance_type();
        let names = instance.cookie_names;
        let plain = Peek::new(
            instance.verifier,
            cookies.get(SESSION_COOKIE).unwrap_or(""),
            now_ms,
        );
        let suffixed = Peek::new(
            instance.verifier,
            cookies.get(&names.session).unwrap_or(""),
            now_ms,
        );
        let uses_suffixed =
            uses_suffixed_cookies(cookies, names, (&plain, &suffixed), instance_type, now);
        let pick = |plain_name: &str, suffixed_name: &str| -> Option<String> {
            let name = if uses_suffixed {
                suffixed_name
            } else {
                plain_name
            };
            cookies.get(name).map(str::to_owned)
        };
        let session_peek = if uses_suffixed { suffixed } else { plain };
        let session_peek = (!session_peek.token.is_empty()).then_some(session_peek);
        Self {
            parts,
            instance,
            clerk_url: OnceLock::new(),
            frontend_api: OnceLock::new(),
            method: parts.method.clone(),
            sec_fetch_dest: header(SEC_FETCH_DEST_HEADER),
            accept: header(ACCEPT.as_str()),
            referrer: header(REFERER.as_str()),
            token_in_header: bearer_token(&parts.headers),
            session_token_in_cookie: session_peek.as_ref().map(|p| p.token),
            session_peek,
            refresh_token_in_cookie: cookies.get(&names.refresh).map(str::to_owned),
            // JavaScript's number semantics stop here: integers from now on (`as` saturates).
            client_uat: js_parse_int(
                pick(CLIENT_UAT_COOKIE, &names.client_uat)
                    .as_deref()
                    .unwrap_or(""),
            ) as i64,
            dev_browser_token: query(DEV_BROWSER_PARAM)
                .or_else(|| pick(DEV_BROWSER_COOKIE, &names.dev_browser)),
            handshake_token: query(HANDSHAKE_PARAM)
                .or_else(|| cookies.get(HANDSHAKE_COOKIE).map(str::to_owned)),
            handshake_nonce: query(HANDSHAKE_NONCE_PARAM)
                .or_else(|| cookies.get(HANDSHAKE_NONCE_COOKIE).map(str::to_owned)),
            redirect_count: js_number(cookies.get(REDIRECT_COUNT_COOKIE).unwrap_or("")).max(0.0)
                as u32,
            uses_suffixed_cookies: uses_suffixed,
            instance_type,
            is_satellite: config.is_satellite,
            now,
        }
    }

    /// The request's headers, all of them.
    pub(crate) fn headers(&self) -> &'a HeaderMap {
        &self.parts.headers
    }

    /// What organization sync asks to be active for this page, if any pattern matches.
    pub(crate) fn org_sync_target(&self) -> Option<Target> {
        let config = self.instance.config;
        if config.organization_patterns.is_empty() && config.personal_account_patterns.is_empty() {
            return None;
        }
        target(
            &config.organization_patterns,
            &config.personal_account_patterns,
            self.clerk_url().path(),
        )
    }

    /// The request's public URL (built on first use: most requests never need it).
    pub(crate) fn clerk_url(&self) -> &Url {
        self.clerk_url.get_or_init(|| clerk_url(self.parts))
    }

    /// Where the Frontend API is for this request: the proxy (made absolute), `clerk.<domain>`
    /// for a production satellite, or the publishable key's host.
    pub(crate) fn frontend_api(&self) -> &str {
        self.frontend_api.get_or_init(|| {
            let config = self.instance.config;
            let proxy = config.proxy_url.as_deref().filter(|p| !p.is_empty());
            match (proxy, &config.domain) {
                (Some(proxy), _) if proxy.starts_with('/') => {
                    format!("{}{proxy}", origin(self.clerk_url()))
                }
                (Some(proxy), _) => proxy.to_owned(),
                (None, Some(domain))
                    if self.instance_type == InstanceType::Production && config.is_satellite =>
                {
                    format!("clerk.{domain}")
                }
                _ => config.publishable_key.frontend_api().to_owned(),
            }
        })
    }

    /// The session token of the request: the cookie's, else the header's.
    pub(crate) fn session_token(&self) -> Option<&'a str> {
        self.session_token_in_cookie.or(self.token_in_header)
    }

    pub(crate) fn is_development(&self) -> bool {
        self.instance_type == InstanceType::Development
    }

    /// A query parameter of the public URL (first value).
    pub(crate) fn query(&self, name: &str) -> Option<String> {
        query_param(self.parts, name)
    }

    /// The referrer's origin differs from this request's.
    pub(crate) fn is_cross_origin_referrer(&self) -> bool {
        let Some(referrer) = self.referrer.as_deref() else {
            return false;
        };
        Url::parse(referrer).is_ok_and(|r| origin(&r) != origin(self.clerk_url()))
    }

    /// The referrer is this instance's Frontend API or its Accounts Portal (or, for development
    /// instances, any development Accounts Portal).
    pub(crate) fn is_known_clerk_referrer(&self) -> bool {
        let Some(referrer) = self.referrer.as_deref().and_then(|r| Url::parse(r).ok()) else {
            return false;
        };
        let host = referrer.host_str().unwrap_or_default();
        let frontend_api = self.frontend_api();
        let fapi_host = if frontend_api.starts_with("http") {
            Url::parse(frontend_api)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default()
        } else {
            frontend_api.to_owned()
        };
        if host == fapi_host {
            return true;
        }
        let legacy_dev = host.starts_with("accounts.")
            && [".lcl.dev", ".lclstage.dev", ".lclclerk.com"]
                .iter()
                .any(|s| host.ends_with(s));
        let current_dev = [
            ".accounts.dev",
            ".accountsstage.dev",
            ".accounts.lclclerk.com",
        ]
        .iter()
        .any(|s| host.ends_with(s) && !host.ends_with(&format!(".clerk{s}")));
        if self.instance_type != InstanceType::Production && (legacy_dev || current_dev) {
            return true;
        }
        if frontend_api.is_empty() {
            return false;
        }
        let accounts = format!("https://{}", accounts_host(frontend_api));
        Url::parse(&accounts).is_ok_and(|a| origin(&a) == origin(&referrer))
    }
}

/// `buildAccountsBaseUrl`: the first `clerk.accountsstage.` becomes `accountsstage.`, then the
/// first `clerk.accounts.` or `clerk.` becomes `accounts.`.
fn accounts_host(frontend_api: &str) -> String {
    let stage = frontend_api.replacen("clerk.accountsstage.", "accountsstage.", 1);
    let first = |needle: &str| stage.find(needle).map(|i| (i, needle.len()));
    let hit = match (first("clerk.accounts."), first("clerk.")) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    };
    match hit {
        Some((at, len)) => format!("{}accounts.{}", &stage[..at], &stage[at + len..]),
        None => stage,
    }
}

/// The first value of a query parameter, form-decoded (as `URLSearchParams.get`).
fn query_param(parts: &Parts, name: &str) -> Option<String> {
    let query = parts.uri.query()?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// `scheme://host[:port]` as JavaScript's `URL.origin` writes it.
pub(crate) fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// The request's public URL, as `ClerkRequest.deriveUrlFromHeaders`: the request URL (from
/// `Host` when the URI is a path), with `X-Forwarded-Host`/`-Proto` (first values) overriding.
pub(crate) fn clerk_url(parts: &Parts) -> Url {
    let host_header = parts
        .headers
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| !h.is_empty());
    let path = parts
        .uri
        .path_and_query()
        .map_or("/", |pq| pq.as_str())
        .to_owned();
    let initial = match (parts.uri.scheme_str(), parts.uri.authority()) {
        (Some(scheme), Some(authority)) => format!("{scheme}://{authority}{path}"),
        _ => format!("http://{}{path}", host_header.unwrap_or("localhost")),
    };
    let initial = Url::parse(&initial)
        .or_else(|_| Url::parse(&format!("http://localhost{path}")))
        .unwrap_or_else(|_| localhost());
    let first = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(',').next().unwrap_or_default().to_owned())
    };
    let host = first(FORWARDED_HOST_HEADER).or_else(|| host_header.map(str::to_owned));
    let proto = first(FORWARDED_PROTO_HEADER).unwrap_or_else(|| initial.scheme().to_owned());
    let (Some(host), false) = (host.filter(|h| !h.is_empty()), proto.is_empty()) else {
        return initial;
    };
    let origin_text = format!("{proto}://{host}");
    if origin_text == origin(&initial) {
        return initial;
    }
    // The forwarded origin with the request's own path and query set in place, not resolved
    // against it: a path of `//elsewhere.example/` (which hyper passes on as it came) would
    // resolve as a scheme-relative reference and make another host this request's own, and
    // every redirect built from it would go there. (`@clerk/backend` resolves, `new URL(path,
    // origin)`, and has that hole.)
    let Ok(mut url) = Url::parse(&origin_text) else {
        return initial;
    };
    url.set_path(initial.path());
    url.set_query(initial.query());
    url
}

/// The last resort for a request whose path is not a URL path (never seen from hyper).
#[cold]
fn localhost() -> Url {
    #[allow(clippy::expect_used)]
    Url::parse("http://localhost/").expect("a constant URL parses")
}

/// `usesSuffixedCookies()` of `@clerk/backend`: which of the two cookie sets is this instance's.
fn uses_suffixed_cookies(
    cookies: &Cookies<'_>,
    names: &CookieNames,
    (plain, suffixed): (&Peek<'_>, &Peek<'_>),
    instance_type: InstanceType,
    now: SystemTime,
) -> bool {
    let original_fapi = names.original_frontend_api.as_str();
    let suffixed_uat = cookies.get(&names.client_uat);
    let uat = cookies.get(CLIENT_UAT_COOKIE);
    if !plain.token.is_empty() {
        if !plain.iss_truthy() {
            return false;
        }
        let belongs = plain
            .iss()
            .is_some_and(|iss| strip_schemes(iss) == original_fapi);
        if !belongs {
            return true;
        }
    }
    if suffixed_uat.is_none() && suffixed.token.is_empty() {
        return false;
    }
    let iat = |p: &Peek<'_>| p.number("iat").filter(|n| *n != 0.0).unwrap_or(0.0);
    if suffixed_uat != Some("0") && uat != Some("0") && iat(plain) > iat(suffixed) {
        return false;
    }
    if suffixed_uat == Some("0") && uat != Some("0") {
        return false;
    }
    if instance_type != InstanceType::Production {
        let now_secs = (millis(now) / 1000.0).floor();
        let suffixed_expired =
            suffixed.decodes() && suffixed.number("exp").is_some_and(|exp| exp <= now_secs);
        if suffixed_uat != Some("0") && uat == Some("0") && suffixed_expired {
            return false;
        }
    }
    if suffixed_uat.is_none() && !suffixed.token.is_empty() {
        return false;
    }
    true
}

/// `iss.replace(/https?:\/\//gi, '')`.
fn strip_schemes(iss: &str) -> String {
    let mut out = String::with_capacity(iss.len());
    let mut rest = iss;
    while !rest.is_empty() {
        let lower = rest.get(..8).map(str::to_ascii_lowercase);
        if lower.as_deref() == Some("https://") {
            rest = &rest[8..];
        } else if rest.get(..7).map(str::to_ascii_lowercase).as_deref() == Some("http://") {
            rest = &rest[7..];
        } else {
            let mut chars = rest.chars();
            if let Some(c) = chars.next() {
                out.push(c);
            }
            rest = chars.as_str();
        }
    }
    out
}

/// JavaScript's `parseInt(value) || 0`: leading whitespace, a sign, then decimal digits (or
/// `0x` hex); anything unparsable is 0.
pub(crate) fn js_parse_int(value: &str) -> f64 {
    let s = value.trim_start();
    let (negative, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) = match s.get(..2) {
        Some("0x" | "0X") => (16, &s[2..]),
        _ => (10, s),
    };
    let end = digits
        .find(|c: char| !c.is_digit(radix))
        .unwrap_or(digits.len());
    let digits = &digits[..end];
    if digits.is_empty() {
        return 0.0;
    }
    let n = digits
        .chars()
        .filter_map(|c| c.to_digit(radix))
        .fold(0.0_f64, |acc, d| acc * f64::from(radix) + f64::from(d));
    if negative {
        -n
    } else {
        n
    }
}

/// JavaScript's `Number(value) || 0` for a cookie value.
pub(crate) fn js_number(value: &str) -> f64 {
    let s = value.trim();
    if s.is_empty() {
        return 0.0;
    }
    let parsed = if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        u64::from_str_radix(hex, 16).ok().map(|n| n as f64)
    } else if s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
    {
        s.parse::<f64>().ok()
    } else {
        None
    };
    parsed.filter(|n| n.is_finite() && *n != 0.0).unwrap_or(0.0)
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_like_javascript() {
        assert_eq!(js_parse_int("123abc"), 123.0);
        assert_eq!(js_parse_int(" -5"), -5.0);
        assert_eq!(js_parse_int("0x10"), 16.0);
        assert_eq!(js_parse_int("abc"), 0.0);
        assert_eq!(js_parse_int(""), 0.0);
        assert_eq!(js_number("3"), 3.0);
        assert_eq!(js_number(" 2 "), 2.0);
        assert_eq!(js_number("x"), 0.0);
        assert_eq!(strip_schemes("HTTPS://a.b/http://c"), "a.b/c");
    }
}
