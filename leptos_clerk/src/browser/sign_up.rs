//! [`use_sign_up`](crate::use_sign_up)'s steps through clerk-js: `Clerk.client.signUp`'s
//! `create`, `prepareEmailAddressVerification` and `attemptEmailAddressVerification`. Each step
//! reads `Clerk.client.signUp` anew: clerk-js replaces the resource when a reply updates the
//! client, as Clerk's `useSignUp()` re-renders with the new one.

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

use super::actions::{js_object, outcome};
use super::resources::{field, text};
use super::sign_in::{call, loaded, refusal};
use crate::{ClerkApiError, SignUpAttempt, SignUpStatus};

/// `Clerk.client.signUp.create({ emailAddress, password })`.
pub(crate) async fn sign_up_with_password(
    email_address: &str,
    password: &str,
) -> Result<SignUpAttempt, ClerkApiError> {
    let params = js_object(&[
        ("emailAddress", JsValue::from_str(email_address)),
        ("password", JsValue::from_str(password)),
    ]);
    step("create", &params).await
}

/// `signUp.prepareEmailAddressVerification({ strategy: "email_code" })`: Clerk emails a code.
pub(crate) async fn prepare_email_code() -> Result<SignUpAttempt, ClerkApiError> {
    let params = js_object(&[("strategy", JsValue::from_str("email_code"))]);
    step("prepareEmailAddressVerification", &params).await
}

/// `signUp.attemptEmailAddressVerification({ code })`.
pub(crate) async fn attempt_email_code(code: &str) -> Result<SignUpAttempt, ClerkApiError> {
    let params = js_object(&[("code", JsValue::from_str(code))]);
    step("attemptEmailAddressVerification", &params).await
}

async fn step(method: &str, params: &JsValue) -> Result<SignUpAttempt, ClerkApiError> {
    let clerk = loaded().await?;
    let sign_up = field(&clerk.client(), "signUp");
    let updated = outcome(call(&sign_up, method, params))
        .await
        .map_err(refusal)?;
    Ok(SignUpAttempt {
        status: SignUpStatus::parse(&text(&updated, "status").unwrap_or_default()),
        created_session_id: text(&updated, "createdSessionId"),
        unverified_fields: strings(&field(&updated, "unverifiedFields")),
        missing_fields: strings(&field(&updated, "missingFields")),
    })
}

/// A JS array's strings; nothing for anything else.
fn strings(value: &JsValue) -> Vec<String> {
    value
        .dyn_ref::<Array>()
        .map(|array| array.iter().filter_map(|item| item.as_string()).collect())
        .unwrap_or_default()
}
