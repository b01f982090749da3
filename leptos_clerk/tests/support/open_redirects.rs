//! The open-redirect corpus (`tests/fixtures/open_redirects.json`) and the one judgement every
//! test of it makes: where would a browser end up? The SDK's tests, the app's and the local
//! instance's include this file with `#[path = ".../support/open_redirects.rs"] mod …;`.
#![allow(dead_code)]

use url::Url;

const CORPUS: &str = include_str!("../fixtures/open_redirects.json");

/// Every payload of the corpus, in file order.
pub fn payloads() -> Vec<String> {
    let corpus: serde_json::Value = serde_json::from_str(CORPUS).expect("the corpus is JSON");
    let groups = corpus["payloads"]
        .as_object()
        .expect("the corpus has a `payloads` object");
    groups
        .values()
        .flat_map(|group| group.as_array().expect("each group is a list").iter())
        .map(|p| p.as_str().expect("each payload is a string").to_owned())
        .collect()
}

/// Where a browser that is at `page` goes when told to go to `target` (a `Location` header, or a
/// URL handed to `window.location`), when that is not `page`'s own origin: `None` when it stays
/// on the origin or when the browser would not go anywhere (a target that does not parse). The
/// `url` crate implements the WHATWG URL standard that browsers follow, tab/newline stripping,
/// backslashes and IDNA included. Any scheme but http(s) counts as an escape: `javascript:` and
/// `data:` run in, or replace, the page. The landing URL comes back cut to 100 characters.
pub fn escape(page: &Url, target: &str) -> Option<String> {
    let landed = page.join(target).ok()?;
    let stays = matches!(landed.scheme(), "http" | "https") && landed.origin() == page.origin();
    // Shortened: a nonce or token in tow would fill the report.
    (!stays).then(|| landed.as_str().chars().take(100).collect())
}

/// The first value of query parameter `name` of the URL `target` resolves to from `page`.
pub fn query_param(page: &Url, target: &str, name: &str) -> Option<String> {
    page.join(target)
        .ok()?
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Fails with every escape found, one line each (`what` names the path under test).
pub fn assert_no_escapes(what: &str, escapes: &[String]) {
    assert!(
        escapes.is_empty(),
        "{what}: {} of {} payloads escaped to another origin:\n{}",
        escapes.len(),
        payloads().len(),
        escapes.join("\n")
    );
}
