//! `Clerk::authenticate_request_at` on generated requests (cookies, `Authorization`, `Host`,
//! `X-Forwarded-*`, `Referer`, query, clock): it always decides without panicking, never signs in
//! without a real token, and counts handshake redirects as Clerk does so that a loop stops.
#![cfg(feature = "ssr")]

#[path = "support/jwt.rs"]
mod jwt;
#[path = "support/offline_clerk.rs"]
mod offline_clerk;

use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use leptos_clerk::server::{AuthStatus, Clerk};
use offline_clerk::{
    offline_clerk, offline_clerk_with, AUTH_HEADERS, DEVELOPMENT_KEY, PRODUCTION_KEY,
};
use proptest::prelude::*;

/// A session token this instance's key signed, valid now.
fn real_token() -> &'static str {
    static TOKEN: OnceLock<String> = OnceLock::new();
    TOKEN.get_or_init(|| {
        jwt::sign(
            jwt::key(),
            &jwt::session_header("ins_1"),
            &jwt::session_claims(),
        )
    })
}

/// Production, development, and development behind a relative proxy.
fn instances() -> &'static [Clerk; 3] {
    static INSTANCES: OnceLock<[Clerk; 3]> = OnceLock::new();
    INSTANCES.get_or_init(|| {
        [
            offline_clerk(PRODUCTION_KEY),
            offline_clerk(DEVELOPMENT_KEY),
            offline_clerk_with(DEVELOPMENT_KEY, |c| {
                c.proxy_url = Some("/__clerk".to_owned())
            }),
        ]
    })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// Pieces of header and query values: Clerk's cookie and parameter names, separators, numbers
/// JavaScript reads oddly, encodings, JWT-looking text, and now and then the real token.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(vec![
            "__session=", "__session_x=", "__client_uat=", "__clerk_db_jwt=", "__clerk_handshake=",
            "__clerk_handshake_nonce=", "__clerk_redirect_count=", "__refresh_x=",
            "__clerk_redirect_url=", "__clerk_synced=", "=", ";", "&", " ", "\t", "%", "%zz",
            "%E2%82", ".", "eyJ", "0", "1", "-1", "0x1f", "1e309", "NaN", "Bearer ", "null", "é",
            "\u{1F600}", "https://", "evil.example", "//", "\\", "text/html", "document",
        ])
        .prop_map(str::to_owned),
        2 => "[A-Za-z0-9_-]{0,16}",
        1 => Just(real_token().to_owned()),
    ]
}

fn value() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..10).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_request_is_decided_and_garbage_never_signs_in(
        instance in 0..3_usize,
        get in any::<bool>(),
        query in value(),
        headers in prop::collection::vec((prop::sample::select(AUTH_HEADERS.to_vec()), value()), 0..8),
        clock_offset in -100_000_i64..100_000,
    ) {
        let clerk = &instances()[instance];
        let mut builder = http::Request::builder()
            .method(if get { "GET" } else { "POST" })
            .uri(http::Uri::try_from(format!("/p?{query}")).unwrap_or_else(|_| http::Uri::from_static("/")));
        let mut carries_the_token = false;
        for (name, value) in &headers {
            if let Ok(value) = http::HeaderValue::from_str(value) {
                carries_the_token |= value.to_str().is_ok_and(|v| v.contains(real_token()));
                builder = builder.header(*name, value);
            }
        }
        carries_the_token |= query.contains(real_token());
        let parts = builder.body(()).expect("a request").into_parts().0;
        let offset = Duration::from_secs(clock_offset.unsigned_abs());
        let now = if clock_offset < 0 { SystemTime::now() - offset } else { SystemTime::now() + offset };
        let state = runtime().block_on(clerk.authenticate_request_at(&parts, now));
        if !carries_the_token {
            prop_assert_ne!(state.status, AuthStatus::SignedIn);
        }
    }

    #[test]
    fn handshake_redirects_stop_after_three(count in prop::option::of(0..10_u32), junk in "[a-z.+-]{0,4}") {
        // A page load that needs a handshake, with the loop counter Clerk keeps in a cookie.
        let counter = count.map_or(junk.clone(), |n| n.to_string());
        let cookie = format!("__client_uat=1; __clerk_redirect_count={counter}");
        let parts = http::Request::builder()
            .uri("/dashboard")
            .header("host", "app.example")
            .header("accept", "text/html")
            .header("cookie", cookie)
            .body(())
            .expect("a request")
            .into_parts()
            .0;
        let state = runtime().block_on(instances()[0].authenticate_request(&parts));
        let expected = count.unwrap_or(0);
        if expected < 3 {
            prop_assert_eq!(state.status, AuthStatus::Handshake);
            let set_cookie = state.headers.get_all("set-cookie").iter()
                .filter_map(|v| v.to_str().ok())
                .find(|v| v.starts_with("__clerk_redirect_count="))
                .map(str::to_owned);
            let next = format!("__clerk_redirect_count={};", expected + 1);
            prop_assert!(set_cookie.as_deref().is_some_and(|c| c.starts_with(&next)), "{:?}", set_cookie);
        } else {
            prop_assert_eq!(state.status, AuthStatus::SignedOut);
            prop_assert!(state.location().is_none());
        }
    }
}
