//! Request input never panics: thousands of random cookies, headers, queries and tokens (ASCII
//! punctuation, multi-byte characters, JWT-looking pieces) all end as a decision.
#![cfg(feature = "ssr")]

#[path = "support/jwt.rs"]
mod jwt;
#[path = "support/offline_clerk.rs"]
mod offline_clerk;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use leptos_clerk::server::AuthStatus;
use offline_clerk::{
    offline_clerk, offline_clerk_with, AUTH_HEADERS, DEVELOPMENT_KEY, PRODUCTION_KEY,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const PIECES: &[&str] = &[
    "__session",
    "__session_",
    "__client_uat",
    "__clerk_db_jwt",
    "__clerk_handshake",
    "__clerk_handshake_nonce",
    "__clerk_redirect_count",
    "__refresh_",
    "=",
    ";",
    " ",
    "\t",
    "%",
    "%2",
    "%E2%82",
    "%zz",
    ".",
    "..",
    "eyJ",
    "é",
    "日本",
    "\u{1F600}",
    "0x",
    "-",
    "+",
    "3",
    "0",
    "1e309",
    "\"",
    "?",
    "&",
    "#",
    "//",
    "Bearer ",
    "null",
    "{}",
    "[]",
];

fn junk(rng: &mut StdRng, pieces: usize) -> String {
    let mut out = String::new();
    for _ in 0..rng.gen_range(0..pieces) {
        if rng.gen_bool(0.2) {
            let json = format!("{{\"iat\":{},\"iss\":\"{}\"}}", rng.gen::<i32>(), "x");
            out.push_str(&URL_SAFE_NO_PAD.encode(json));
        } else {
            out.push_str(PIECES[rng.gen_range(0..PIECES.len())]);
        }
    }
    out
}

#[tokio::test]
async fn random_input_is_always_decided() {
    let mut rng = StdRng::seed_from_u64(7);
    let instances = [
        offline_clerk(PRODUCTION_KEY),
        offline_clerk_with(DEVELOPMENT_KEY, |c| {
            c.proxy_url = Some("/__clerk".to_owned())
        }),
    ];
    let mut decided = 0;
    for round in 0..3000 {
        let clerk = &instances[round % 2];
        let mut builder =
            http::Request::builder().method(if rng.gen_bool(0.8) { "GET" } else { "POST" });
        let path = format!("/p?{}", junk(&mut rng, 6));
        builder = builder
            .uri(http::Uri::try_from(path.as_str()).unwrap_or_else(|_| "/".parse().expect("uri")));
        for name in AUTH_HEADERS {
            if rng.gen_bool(0.5) {
                let value = junk(&mut rng, 12);
                if let Ok(value) = http::HeaderValue::from_str(&value) {
                    builder = builder.header(name, value);
                }
                if rng.gen_bool(0.1) {
                    let bytes: Vec<u8> = (0..8).map(|_| rng.gen_range(0x80..=0xff)).collect();
                    if let Ok(value) = http::HeaderValue::from_bytes(&bytes) {
                        builder = builder.header(name, value);
                    }
                }
            }
        }
        let parts = builder.body(()).expect("request").into_parts().0;
        let state = clerk.authenticate_request(&parts).await;
        assert_ne!(
            state.status,
            AuthStatus::SignedIn,
            "garbage never signs in: {parts:?}"
        );
        decided += 1;
    }
    assert_eq!(decided, 3000);
}
