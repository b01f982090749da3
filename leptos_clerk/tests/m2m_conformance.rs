//! M2M tokens and API keys, conformance with the real `@clerk/backend` (3.25.0, pinned in
//! /package.json): each `Authorization` header of the corpus is decided by Clerk's own
//! `authenticateRequest(request, { acceptsToken: 'm2m_token' })` and `{ acceptsToken: 'api_key' }`
//! (run by node, offline, see `m2m_conformance/oracle.mjs`) and by `Clerk::authenticate_m2m` and
//! `Clerk::authenticate_api_key`, and both must agree on whether the caller is authenticated and
//! why not, and for a machine its id, scopes and claims.
//!
//! Only tokens decided without the network are here: JWT tokens and those refused for their
//! form. Opaque tokens go to the Backend API; `tests/m2m.rs` in the app checks them against the
//! local instance, and `end2end/local-instance/backend/machines.test.mjs` the local instance
//! against `@clerk/backend`.
#![cfg(feature = "ssr")]

#[path = "support/jwt.rs"]
mod jwt;
#[path = "support/oracle.rs"]
mod oracle;

use http::header::AUTHORIZATION;
use http::HeaderMap;
use leptos_clerk::server::{Clerk, ClerkConfig, M2mAuth};
use rsa::pkcs8::{EncodePublicKey as _, LineEnding};
use rsa::RsaPrivateKey;
use serde_json::{json, Value};

const PUBLISHABLE_KEY: &str = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";
const SECRET_KEY: &str = "sk_live_conformance";
const M2M_CAT: &str = "cl_B7d4PD333AAA";

fn m2m_header() -> Value {
    json!({"alg": "RS256", "kid": "ins_conformance", "typ": "JWT", "cat": M2M_CAT})
}

fn m2m_claims() -> Value {
    let now = jwt::now();
    json!({
        "iss": "https://clerk.example.com", "sub": "mch_worker", "jti": "mt_conformance",
        "iat": now, "nbf": now, "exp": now + 3600, "scopes": "mch_api mch_billing",
        "job": "nightly", "team": {"id": 7}
    })
}

/// `(name, Authorization header)`: every kind of token a machine route may be sent.
fn corpus(key: &RsaPrivateKey, other: &RsaPrivateKey) -> Vec<(&'static str, Option<String>)> {
    let now = jwt::now();
    let with = |edit: &dyn Fn(&mut Value, &mut Value)| {
        let (mut header, mut claims) = (m2m_header(), m2m_claims());
        edit(&mut header, &mut claims);
        Some(format!("Bearer {}", jwt::sign(key, &header, &claims)))
    };
    let bearer = |token: &str| Some(format!("Bearer {token}"));
    vec![
        ("a valid JWT", with(&|_, _| {})),
        (
            "no cat, scopes from aud",
            with(&|h, c| {
                h.as_object_mut().unwrap().remove("cat");
                c.as_object_mut().unwrap().remove("scopes");
                c["aud"] = json!(["mch_api"]);
            }),
        ),
        (
            "no custom claims",
            with(&|_, c| {
                c.as_object_mut()
                    .unwrap()
                    .retain(|k, _| ["iss", "sub", "jti", "iat", "exp"].contains(&k.as_str()));
            }),
        ),
        ("expired", with(&|_, c| c["exp"] = json!(now - 60))),
        (
            "no exp",
            with(&|_, c| {
                c.as_object_mut().unwrap().remove("exp");
            }),
        ),
        (
            "nbf in the future",
            with(&|_, c| c["nbf"] = json!(now + 600)),
        ),
        (
            "iat in the future",
            with(&|_, c| c["iat"] = json!(now + 600)),
        ),
        (
            "a session token's cat",
            with(&|h, _| h["cat"] = json!("cl_B7d4PD111AAA")),
        ),
        (
            "typ at+jwt, sub mch_",
            with(&|h, _| h["typ"] = json!("at+jwt")),
        ),
        ("alg HS256", with(&|h, _| h["alg"] = json!("HS256"))),
        ("another kid", with(&|h, _| h["kid"] = json!("ins_other"))),
        (
            "signed with another key",
            Some(format!(
                "Bearer {}",
                jwt::sign(other, &m2m_header(), &m2m_claims())
            )),
        ),
        (
            "a session token",
            Some(format!(
                "Bearer {}",
                jwt::sign(
                    key,
                    &jwt::session_header("ins_conformance"),
                    &jwt::session_claims()
                )
            )),
        ),
        (
            "an OAuth JWT",
            Some(format!(
                "Bearer {}",
                jwt::sign(
                    key,
                    &json!({"alg": "RS256", "kid": "ins_conformance", "typ": "at+jwt"}),
                    &jwt::session_claims()
                )
            )),
        ),
        ("an API key", bearer("ak_conformance")),
        ("an OAuth token", bearer("oat_conformance")),
        ("not a token", bearer("not-a-token")),
        ("a JWT-shaped mt_ token", bearer("mt_a.b.c")),
        ("a JWT-shaped ak_ token", bearer("ak_a.b.c")),
        ("JWT-shaped garbage", bearer("abc.def.ghi")),
        ("another scheme", Some("Basic dXNlcjpwYXNz".to_owned())),
        ("no header", None),
    ]
}

/// Our answer, in the oracle's shape.
fn ours(result: Result<M2mAuth, leptos_clerk::server::MachineAuthError>) -> Value {
    match result {
        Ok(machine) => json!({
            "is_authenticated": true, "id": machine.id, "machine_id": machine.machine_id,
            "scopes": machine.scopes, "claims": machine.claims,
        }),
        Err(error) => json!({ "is_authenticated": false, "reason": error.reason() }),
    }
}

#[tokio::test]
async fn m2m_tokens_are_decided_as_clerk_decides_them() {
    let mut rng = rand::thread_rng();
    let key = jwt::key();
    let other = RsaPrivateKey::new(&mut rng, 2048).expect("RSA key");
    let pem = key
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .expect("PEM");
    // Every header for a route taking M2M tokens, and for one taking API keys all but the
    // well-formed key, which only the Backend API can decide (the app's tests/api_keys.rs).
    let cases = corpus(key, &other);
    let runs: Vec<(&str, &Option<String>, &str)> = cases
        .iter()
        .flat_map(|(name, authorization)| {
            let api_key = (*name != "an API key").then_some((*name, authorization, "api_key"));
            [Some((*name, authorization, "m2m_token")), api_key]
        })
        .flatten()
        .collect();
    let theirs: Vec<Value> = oracle::run_oracle(
        "m2m_conformance/oracle.mjs",
        &json!({
            "pem": pem,
            "secret_key": SECRET_KEY,
            "publishable_key": PUBLISHABLE_KEY,
            "cases": runs
                .iter()
                .map(|(_, authorization, accepts)| {
                    json!({ "authorization": authorization, "accepts": accepts })
                })
                .collect::<Vec<_>>(),
        }),
    );

    let config = ClerkConfig::from_sources(None, |name| match name {
        "CLERK_PUBLISHABLE_KEY" => Some(PUBLISHABLE_KEY.to_owned()),
        "CLERK_SECRET_KEY" => Some(SECRET_KEY.to_owned()),
        "CLERK_JWT_KEY" => Some(pem.clone()),
        _ => None,
    })
    .expect("valid configuration");
    let clerk = Clerk::new(config).expect("valid Clerk");

    let mut mismatches = Vec::new();
    let mut authenticated = Vec::new();
    for ((name, authorization, accepts), theirs) in runs.iter().zip(&theirs) {
        let mut headers = HeaderMap::new();
        if let Some(value) = authorization {
            headers.insert(AUTHORIZATION, value.parse().unwrap());
        }
        let ours = match *accepts {
            "m2m_token" => ours(clerk.authenticate_m2m(&headers).await),
            _ => match clerk.authenticate_api_key(&headers).await {
                Ok(key) => json!({ "is_authenticated": true, "id": key.id }),
                Err(error) => json!({ "is_authenticated": false, "reason": error.reason() }),
            },
        };
        if &ours != theirs {
            mismatches.push(format!(
                "{name} ({accepts}):\n  ours   {ours}\n  theirs {theirs}"
            ));
        }
        if ours["is_authenticated"] == true {
            authenticated.push(*name);
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert_eq!(theirs.len(), runs.len());
    // The corpus is not all refusals. With `CLERK_JWT_KEY` (`jwtKey`) the `kid` is not looked
    // up, on either side.
    assert_eq!(
        authenticated,
        [
            "a valid JWT",
            "no cat, scopes from aud",
            "no custom claims",
            "another kid"
        ]
    );
}
