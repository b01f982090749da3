//! The handshake parameters read from a request, on generated input: the JavaScript number
//! readers (`__client_uat`, `__clerk_redirect_count`) never panic, give finite numbers and read
//! what JavaScript reads; a query parameter comes back whatever surrounds it; and no path can
//! move the request's public URL to another host.

use http::request::Parts;
use proptest::prelude::*;

use super::{clerk_url, js_number, js_parse_int, query_param};
use crate::server::test_support::URL_TRICKS;

/// 2^53: integers up to this are exact in an `f64`, as in JavaScript.
const SAFE: i64 = 1 << 53;

fn request(uri: &str, host: &str) -> Option<Parts> {
    proxied_request(uri, host, &[])
}

/// A request with extra headers (`X-Forwarded-…` from a proxy).
fn proxied_request(uri: &str, host: &str, headers: &[(&str, &str)]) -> Option<Parts> {
    let mut request = http::Request::builder()
        .uri(http::Uri::try_from(uri).ok()?)
        .header("host", http::HeaderValue::from_str(host).ok()?);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    Some(request.body(()).ok()?.into_parts().0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn number_readers_never_panic_and_stay_finite(text in any::<String>()) {
        prop_assert!(!js_parse_int(&text).is_nan());
        let n = js_number(&text);
        prop_assert!(n.is_finite());
        // `__clerk_redirect_count` as the context reads it: a small whole count.
        let _count = n.max(0.0) as u32;
    }

    #[test]
    fn parse_int_reads_the_leading_integer(
        n in -SAFE..SAFE,
        space in "[ \t\n]{0,3}",
        tail in "([a-zA-Z.;,_][a-zA-Z0-9.]{0,5})?",
    ) {
        prop_assert_eq!(js_parse_int(&format!("{space}{n}{tail}")), n as f64);
    }

    #[test]
    fn parse_int_reads_hex(n in any::<u32>()) {
        prop_assert_eq!(js_parse_int(&format!("0x{n:x}")), f64::from(n));
    }

    #[test]
    fn number_reads_what_it_was_given(n in any::<f64>().prop_filter("finite", |n| n.is_finite())) {
        prop_assert_eq!(js_number(&n.to_string()), n);
        prop_assert_eq!(js_number(&format!(" {n:e} ")), n);
    }

    #[test]
    fn number_rejects_words(word in "[a-df-wyzA-DF-WYZ]{1,8}[0-9]{0,3}") {
        prop_assert_eq!(js_number(&word), 0.0);
    }

    #[test]
    fn a_query_parameter_comes_back_whatever_surrounds_it(
        before in prop::collection::vec(("[a-z_]{1,8}", any::<String>()), 0..4),
        value in any::<String>(),
        after in prop::collection::vec(any::<String>(), 0..3),
    ) {
        let name = "__clerk_redirect_url";
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in before.iter().filter(|(k, _)| k != name) {
            query.append_pair(k, v);
        }
        query.append_pair(name, &value);
        for v in &after {
            query.append_pair(name, v);
        }
        let parts = request(&format!("/p?{}", query.finish()), "app.example").expect("encoded");
        prop_assert_eq!(query_param(&parts, name), Some(value));
    }

    #[test]
    fn no_path_moves_the_public_url_to_another_host(
        host in "[a-z]{1,10}(\\.[a-z]{1,5}){0,2}",
        port in prop::option::of(1..65535_u16),
        pieces in prop::collection::vec(prop::sample::select(URL_TRICKS), 0..10),
    ) {
        let authority = port.map_or_else(|| host.clone(), |p| format!("{host}:{p}"));
        let path = format!("/{}", pieces.concat());
        let Some(parts) = request(&path, &authority) else { return Ok(()) };
        let url = clerk_url(&parts);
        prop_assert_eq!(url.host_str(), Some(host.as_str()), "{}", path);
        prop_assert_eq!(url.port(), port.filter(|p| *p != 80));
    }

    /// Through a proxy the public origin is the forwarded one, and the path is still only a
    /// path: `//elsewhere.example/` once resolved as a scheme-relative reference there.
    #[test]
    fn no_path_moves_the_forwarded_url_to_another_host(
        host in "[a-z]{1,10}(\\.[a-z]{1,5}){0,2}",
        forwarded_host in prop::option::of("[a-z]{1,10}\\.example"),
        pieces in prop::collection::vec(prop::sample::select(URL_TRICKS), 0..10),
    ) {
        let path = format!("/{}", pieces.concat());
        let mut headers = vec![("x-forwarded-proto", "https")];
        if let Some(forwarded_host) = &forwarded_host {
            headers.push(("x-forwarded-host", forwarded_host));
        }
        let Some(parts) = proxied_request(&path, &host, &headers) else { return Ok(()) };
        let url = clerk_url(&parts);
        let public_host = forwarded_host.as_deref().unwrap_or(&host);
        prop_assert_eq!(url.scheme(), "https");
        prop_assert_eq!(url.host_str(), Some(public_host), "{}", path);
    }
}

#[test]
fn a_scheme_relative_path_stays_a_path_behind_a_proxy() {
    let parts = proxied_request(
        "//evil.example/x?__clerk_redirect_url=https%3A%2F%2Fevil.example%2F",
        "app.example.com",
        &[("x-forwarded-proto", "https")],
    )
    .expect("a valid request");
    assert_eq!(
        clerk_url(&parts).as_str(),
        "https://app.example.com//evil.example/x?__clerk_redirect_url=https%3A%2F%2Fevil.example%2F"
    );
}
