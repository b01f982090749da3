//! [`use_sign_up`](crate::use_sign_up)'s steps through clerk-js: `Clerk.client.signUp`'s
//! `create`, `prepareEmailAddressVerification` and `attemptEmailAddressVerification`. Each step
//! reads `Clerk.client.signUp` anew, as Clerk's `useSignUp()` re-renders with it: clerk-js keeps
//! the object while a reply is about the same sign-up, and puts a new one there when the client
//! drops it or starts another.

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

use super::actions::js_object;
use super::resources::{field, text};
use super::sign_in::{current, step_answered};
use crate::client::Attempt;
use crate::sign_up::NO_SIGN_UP;
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
    step(&current(Attempt::SignUp).await?, "create", &params).await
}

/// `signUp.prepareEmailAddressVerification({ strategy: "email_code" })`: Clerk emails a code.
pub(crate) async fn prepare_email_code() -> Result<SignUpAttempt, ClerkApiError> {
    let params = js_object(&[("strategy", JsValue::from_str("email_code"))]);
    step(
        &started_sign_up().await?,
        "prepareEmailAddressVerification",
        &params,
    )
    .await
}

/// `signUp.attemptEmailAddressVerification({ code })`.
pub(crate) async fn attempt_email_code(code: &str) -> Result<SignUpAttempt, ClerkApiError> {
    let params = js_object(&[("code", JsValue::from_str(code))]);
    step(
        &started_sign_up().await?,
        "attemptEmailAddressVerification",
        &params,
    )
    .await
}

/// The sign-up in progress. Without one (the client dropped it: it expired, or the browser
/// signed in since), clerk-js would send a step as a new sign-up, past the CAPTCHA.
async fn started_sign_up() -> Result<JsValue, ClerkApiError> {
    let sign_up = current(Attempt::SignUp).await?;
    if text(&sign_up, "id").is_none() {
        return Err(ClerkApiError {
            code: Some(NO_SIGN_UP.to_owned()),
            ..ClerkApiError::without_code("This sign-up is over: start again.")
        });
    }
    Ok(sign_up)
}

/// `sign_up[method](params)`, and the sign-up it answers.
async fn step(
    sign_up: &JsValue,
    method: &str,
    params: &JsValue,
) -> Result<SignUpAttempt, ClerkApiError> {
    let updated = step_answered(sign_up, method, params, "verifications").await?;
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
