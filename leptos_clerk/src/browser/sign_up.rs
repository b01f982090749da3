//! [`use_sign_up`](crate::use_sign_up)'s steps through clerk-js: `Clerk.client.signUp`'s
//! `create`, `prepareEmailAddressVerification` and `attemptEmailAddressVerification`. Each step
//! reads `Clerk.client.signUp` anew, as Clerk's `useSignUp()` re-renders with it: clerk-js keeps
//! the object while a reply is about the same sign-up, and puts a new one there when the client
//! drops it or starts another.

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

use super::actions::{js_object, outcome};
use super::resources::{field, text};
use super::sign_in::{call, loaded, refusal};
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
    step("create", &params).await
}

/// `signUp.prepareEmailAddressVerification({ strategy: "email_code" })`: Clerk emails a code.
pub(crate) async fn prepare_email_code() -> Result<SignUpAttempt, ClerkApiError> {
    let params = js_object(&[("strategy", JsValue::from_str("email_code"))]);
    step_of_started("prepareEmailAddressVerification", &params).await
}

/// `signUp.attemptEmailAddressVerification({ code })`.
pub(crate) async fn attempt_email_code(code: &str) -> Result<SignUpAttempt, ClerkApiError> {
    let params = js_object(&[("code", JsValue::from_str(code))]);
    step_of_started("attemptEmailAddressVerification", &params).await
}

/// A step of the sign-up in progress. Without one (the client dropped it: it expired, or the
/// browser signed in since), clerk-js would send the step as a new sign-up, past the CAPTCHA.
async fn step_of_started(method: &str, params: &JsValue) -> Result<SignUpAttempt, ClerkApiError> {
    let clerk = loaded().await?;
    if text(&field(&clerk.client(), "signUp"), "id").is_none() {
        return Err(ClerkApiError {
            code: Some(NO_SIGN_UP.to_owned()),
            ..ClerkApiError::without_code("This sign-up is over: start again.")
        });
    }
    step(method, params).await
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
