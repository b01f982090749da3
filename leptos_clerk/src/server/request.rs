//! Reading what authentication needs from a request: the session token (header or cookie),
//! cookies, and whether the request is a page load. Garbage in any header is ignored.

use http::header::{ACCEPT, AUTHORIZATION, COOKIE};
use http::request::Parts;
use http::{HeaderMap, Method};
use percent_encoding::percent_decode_str;

use crate::constants::SEC_FETCH_DEST_HEADER;

/// Where a session token was found (Clerk's `tokenCarrier`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenCarrier {
    Header,
    Cookie,
}

/// The token from `Authorization`, as `parseAuthorizationHeader` reads it: `Bearer <t>` gives
/// `t`, a value without a space is the token itself, any other scheme is ignored.
pub(crate) fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let token = match value.split_once(' ') {
        None if value.eq_ignore_ascii_case("bearer") => return None,
        None => value,
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        Some(_) => return None,
    };
    (!token.is_empty()).then_some(token)
}

/// The first cookie called `name`, from every `Cookie` header; malformed pairs are skipped.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| key.trim() == name)
        .map(|(_, value)| {
            let value = value.trim().trim_matches('"');
            percent_decode_str(value).decode_utf8_lossy().into_owned()
        })
        .filter(|value| !value.is_empty())
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
            bearer_token(&headers(&[("authorization", b"Bearer ")])),
            None
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
