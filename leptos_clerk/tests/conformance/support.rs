//! Keys, tokens and the loopback Backend API shared by the oracle and our side.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use rsa::pkcs8::{EncodePublicKey as _, LineEnding};
use rsa::RsaPrivateKey;
use serde_json::{json, Value};

pub const PK_LIVE: &str = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";
pub const PK_TEST: &str = "pk_test_ZWFzeS1sZW1taW5nLTg1LmNsZXJrLmFjY291bnRzLmRldiQ";
pub const FAPI_LIVE: &str = "clerk.example.com";
pub const FAPI_TEST: &str = "easy-lemming-85.clerk.accounts.dev";
pub const SESSION_CAT: &str = "cl_B7d4PD111AAA";

/// The instance's keys: the 2048-bit signing key Clerk uses, and a 3072-bit one (a size
/// Clerk's PEM loader cannot read; ours can).
pub struct Keys {
    pub main: RsaPrivateKey,
    pub other: RsaPrivateKey,
    pub big: RsaPrivateKey,
}

impl Keys {
    pub fn generate() -> Self {
        let mut rng = rand::thread_rng();
        let generate = |bits| RsaPrivateKey::new(&mut rand::thread_rng(), bits).expect("RSA key");
        let main = RsaPrivateKey::new(&mut rng, 2048).expect("RSA key");
        Self {
            main,
            other: generate(2048),
            big: generate(3072),
        }
    }
}

pub fn pem(key: &RsaPrivateKey) -> String {
    key.to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .expect("PEM")
}

pub fn header() -> Value {
    json!({"alg": "RS256", "kid": "ins_conformance", "typ": "JWT", "cat": SESSION_CAT})
}

/// Signs with the algorithm the header names (RS256 for any other `alg`).
pub fn mint(header: &Value, claims: &Value, key: &RsaPrivateKey) -> String {
    crate::jwt::sign(key, header, claims)
}

/// What the loopback Backend API answers.
#[derive(Default)]
pub struct Bapi {
    /// nonce → directives.
    pub nonces: HashMap<String, Vec<String>>,
    /// session id → refreshed cookies.
    pub refresh: HashMap<String, Vec<String>>,
}

/// Every refresh call the Backend API received, in order: `{"uri", "body"}`.
pub type RefreshCalls = Arc<Mutex<Vec<Value>>>;

struct Served {
    bapi: Bapi,
    refresh_calls: RefreshCalls,
}

fn not_found() -> axum::response::Response {
    let body = json!({"errors": [{"code": "resource_not_found", "message": "not found",
        "long_message": "Resource not found"}], "clerk_trace_id": "trace_conformance"});
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}

/// Serves `GET /v1/clients/handshake_payload` and `POST /v1/sessions/{id}/refresh` on
/// 127.0.0.1; returns the base URL and the refresh calls as they arrive.
pub async fn serve(bapi: Bapi) -> (String, RefreshCalls) {
    let refresh_calls = RefreshCalls::default();
    let served = Arc::new(Served {
        bapi,
        refresh_calls: Arc::clone(&refresh_calls),
    });
    let app = Router::new()
        .route(
            "/v1/clients/handshake_payload",
            get(
                |State(s): State<Arc<Served>>, Query(q): Query<HashMap<String, String>>| async move {
                    match q.get("nonce").and_then(|n| s.bapi.nonces.get(n)) {
                        Some(d) => Json(json!({ "directives": d })).into_response(),
                        None => not_found(),
                    }
                },
            ),
        )
        .route(
            "/v1/sessions/{sid}/refresh",
            post(
                |State(s): State<Arc<Served>>,
                 Path(sid): Path<String>,
                 uri: Uri,
                 Json(body): Json<Value>| async move {
                    let call = json!({ "uri": uri.to_string(), "body": body });
                    s.refresh_calls.lock().expect("calls").push(call);
                    match s.bapi.refresh.get(&sid) {
                        Some(c) => {
                            Json(json!({ "object": "cookies", "cookies": c })).into_response()
                        }
                        None => not_found(),
                    }
                },
            ),
        )
        .with_state(served);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), refresh_calls)
}
