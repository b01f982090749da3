//! The open-redirect corpus against every redirect the SDK builds on the server: the sign-in
//! link's return address, the handshake (hostile paths, `Host` and `X-Forwarded-*`), a
//! development instance's `__clerk_redirect_url`, and the redirect settings. 0 escapes.
#![cfg(feature = "ssr")]

#[path = "support/jwt.rs"]
mod jwt;
#[path = "support/offline_clerk.rs"]
mod offline_clerk;
#[path = "support/open_redirects.rs"]
mod open_redirects;

use http::request::Parts;
use leptos_clerk::server::{AuthStatus, Clerk};
use leptos_clerk::sign_in_url_with_redirect;
use offline_clerk::{offline_clerk, offline_config, DEVELOPMENT_KEY, PRODUCTION_KEY};
use open_redirects::{assert_no_escapes, escape, payloads, query_param};
use url::Url;

/// The production instance's Frontend API: the one foreign origin a handshake may go to.
const FRONTEND_API: &str = "https://clerk.example.com";

fn app() -> Url {
    Url::parse("http://app.example/dashboard").expect("a constant URL")
}

fn encoded(payload: &str) -> String {
    url::form_urlencoded::byte_serialize(payload.as_bytes()).collect()
}

/// A browser's page load of `uri`, or `None` when `http` cannot carry it (then no server sees it).
fn page_load(uri: &str, headers: &[(&str, &str)]) -> Option<Parts> {
    let mut builder = http::Request::builder()
        .uri(http::Uri::try_from(uri).ok()?)
        .header("accept", "text/html")
        .header("sec-fetch-dest", "document");
    for (name, value) in headers {
        builder = builder.header(*name, http::HeaderValue::from_str(value).ok()?);
    }
    Some(builder.body(()).ok()?.into_parts().0)
}

#[test]
fn a_sign_in_link_never_carries_a_foreign_return_address() {
    let mut escapes = Vec::new();
    for payload in payloads() {
        let location = sign_in_url_with_redirect("/sign-in", &payload);
        if let Some(to) = escape(&app(), &location) {
            escapes.push(format!("{payload:?}: Location {location} -> {to}"));
        }
        // Where the sign-in page sends the user once signed in.
        let back = query_param(&app(), &location, "redirect_url").expect("a return address");
        if let Some(to) = escape(&app(), &back) {
            escapes.push(format!("{payload:?}: redirect_url {back:?} -> {to}"));
        }
    }
    assert_no_escapes("sign_in_url_with_redirect", &escapes);
}

/// Every way a payload can ride in the path or query of a page load on `app.example`.
fn hostile_paths(payload: &str) -> Vec<String> {
    vec![
        payload.to_owned(),
        format!("/{payload}"),
        format!("/dashboard/{payload}"),
        format!("/dashboard?redirect_url={}", encoded(payload)),
        format!("/dashboard?{payload}"),
    ]
}

#[tokio::test]
async fn a_handshake_goes_to_the_frontend_api_and_back_to_this_origin_whatever_the_path() {
    let clerk = offline_clerk(PRODUCTION_KEY);
    let (mut escapes, mut tried) = (Vec::new(), 0);
    for payload in payloads() {
        // Origin-form targets only: an absolute-form target names its own host (below).
        for path in hostile_paths(&payload)
            .iter()
            .filter(|p| p.starts_with('/'))
        {
            let headers = [("host", "app.example"), ("cookie", "__client_uat=1")];
            let Some(parts) = page_load(path, &headers) else {
                continue;
            };
            tried += 1;
            let state = clerk.authenticate_request(&parts).await;
            assert_eq!(state.status, AuthStatus::Handshake, "{path:?}");
            let location = state.location().expect("a handshake has a Location");
            let frontend_api = Url::parse(location).expect("an absolute Location");
            if frontend_api.origin().ascii_serialization() != FRONTEND_API {
                escapes.push(format!("{path:?}: Location {location}"));
            }
            let back = query_param(&app(), location, "redirect_url").expect("redirect_url");
            if let Some(to) = escape(&app(), &back) {
                escapes.push(format!("{path:?}: redirect_url {back} -> {to}"));
            }
        }
    }
    assert!(tried > 200, "only {tried} paths reached the server");
    assert_no_escapes("handshake, hostile paths", &escapes);
}

#[tokio::test]
async fn hostile_host_headers_never_move_the_handshake_off_the_frontend_api() {
    // Host and X-Forwarded-* name the request's own origin (the proxy sets them, as Clerk reads
    // them), so they decide where the handshake comes back to; they must never decide where it
    // goes, and it must never go to them.
    let clerk = offline_clerk(PRODUCTION_KEY);
    let (mut escapes, mut tried) = (Vec::new(), 0);
    for payload in payloads() {
        let host = payload.trim_start_matches(['/', '\\']);
        let requests = [
            page_load("/dashboard", &[("host", host)]),
            page_load("/dashboard", &[("x-forwarded-host", host)]),
            page_load(
                "/dashboard",
                &[("host", "app.example"), ("x-forwarded-proto", host)],
            ),
            page_load(&payload, &[("host", "app.example")]),
        ];
        for parts in requests.into_iter().flatten() {
            let mut parts = parts;
            parts
                .headers
                .insert("cookie", "__client_uat=1".parse().expect("cookie"));
            tried += 1;
            let state = clerk.authenticate_request(&parts).await;
            let Some(location) = state.location() else {
                continue;
            };
            let to = Url::parse(location).map(|u| u.origin().ascii_serialization());
            if to.as_deref() != Ok(FRONTEND_API) {
                escapes.push(format!("{payload:?}: Location {location}"));
            }
        }
    }
    assert!(tried > 150, "only {tried} requests could be built");
    assert_no_escapes("handshake, hostile Host", &escapes);
}

#[tokio::test]
async fn a_development_instance_follows_clerk_redirect_url_only_to_this_origin() {
    let config = offline_config(DEVELOPMENT_KEY, |name| {
        (name == "CLERK_AUTHORIZED_PARTIES").then(|| "https://satellite.example".to_owned())
    });
    let clerk = Clerk::new(config.expect("valid configuration")).expect("valid Clerk");
    let answer = |target: &str| {
        let path = format!("/?__clerk_redirect_url={}", encoded(target));
        let headers = [("host", "app.example"), ("cookie", "__clerk_db_jwt=dvb_1")];
        let parts = page_load(&path, &headers).expect("an encoded query is a valid URI");
        let clerk = clerk.clone();
        async move { clerk.authenticate_request(&parts).await }
    };
    // The sync answer still works for this origin and an authorized party: the test can fail.
    for target in ["http://app.example/back", "https://satellite.example/x"] {
        let state = answer(target).await;
        let location = state.location().unwrap_or_default();
        assert!(location.starts_with(target), "{target}: {location:?}");
    }
    let mut escapes = Vec::new();
    for payload in payloads() {
        let state = answer(&payload).await;
        if let Some(location) = state.location() {
            if let Some(to) = escape(&app(), location) {
                escapes.push(format!("{payload:?}: Location {location} -> {to}"));
            }
        }
    }
    assert_no_escapes("__clerk_redirect_url", &escapes);
}

#[test]
fn a_redirect_setting_is_a_path_on_this_origin_or_an_explicit_absolute_url() {
    // An absolute http(s) URL in a setting is the developer's explicit choice (Clerk allows it);
    // anything else that passes validation must stay on the app's origin.
    let settings = [
        "CLERK_SIGN_IN_URL",
        "CLERK_AFTER_SIGN_IN_URL",
        "CLERK_AFTER_SIGN_OUT_URL",
        "CLERK_SIGN_IN_FALLBACK_REDIRECT_URL",
        "CLERK_SIGN_IN_FORCE_REDIRECT_URL",
    ];
    let mut escapes = Vec::new();
    for payload in payloads() {
        let explicit = Url::parse(&payload)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
        for setting in settings {
            let config = offline_config(PRODUCTION_KEY, |name| {
                (name == setting).then(|| payload.clone())
            });
            let accepted = config.and_then(|c| c.validate()).is_ok();
            if accepted && !explicit {
                if let Some(to) = escape(&app(), &payload) {
                    escapes.push(format!("{setting}={payload:?} accepted, goes to {to}"));
                }
            }
        }
    }
    assert_no_escapes("redirect settings", &escapes);
}
