//! What lands in logs never carries a credential or backend-only data (issue 10, SDK finding 5):
//! `{:?}` of the states and models an app logs, and the `x-clerk-auth-message` header a client
//! sees.
#![cfg(feature = "ssr")]

#[path = "support/jwt.rs"]
mod jwt;

use http::Request;
use leptos_clerk::server::{
    AuthStatus, Clerk, ClerkConfig, Invitation, MetadataParams, OrganizationInvitation,
    SessionUser, SignInToken, Token, User, UserParams,
};
use rsa::pkcs8::{EncodePublicKey as _, LineEnding};
use serde_json::json;

const PK_TEST: &str = "pk_test_ZWFzeS1sZW1taW5nLTg1LmNsZXJrLmFjY291bnRzLmRldiQ";
const PK_LIVE: &str = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";

fn clerk(publishable_key: &str, api_url: &str, with_jwt_key: bool) -> Clerk {
    let pem = jwt::key()
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .expect("PEM");
    let config = ClerkConfig::from_sources(None, |name| match name {
        "CLERK_PUBLISHABLE_KEY" => Some(publishable_key.to_owned()),
        "CLERK_SECRET_KEY" => Some(publishable_key.replacen("pk_", "sk_", 1)),
        "CLERK_JWT_KEY" if with_jwt_key => Some(pem.clone()),
        "CLERK_API_URL" => Some(api_url.to_owned()),
        _ => None,
    })
    .expect("valid configuration");
    Clerk::new(config).expect("valid Clerk")
}

fn expired_token() -> String {
    let mut claims = jwt::session_claims();
    claims["iat"] = json!(jwt::now() - 120);
    claims["nbf"] = json!(jwt::now() - 120);
    claims["exp"] = json!(jwt::now() - 60);
    claims["iss"] = json!("https://easy-lemming-85.clerk.accounts.dev");
    jwt::sign(jwt::key(), &jwt::session_header("ins_1"), &claims)
}

#[tokio::test]
async fn a_handshake_state_prints_without_its_tokens() {
    let clerk = clerk(PK_TEST, "http://127.0.0.1:1", true);
    let token = expired_token();
    let dev_browser = "dvb_SECRETDEVBROWSER";
    let (parts, ()) = Request::builder()
        .uri("/dashboard")
        .header("accept", "text/html")
        .header("sec-fetch-dest", "document")
        .header(
            "cookie",
            format!(
                "__session={token}; __client_uat={}; __clerk_db_jwt={dev_browser}",
                jwt::now() - 300
            ),
        )
        .body(())
        .expect("request")
        .into_parts();
    let state = clerk.authenticate_request(&parts).await;
    assert_eq!(state.status, AuthStatus::Handshake);
    let location = state.location().expect("a handshake redirect");
    assert!(
        location.contains(&token) && location.contains(dev_browser),
        "{location}"
    );

    let printed = format!("{state:?}");
    assert!(!printed.contains(&token), "{printed}");
    assert!(!printed.contains(dev_browser), "{printed}");
    assert!(printed.contains("handshake"), "{printed}");
}

#[test]
fn models_print_without_private_fields() {
    let user: User = serde_json::from_value(json!({
        "id": "user_1", "first_name": "Ada",
        "private_metadata": {"ssn": "PRIVATE-123"}
    }))
    .expect("user");
    let session_user = SessionUser(std::sync::Arc::new(user.clone()));
    let mut params = UserParams::default();
    params.password = Some("PASSWORD-hunter2".to_owned());
    params.private_metadata = Some(json!({"plan": "PRIVATE-plan"}));
    let printed = [
        format!("{user:?}"),
        format!("{session_user:?}"),
        format!("{params:?}"),
        format!(
            "{:?}",
            MetadataParams::private(json!({"k": "PRIVATE-meta"}))
        ),
        format!(
            "{:?}",
            Token {
                jwt: "eyJ.TOKEN.sig".to_owned()
            }
        ),
        // Their links and tickets sign up, join or sign in as someone.
        format!(
            "{:?}",
            serde_json::from_value::<Invitation>(json!({
                "id": "inv_1", "email_address": "a@example.com", "status": "pending",
                "url": "https://app.example.com/sign-up?__clerk_ticket=TICKET-inv"
            }))
            .expect("invitation")
        ),
        format!(
            "{:?}",
            serde_json::from_value::<OrganizationInvitation>(json!({
                "id": "orginv_1", "email_address": "a@example.com", "status": "pending",
                "url": "https://app.example.com/sign-in?__clerk_ticket=TICKET-orginv"
            }))
            .expect("organization invitation")
        ),
        format!(
            "{:?}",
            serde_json::from_value::<SignInToken>(json!({
                "id": "sit_1", "user_id": "user_1", "status": "pending", "token": "TICKET-sit",
                "url": "https://app.example.com/?__clerk_ticket=TICKET-sit"
            }))
            .expect("sign-in token")
        ),
    ];
    for text in &printed {
        for secret in ["PRIVATE", "hunter2", "TOKEN", "TICKET"] {
            assert!(!text.contains(secret), "{secret} printed: {text}");
        }
    }
    assert!(printed[0].contains("Ada") && printed[0].contains("[redacted]"));
}

#[tokio::test]
async fn the_auth_message_names_no_internal_url() {
    // No local key and a Backend API that refuses connections: the JWKS cannot load.
    let clerk = clerk(PK_LIVE, "http://127.0.0.1:1", false);
    let token = jwt::sign(
        jwt::key(),
        &jwt::session_header("ins_1"),
        &jwt::session_claims(),
    );
    let (parts, ()) = Request::builder()
        .uri("/api/items")
        .header("authorization", format!("Bearer {token}"))
        .body(())
        .expect("request")
        .into_parts();
    let state = clerk.authenticate_request(&parts).await;
    assert_eq!(state.status, AuthStatus::SignedOut);
    let message = state
        .headers
        .get("x-clerk-auth-message")
        .expect("a message")
        .to_str()
        .expect("text");
    assert!(message.contains("JWKS"), "{message}");
    for internal in ["127.0.0.1", "http://", "/v1/jwks", "sk_live", "sk_test"] {
        assert!(!message.contains(internal), "{internal} in {message}");
    }
}
