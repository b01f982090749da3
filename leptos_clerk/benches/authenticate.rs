//! `authenticate_request` on one core: a page load with a valid session cookie, cold (the RSA
//! signature checked every time) and with the verified-token cache, and on garbage.
//!
//! Run with `cargo bench -p leptos_clerk --features ssr --bench authenticate`.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::{SystemTime, UNIX_EPOCH};

use criterion::{criterion_group, criterion_main, Criterion};
use http::request::Parts;
use leptos_clerk::server::{AuthStatus, Clerk, ClerkConfig};
use rsa::pkcs8::{EncodePublicKey as _, LineEnding};
use rsa::RsaPrivateKey;
use serde_json::json;

#[path = "../tests/support/jwt.rs"]
mod jwt;

/// Runs a future that never waits (networkless verification never does).
fn ready<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

fn clerk(pem: &str, cache: usize) -> Clerk {
    let mut config = ClerkConfig::from_sources(None, |name| match name {
        "CLERK_PUBLISHABLE_KEY" => Some("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k".to_owned()),
        "CLERK_SECRET_KEY" => Some("sk_live_bench".to_owned()),
        "CLERK_JWT_KEY" => Some(pem.to_owned()),
        _ => None,
    })
    .expect("valid configuration");
    config.verified_token_cache = cache;
    Clerk::new(config).expect("valid Clerk")
}

fn page_load(cookie: &str) -> Parts {
    http::Request::builder()
        .uri("/dashboard")
        .header("host", "localhost:3000")
        .header("sec-fetch-dest", "document")
        .header("accept", "text/html,application/xhtml+xml")
        .header("cookie", cookie)
        .body(())
        .expect("request")
        .into_parts()
        .0
}

fn benches(c: &mut Criterion) {
    let key = RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("RSA key");
    let pem = key
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .expect("PEM");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let header =
        json!({"alg": "RS256", "kid": "ins_bench", "typ": "JWT", "cat": "cl_B7d4PD111AAA"});
    let claims = json!({"azp": "http://localhost:3000", "exp": now + 3600, "iat": now, "nbf": now - 10,
        "iss": "https://clerk.example.com", "sid": "sess_1", "sub": "user_1", "v": 2, "fva": [0, -1],
        "o": {"id": "org_1", "slg": "acme", "rol": "admin", "per": "manage,read", "fpm": "3,2"},
        "fea": "o:dashboard,o:teams"});
    let token = jwt::sign(&key, &header, &claims);
    let valid = page_load(&format!(
        "theme=dark; __session={token}; __client_uat={}",
        now - 100
    ));

    let cold = clerk(&pem, 0);
    let cached = clerk(&pem, 10_000);
    assert_eq!(
        ready(cold.authenticate_request(&valid)).status,
        AuthStatus::SignedIn
    );
    assert_eq!(
        ready(cached.authenticate_request(&valid)).status,
        AuthStatus::SignedIn
    );

    let mut group = c.benchmark_group("authenticate_request");
    group.bench_function("valid cookie, cold", |b| {
        b.iter(|| ready(cold.authenticate_request(black_box(&valid))));
    });
    group.bench_function("valid cookie, cached", |b| {
        b.iter(|| ready(cached.authenticate_request(black_box(&valid))));
    });
    let garbage = page_load(&format!(
        "__session=eyJhbGciOi.{}.%%%; __client_uat=12x; ;;==; a",
        "x".repeat(600)
    ));
    group.bench_function("garbage cookie", |b| {
        b.iter(|| ready(cached.authenticate_request(black_box(&garbage))));
    });
    let no_cookies = page_load("theme=dark");
    group.bench_function("no cookies (signed out)", |b| {
        b.iter(|| ready(cached.authenticate_request(black_box(&no_cookies))));
    });
    group.finish();

    // Signed out with a header of many tiny cookies: the cost must stop growing once the
    // parser's caps are reached (it grew quadratically before).
    let mut sizes = c.benchmark_group("cookie header of tiny cookies");
    for bytes in [4_000, 40_000, 400_000] {
        let mut line = String::new();
        let mut i = 0;
        while line.len() < bytes {
            line.push_str(&format!("c{i}=v; "));
            i += 1;
        }
        let request = page_load(&line);
        sizes.bench_function(format!("{bytes} bytes"), |b| {
            b.iter(|| ready(cached.authenticate_request(black_box(&request))));
        });
    }
    sizes.finish();
}

criterion_group!(authenticate, benches);
criterion_main!(authenticate);
