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

/// The most cookie pairs read from one request: far more than a browser sends (about 180 per
/// site), few enough that a hostile header costs bounded work. The rest are ignored.
const MAX_COOKIE_PAIRS: usize = 512;
/// The most bytes of `Cookie` headers read from one request (a browser sends at most about 4 KB
/// per cookie; Clerk's are well under that).
const MAX_COOKIE_BYTES: usize = 64 * 1024;

/// The request's cookies, parsed once as the `cookie` package (1.1.1) that `@clerk/backend` uses
/// does: the first value of a name wins, spaces and tabs around names and values are trimmed,
/// values are percent-decoded when that is valid UTF-8, and malformed pairs are skipped.
///
/// In linear time, and bounded: at most [`MAX_COOKIE_BYTES`] of headers and
/// [`MAX_COOKIE_PAIRS`] pairs are read, so a ~400 KB header of tiny cookies costs no more than
/// a normal request. (`@clerk/backend` reads everything; the difference only shows for requests
/// no browser sends.)
#[derive(Clone, Debug, Default)]
pub(crate) struct Cookies<'a> {
    /// In header order; a lookup takes the first pair of a name. (Authentication looks up about
    /// ten names, so a scan of at most `MAX_COOKIE_PAIRS` beats hashing every pair.)
    pairs: Vec<(&'a str, Cow<'a, str>)>,
}

impl<'a> Cookies<'a> {
    pub(crate) fn parse(headers: &'a HeaderMap) -> Self {
        let mut cookies = Self::default();
        let mut bytes_left = MAX_COOKIE_BYTES;
        for line in headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
        {
            // `to_str` succeeded: the value is visible ASCII, so any byte index is a boundary.
            let line = &line[..line.len().min(bytes_left)];
            bytes_left -= line.len();
            let room = MAX_COOKIE_PAIRS - cookies.pairs.len();
            cookies.pairs.extend(parse_cookie_line(line).take(room));
            if cookies.pairs.len() == MAX_COOKIE_PAIRS {
                break;
            }
            if bytes_left == 0 {
                break;
            }
        }
        cookies
    }

    /// The value of `name`; an empty value counts as missing (`getCookie(..) || undefined`).
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_ref())
            .filter(|v| !v.is_empty())
    }

    /// How many pairs were read (the work a request cost).
    #[cfg(test)]
    pub(crate) fn pairs_read(&self) -> usize {
        self.pairs.len()
    }
}

/// `parseCookie` of the `cookie` package, on one header line, pair by pair (so that a caller
/// that has enough stops the work).
fn parse_cookie_line(line: &str) -> impl Iterator<Item = (&str, Cow<'_, str>)> {
    let len = line.len();
    let mut index = if len < 2 { len } else { 0 };
    std::iter::from_fn(move || {
        while index < len {
            let eq = line[index..].find('=').map(|i| i + index)?;
            let end = line[index..].find(';').map_or(len, |i| i + index);
            if eq > end {
                index = line[..eq].rfind(';').map_or(0, |i| i + 1);
                continue;
            }
            let name = trim_ws(&line[index..eq]);
            let value = decode_cookie_value(trim_ws(&line[eq + 1..end]));
            index = end + 1;
            return Some((name, value));
        }
        None
    })
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
mod properties;

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
    fn a_hostile_cookie_header_costs_bounded_work() {
        // ~400 KB of distinct short names, as much head as hyper accepts: before, every name was
        // compared with all earlier ones (quadratic, seconds of CPU per request).
        let mut line = String::from("__session=first; __client_uat=1");
        let mut i = 0;
        while line.len() < 400_000 {
            line.push_str(&format!("; c{i}=v"));
            i += 1;
        }
        line.push_str("; __clerk_db_jwt=late");
        let map = headers(&[("cookie", line.as_bytes())]);
        let cookies = Cookies::parse(&map);
        assert_eq!(cookies.pairs_read(), MAX_COOKIE_PAIRS);
        assert_eq!(cookies.get("__session"), Some("first"));
        assert_eq!(cookies.get("__client_uat"), Some("1"));
        assert_eq!(
            cookies.get("__clerk_db_jwt"),
            None,
            "beyond the cap: ignored"
        );

        // The first value of a name still wins, across header lines too.
        let map = headers(&[("cookie", b"a=1; a=2"), ("cookie", b"a=3; b=4")]);
        let cookies = Cookies::parse(&map);
        assert_eq!((cookies.get("a"), cookies.get("b")), (Some("1"), Some("4")));
        assert_eq!(cookies.pairs_read(), 4);

        // A few huge cookies: only the first 64 KB of header bytes are read.
        let big = format!("x={}; y=1", "v".repeat(200_000));
        let map = headers(&[("cookie", big.as_bytes())]);
        let cookies = Cookies::parse(&map);
        assert_eq!(cookies.get("x").map(str::len), Some(MAX_COOKIE_BYTES - 2));
        assert_eq!(cookies.get("y"), None);
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
