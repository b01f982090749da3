//! The way back from sign-in, on generated input: whatever the return address (this page's
//! path, a server-function call's `Referer`), the sign-in URL and the address it carries stay on
//! the app's origin as a browser resolves them; and ordinary paths are kept as they are.

use http::request::Parts;
use proptest::prelude::*;
use url::Url;

use super::return_to;
use crate::server::test_support::URL_TRICKS;
use crate::sign_in_url_with_redirect;

const APP: &str = "http://localhost:3000/dashboard";

/// Where a browser on the app lands for `target`, when that is another origin or scheme.
fn escape(target: &str) -> Option<Url> {
    let app = Url::parse(APP).expect("a constant URL");
    let landed = app.join(target).ok()?;
    let stays = matches!(landed.scheme(), "http" | "https") && landed.origin() == app.origin();
    (!stays).then_some(landed)
}

/// The sign-in URL for `return_to`, and the return address the sign-in page reads from it.
fn sign_in_and_back(return_to: &str) -> (String, String) {
    let location = sign_in_url_with_redirect("/sign-in", return_to);
    let app = Url::parse(APP).expect("a constant URL");
    let back = app
        .join(&location)
        .expect("a path")
        .query_pairs()
        .find(|(k, _)| k == "redirect_url")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    (location, back)
}

/// Pieces of return addresses that fool naive checks, and plain words.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(URL_TRICKS).prop_map(str::to_owned),
        "[a-z0-9]{1,4}",
    ]
}

fn page_or_call(uri: &str, headers: &[(&str, &str)]) -> Option<Parts> {
    let mut builder = http::Request::builder()
        .method(if headers.is_empty() { "GET" } else { "POST" })
        .uri(http::Uri::try_from(uri).ok()?);
    for (name, value) in headers {
        builder = builder.header(*name, http::HeaderValue::from_str(value).ok()?);
    }
    Some(builder.body(()).ok()?.into_parts().0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_return_address_stays_on_the_origin(
        lead in prop::sample::select(vec!["/", "//", "/\\", "\\/", "\\", "/\t/", " /", ""]),
        pieces in prop::collection::vec(piece(), 0..8),
    ) {
        let (location, back) = sign_in_and_back(&format!("{lead}{}", pieces.concat()));
        prop_assert_eq!(escape(&location), None);
        prop_assert_eq!(escape(&back), None, "{:?}", back);
    }

    #[test]
    fn an_ordinary_path_is_kept(path in "/([a-z0-9_.~-]{1,8}/?){0,4}(\\?[a-z]{1,4}=[a-z0-9 %]{0,6})?") {
        let (_, back) = sign_in_and_back(&path);
        prop_assert_eq!(back, path);
    }

    #[test]
    fn a_server_function_call_returns_only_to_this_host(
        referer in prop::collection::vec(piece(), 0..8),
        scheme in prop::sample::select(vec!["http://", "https://", ""]),
        host in prop::sample::select(vec!["localhost:3000", "evil.example", ""]),
    ) {
        let referer = format!("{scheme}{host}{}", referer.concat());
        let headers = [("host", "localhost:3000"), ("referer", referer.as_str())];
        let Some(parts) = page_or_call("/api/load_profile", &headers) else { return Ok(()) };
        let (location, back) = sign_in_and_back(&return_to(&parts));
        prop_assert_eq!(escape(&location), None);
        prop_assert_eq!(escape(&back), None, "{:?} -> {:?}", referer, back);
    }
}
