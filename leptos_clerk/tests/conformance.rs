//! Conformance with the real `@clerk/backend` (3.25.0, pinned in /package.json): a generated
//! corpus of requests is decided by Clerk's own `authenticateRequest` (run by node, offline, see
//! `conformance/oracle.mjs`) and by `Clerk::authenticate_request_at`, and every case must agree
//! on status, reason, auth fields, `has()`, `Location`, `Set-Cookie` and the debug headers.
//!
//! Needs node and `npm ci` (the test fails with that advice when `@clerk/backend` is missing).
//! Cases marked `differs` are deliberate differences: each says why and what we answer instead.
#![cfg(feature = "ssr")]

#[path = "conformance/case.rs"]
mod case;
#[path = "conformance/corpus.rs"]
mod corpus;
#[path = "support/jwt.rs"]
mod jwt;
#[path = "support/oracle.rs"]
mod oracle;
#[path = "conformance/support.rs"]
mod support;

use std::fmt::Write as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::header::{CACHE_CONTROL, LOCATION, SET_COOKIE};
use leptos_clerk::server::{AuthStatus, Clerk, ClerkConfig, RequestState};
use leptos_clerk::{Check, Reverification, ReverificationLevel};
use serde_json::{json, Value};

use case::Case;

fn run_oracle(corpus: &Value) -> Vec<Value> {
    oracle::run_oracle("conformance/oracle.mjs", corpus)
}

fn clerk_for(case: &Case, pem: &str, api_url: &str) -> Clerk {
    let o = &case.options;
    let jwt_key = o.jwt_key.clone().unwrap_or_else(|| pem.to_owned());
    let mut config = ClerkConfig::from_sources(None, |name| match name {
        "CLERK_PUBLISHABLE_KEY" => Some(o.publishable_key.clone()),
        "CLERK_SECRET_KEY" => Some(o.secret_key.clone()),
        "CLERK_JWT_KEY" => Some(jwt_key.clone()),
        "CLERK_API_URL" => Some(api_url.to_owned()),
        _ => None,
    })
    .expect("valid configuration");
    config.authorized_parties.clone_from(&o.authorized_parties);
    config.issuers.clone_from(&o.issuers);
    config.proxy_url.clone_from(&o.proxy_url);
    config.domain.clone_from(&o.domain);
    config.is_satellite = o.is_satellite;
    if let Some(url) = &o.sign_in_url {
        config.sign_in_url.clone_from(url);
    }
    if let Some(ms) = o.clock_skew_ms {
        config.clock_skew = Duration::from_millis(ms);
    }
    config.treat_pending_as_signed_out = o.treat_pending_as_signed_out;
    config
        .organization_patterns
        .clone_from(&o.organization_patterns);
    config
        .personal_account_patterns
        .clone_from(&o.personal_account_patterns);
    Clerk::new(config).expect("valid Clerk")
}

fn check_of(v: &Value) -> Check {
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let mut check = Check::default();
    check.role = text("role");
    check.permission = text("permission");
    check.feature = text("feature");
    check.plan = text("plan");
    check.reverification = v.get("reverification").map(|r| match r {
        Value::String(s) => match s.as_str() {
            "strict_mfa" => Reverification::StrictMfa,
            "strict" => Reverification::Strict,
            "moderate" => Reverification::Moderate,
            "lax" => Reverification::Lax,
            other => panic!("unknown reverification {other}"),
        },
        other => Reverification::Custom {
            level: match other["level"].as_str() {
                Some("first_factor") => ReverificationLevel::FirstFactor,
                Some("second_factor") => ReverificationLevel::SecondFactor,
                _ => ReverificationLevel::MultiFactor,
            },
            after_minutes: other["afterMinutes"]
                .as_u64()
                .and_then(|m| u32::try_from(m).ok())
                .unwrap_or(0),
        },
    });
    check
}

/// Our answer, in the oracle's shape.
fn ours(case: &Case, state: &RequestState) -> Value {
    let header = |name| state.headers.get(name).and_then(|v| v.to_str().ok());
    let a = &state.auth;
    let auth = (state.status != AuthStatus::Handshake).then(|| {
        json!({
            "is_authenticated": a.is_signed_in(),
            "user_id": a.user_id(), "session_id": a.session_id(),
            "session_status": a.session_status(),
            "org_id": a.org_id(), "org_role": a.org_role(), "org_slug": a.org_slug(),
            "org_permissions": a.org_permissions(),
            "factor_verification_age": a.as_signed_in().and_then(|s| s.factor_verification_age()),
        })
    });
    let has: Vec<bool> = if auth.is_some() {
        case.has.iter().map(|c| a.has(&check_of(c))).collect()
    } else {
        Vec::new()
    };
    let json = (state.status != AuthStatus::Handshake)
        .then(|| serde_json::to_value(&state.auth).expect("auth serialises"));
    json!({
        "json": json,
        "name": case.name,
        "status": state.status.as_str(),
        "reason": state.reason.map(|r| r.as_str()),
        "location": header(LOCATION.as_str()),
        "set_cookie": state.headers.get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>(),
        "cache_control": header(CACHE_CONTROL.as_str()),
        "x_status": header("x-clerk-auth-status"),
        "x_reason": header("x-clerk-auth-reason"),
        "auth": auth,
        "has": has,
    })
}

fn request(case: &Case) -> http::request::Parts {
    let url = url::Url::parse(&case.url).expect("case URL");
    let path = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    let mut builder = http::Request::builder()
        .method(case.method.as_str())
        .uri(path);
    for (k, v) in &case.headers {
        builder = builder.header(k, v);
    }
    builder.body(()).expect("case request").into_parts().0
}

const FIELDS: [&str; 10] = [
    "json",
    "status",
    "reason",
    "location",
    "set_cookie",
    "cache_control",
    "x_status",
    "x_reason",
    "auth",
    "has",
];

#[tokio::test(flavor = "multi_thread")]
async fn decisions_match_clerk_backend() {
    let keys = support::Keys::generate();
    let now_secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let now = UNIX_EPOCH + Duration::from_secs(now_secs) + Duration::from_millis(250);
    let corpus = corpus::build(&keys, i64::try_from(now_secs).expect("time"));
    assert!(
        corpus.cases.len() >= 60,
        "the corpus must hold at least 60 cases"
    );
    let pem = support::pem(&keys.main);
    let (api_url, refresh_calls) = support::serve(corpus.bapi).await;
    let take_refresh_calls = || std::mem::take(&mut *refresh_calls.lock().expect("calls"));
    let input = json!({
        "now_ms": u64::try_from(now.duration_since(UNIX_EPOCH).expect("clock").as_millis()).expect("ms"),
        "pem": pem, "api_url": api_url, "cases": corpus.cases,
    });
    let oracle_input = input.clone();
    let clerk_results = tokio::task::spawn_blocking(move || run_oracle(&oracle_input))
        .await
        .expect("oracle thread");
    assert_eq!(clerk_results.len(), corpus.cases.len());
    let clerk_refresh_calls = take_refresh_calls();
    let mut our_refresh_calls = Vec::new();

    let mut report = String::new();
    let (mut agreed, mut differed) = (0, 0);
    for (case, theirs) in corpus.cases.iter().zip(&clerk_results) {
        let parts = request(case);
        let clerk = clerk_for(case, &pem, &api_url);
        let state = clerk.authenticate_request_at(&parts, now).await;
        let mine = ours(case, &state);
        our_refresh_calls.extend(take_refresh_calls());
        // The same request again goes through the verified-token cache: same answer.
        let again = ours(case, &clerk.authenticate_request_at(&parts, now).await);
        take_refresh_calls();
        if again != mine && !case.name.starts_with("resolve") && !case.name.contains("refresh") {
            let _ = writeln!(
                report,
                "\ncase {:?}: a second, cached run differs:\n  first:  {mine}\n  second: {again}",
                case.name
            );
        }
        if let Some((why, status, reason)) = case.differs {
            differed += 1;
            let ok = mine["status"] == status && mine["reason"] == json!(reason);
            let clerk_says = (&theirs["status"], &theirs["reason"], &theirs["error"]);
            println!("deliberate difference: {}: {why}\n  clerk: {clerk_says:?}\n  ours:  {status} {reason:?}", case.name);
            if !ok {
                let _ = writeln!(
                    report,
                    "\ncase {:?} (deliberate difference) expected ours = {status} {reason:?}, got {} {}",
                    case.name, mine["status"], mine["reason"]
                );
            }
            continue;
        }
        let mismatches: Vec<&str> = FIELDS
            .iter()
            .copied()
            .filter(|f| mine[*f] != theirs[*f])
            .collect();
        if mismatches.is_empty() {
            agreed += 1;
            continue;
        }
        let _ = writeln!(report, "\ncase {:?}:", case.name);
        if let Some(error) = theirs.get("error") {
            let _ = writeln!(report, "  clerk threw: {error}");
        }
        for field in mismatches {
            let _ = writeln!(
                report,
                "  {field}:\n    clerk: {}\n    ours:  {}",
                theirs[field], mine[field]
            );
        }
    }
    println!(
        "conformance: {} cases, {agreed} identical to @clerk/backend, {differed} deliberate differences",
        corpus.cases.len()
    );
    // What the Backend API is told when a session is refreshed: the same calls, the same bodies
    // (the request's headers included), in the same order.
    assert!(
        !clerk_refresh_calls.is_empty(),
        "the corpus must make refresh calls"
    );
    assert_eq!(
        serde_json::to_string_pretty(&our_refresh_calls).expect("JSON"),
        serde_json::to_string_pretty(&clerk_refresh_calls).expect("JSON"),
        "refresh calls to the Backend API differ from @clerk/backend's (ours left, Clerk's right)"
    );
    assert!(report.is_empty(), "mismatches with @clerk/backend:{report}");
}
