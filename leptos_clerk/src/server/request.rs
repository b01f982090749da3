//! Reading what authentication needs from a request: the session token (header or cookie),
//! cookies, and whether the request is a page load. Garbage in any header is ignored.

use http::header::{ACCEPT, AUTHORIZATION, COOKIE};
use http::request::Parts;
use http::{HeaderMap, Method};
use percent_encoding::percent_decode_str;
use std::borrow::Cow;

use crate::constants::SEC_FETCH_DEST_HEADER;

/// The token from `Authorization`, exactly as `parseAuthorizationHeader` reads it: the value is
/// split on spaces; `Bearer <t>` gives `t`, a value without a second part is the token itself
/// (even `Bearer`), any other scheme is ignored. Non-text values are ignored.
pub(crate) fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers
        .get(AUTHORIZATION)?
        .to_str()
        .ok()?
        .trim_matches([' ', '\t']);
    if value.is_empty() {
        return None;
    }
    let mut parts = value.split(' ');
    let scheme = parts.next().unwrap_or_default();
    match parts.next() {
        None | Some("") => Some(scheme),
        Some(token) if scheme == "Bearer" => Some(token),
        Some(_) => None,
    }
}

/// The request's cookies, parsed once as the `cookie` package (1.1.1) that `@clerk/backend` uses
/// does: the first value of a name wins, spaces and tabs around names and values are trimmed,
/// values are percent-decoded when that is valid UTF-8, and malformed pairs are skipped.
#[derive(Clone, Debug, Default)]
pub(crate) struct Cookies<'a> {
    pairs: Vec<(&'a str, Cow<'a, str>)>,
}

impl<'a> Cookies<'a> {
    pub(crate) fn parse(headers: &'a HeaderMap) -> Self {
        let mut pairs: Vec<(&'a str, Cow<'a, str>)> = Vec::new();
        for line in headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
        {
            for (name, value) in parse_cookie_line(line) {
                if !pairs.iter().any(|(n, _)| *n == name) {
                    pairs.push((name, value));
                }
            }
        }
        Self { pairs }
    }

    /// The value of `name`; an empty value counts as missing (`getCookie(..) || undefined`).
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_ref())
            .filter(|v| !v.is_empty())
    }
}

/// `parseCookie` of the `cookie` package, on one header line.
fn parse_cookie_line(line: &str) -> Vec<(&str, Cow<'_, str>)> {
    let mut out = Vec::new();
    let len = line.len();
    if len < 2 {
        return out;
    }
    let mut index = 0;
    while index < len {
        let Some(eq) = line[index..].find('=').map(|i| i + index) else {
            break;
        };
        let end = line[index..].find(';').map_or(len, |i| i + index);
        if eq > end {
            index = line[..eq].rfind(';').map_or(0, |i| i + 1);
            continue;
        }
        let name = trim_ws(&line[index..eq]);
        out.push((name, decode_cookie_value(trim_ws(&line[eq + 1..end]))));
        index = end + 1;
    }
    out
}

fn trim_ws(s: &str) -> &str {
    s.trim_matches([' ', '\t'])
}

/// `decodeURIComponent`, falling back to the raw value when it would throw.
fn decode_cookie_value(value: &str) -> Cow<'_, str> {
    if !value.contains('%') {
        return Cow::Borrowed(value);
    }
    let bytes = value.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, b)| {
        *b != b'%'
            || (bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return Cow::Borrowed(value);
    }
    percent_decode_str(value)
        .decode_utf8()
        .map_or(Cow::Borrowed(value), |decoded| {
            Cow::Owned(decoded.into_owned())
        })
}

/// The first cookie called `name`, from every `Cookie` header; malformed pairs are skipped.
#[cfg(test)]
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    Cookies::parse(headers).get(name).map(str::to_owned)
}

/// A GET page load by a browser (`sec-fetch-dest: document`, or no `sec-fetch-dest` and an
/// `Accept` that starts with `text/html`), as opposed to a fetch or a server-function call.
pub(crate) fn is_document_request(parts: &Parts) -> bool {
    if parts.method != Method::GET {
        return false;
    }
    let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
    match header(SEC_FETCH_DEST_HEADER) {
        Some(dest) => dest.eq_ignore_ascii_case("document"),
        None => header(ACCEPT.as_str()).is_some_and(|accept| accept.starts_with("text/html")),
    }
}

#[cfg(test)]
mod tests {
    use http::{HeaderValue, Request};

    use super::*;

    fn headers(pairs: &[(&str, &[u8])]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            let name: http::HeaderName = name.parse().expect("valid name");
            map.append(name, HeaderValue::from_bytes(value).expect("valid value"));
        }
        map
    }

    #[test]
    fn reads_the_authorization_header_like_clerk() {
        assert_eq!(
            bearer_token(&headers(&[("authorization", b"Bearer abc")])),
            Some("abc")
        );
        assert_eq!(
            bearer_token(&headers(&[("authorization", b"abc")])),
            Some("abc")
        );
        assert_eq!(
            bearer_token(&headers(&[("authorization", b"Basic abc")])),
            None
        );
        assert_eq!(
            bearer_token(&headers(&[("authorization", b"bearer abc")])),
            None,
            "the scheme is case-sensitive, as in Clerk"
        );
        assert_eq!(
            bearer_token(&headers(&[("authorization", b"Bearer ")])),
            Some("Bearer"),
            "a lone word is taken as the token, as in Clerk"
        );
        assert_eq!(
            bearer_token(&headers(&[("authorization", b"Bearer a b")])),
            Some("a")
        );
        assert_eq!(
            bearer_token(&headers(&[("authorization", b"\xff\xfe")])),
            None
        );
        assert_eq!(bearer_token(&HeaderMap::new()), None);
    }

    #[test]
    fn reads_cookies_and_tolerates_garbage() {
        let h = headers(&[
            ("cookie", b"a=1; ;=;junk; __session=tok%2E1"),
            ("cookie", b"__session=second; \xff=\xff"),
        ]);
        assert_eq!(cookie(&h, "__session").as_deref(), Some("tok.1"));
        assert_eq!(cookie(&h, "a").as_deref(), Some("1"));
        assert_eq!(cookie(&h, "missing"), None);
        let h = headers(&[("cookie", b"q=\"x\"; bad=%zz%41; e=; t=\ta b\t")]);
        assert_eq!(cookie(&h, "q").as_deref(), Some("\"x\""));
        assert_eq!(cookie(&h, "bad").as_deref(), Some("%zz%41"));
        assert_eq!(cookie(&h, "e"), None);
        assert_eq!(cookie(&h, "t").as_deref(), Some("a b"));
        assert_eq!(
            cookie(&headers(&[("cookie", b"\xff\xfe")]), "__session"),
            None
        );
    }

    #[test]
    fn recognises_page_loads() {
        let parts = |method: &str, pairs: &[(&str, &str)]| {
            let mut builder = Request::builder().method(method).uri("/");
            for (k, v) in pairs {
                builder = builder.header(*k, *v);
            }
            builder.body(()).expect("valid request").into_parts().0
        };
        assert!(is_document_request(&parts(
            "GET",
            &[("sec-fetch-dest", "document")]
        )));
        assert!(is_document_request(&parts(
            "GET",
            &[("accept", "text/html,*/*")]
        )));
        assert!(!is_document_request(&parts(
            "GET",
            &[("sec-fetch-dest", "empty"), ("accept", "text/html")]
        )));
        assert!(!is_document_request(&parts(
            "POST",
            &[("sec-fetch-dest", "document")]
        )));
        assert!(!is_document_request(&parts("GET", &[])));
    }
}
