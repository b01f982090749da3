//! Properties of the request parsers on generated hostile input: `Cookies::parse` agrees with a
//! plain reference model of the `cookie` package (first value of a name wins) within its caps,
//! and never reads more than the caps; `bearer_token` never panics and only ever returns a piece
//! of the header.

use http::{HeaderMap, HeaderValue};
use proptest::prelude::*;

use super::{bearer_token, Cookies, MAX_COOKIE_BYTES, MAX_COOKIE_PAIRS};

/// The pieces hostile cookie headers are made of: names that collide, separators, whitespace,
/// good and broken percent-escapes, quotes, and a byte that is not text (the line is ignored).
fn cookie_piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "a", "b", "__session", "__client_uat", "=", ";", "; ", " ", "\t", "%", "%4", "%41",
            "%zz", "%E2%82%AC", "%FF", "%C3", "\"", "==", ";;",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        2 => "[a-z0-9_.-]{1,4}".prop_map(String::into_bytes),
        1 => Just(vec![0xE9]),
    ]
}

fn cookie_line(max_pieces: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(cookie_piece(), 0..max_pieces).prop_map(|pieces| pieces.concat())
}

fn cookie_headers(lines: &[Vec<u8>]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for line in lines {
        if let Ok(value) = HeaderValue::from_bytes(line) {
            headers.append(http::header::COOKIE, value);
        }
    }
    headers
}

/// The reference: every `name=value` piece between semicolons, in order, within the same caps
/// (bytes across text lines, then pairs); a line that is not text is skipped whole.
fn reference_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut bytes_left = MAX_COOKIE_BYTES;
    for value in headers.get_all(http::header::COOKIE) {
        let Ok(line) = value.to_str() else { continue };
        let line = &line[..line.len().min(bytes_left)];
        bytes_left -= line.len();
        for piece in line.split(';') {
            if let Some((name, value)) = piece.split_once('=') {
                let ws = |c: char| c == ' ' || c == '\t';
                let value = value.trim_matches(ws);
                pairs.push((name.trim_matches(ws).to_owned(), reference_decode(value)));
            }
        }
        if bytes_left == 0 {
            break;
        }
    }
    pairs.truncate(MAX_COOKIE_PAIRS);
    pairs
}

/// `decodeURIComponent`, or the raw value when it would throw (a bad escape or bad UTF-8).
fn reference_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = value
                .get(i + 1..i + 3)
                .filter(|h| h.len() == 2 && h.bytes().all(|b| b.is_ascii_hexdigit()));
            let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) else {
                return value.to_owned();
            };
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| value.to_owned())
}

/// `get(name)` of the reference: the first pair's value, empty counting as missing.
fn reference_get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    let (_, value) = pairs.iter().find(|(n, _)| n == name)?;
    Some(value.as_str()).filter(|v| !v.is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn cookie_lookup_matches_the_reference(lines in prop::collection::vec(cookie_line(40), 0..4)) {
        let headers = cookie_headers(&lines);
        let cookies = Cookies::parse(&headers);
        let reference = reference_pairs(&headers);
        for name in ["a", "b", "__session", "__client_uat", "", "%41"]
            .into_iter()
            .chain(reference.iter().map(|(n, _)| n.as_str()))
        {
            prop_assert_eq!(cookies.get(name), reference_get(&reference, name), "{:?}", name);
        }
    }

    #[test]
    fn cookie_parsing_stops_at_its_caps(
        pair in "[a-c]{1,2}=[a-z%0-9]{0,6}",
        repeats in 1..3000_usize,
        tail in cookie_line(10),
        lines in 1..4_usize,
    ) {
        // Headers far past the caps, in one line or several: the reference (which applies the
        // same caps) still agrees, and the pairs read never pass the cap.
        let line = format!("{}{}", format!("{pair}; ").repeat(repeats), String::from_utf8_lossy(&tail));
        let headers = cookie_headers(&vec![line.into_bytes(); lines]);
        let cookies = Cookies::parse(&headers);
        prop_assert!(cookies.pairs_read() <= MAX_COOKIE_PAIRS);
        let reference = reference_pairs(&headers);
        prop_assert_eq!(cookies.pairs_read(), reference.len());
        for (name, _) in &reference {
            prop_assert_eq!(cookies.get(name), reference_get(&reference, name));
        }
    }

    #[test]
    fn the_bearer_token_is_a_piece_of_the_header(value in prop::collection::vec(any::<u8>(), 0..64)) {
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_bytes(&value) {
            headers.insert(http::header::AUTHORIZATION, value);
        }
        if let Some(token) = bearer_token(&headers) {
            let header = headers[http::header::AUTHORIZATION].to_str().expect("text");
            prop_assert!(!token.is_empty() && !token.contains(' '), "{:?}", token);
            prop_assert!(header.contains(token));
        }
    }

    #[test]
    fn a_bearer_token_comes_back_whole(token in "[!-~]{1,40}", scheme in "[A-Za-z]{1,8}") {
        let header = |value: String| {
            let mut headers = HeaderMap::new();
            headers.insert(http::header::AUTHORIZATION, HeaderValue::from_str(&value).expect("text"));
            headers
        };
        let bearer = header(format!("Bearer {token}"));
        prop_assert_eq!(bearer_token(&bearer), Some(token.as_str()));
        let other = header(format!("{scheme} {token}"));
        let expected = (scheme == "Bearer").then_some(token.as_str());
        prop_assert_eq!(bearer_token(&other), expected);
    }
}
