//! [`use_sign_in`](crate::use_sign_in)'s steps through clerk-js: `Clerk.client.signIn.create(…)`,
//! `signIn.authenticateWithRedirect(…)` and, back from the provider,
//! `Clerk.handleRedirectCallback(…)`, and `Clerk.setActive({ session })`. A refusal is read from
//! clerk-js's `ClerkAPIResponseError` (each of its `errors`: `code`, `longMessage`,
//! `meta.paramName`).

use js_sys::{Array, Function, Object, Promise};
use wasm_bindgen::{JsCast, JsValue};

use super::actions::{js_object, outcome};
use super::bindings::ClerkJs;
use super::load::{describe, loaded_clerk};
use super::resources::{field, text};
use crate::client::Attempt;
use crate::sign_in::{NETWORK_ERROR, NO_SIGN_IN};
use crate::{ClerkApiError, SignInAttempt, SignInStatus};

/// `Clerk.client.signIn.create({ identifier, password })`.
pub(crate) async fn sign_in_with_password(
    identifier: &str,
    password: &str,
) -> Result<SignInAttempt, ClerkApiError> {
    let sign_in = current(Attempt::SignIn).await?;
    let params = js_object(&[
        ("identifier", JsValue::from_str(identifier)),
        ("password", JsValue::from_str(password)),
    ]);
    Ok(attempt_of(
        &sign_in_step(&sign_in, "create", &params).await?,
    ))
}

/// Clerk's "email code" custom flow: `signIn.create({ identifier })`, then
/// `signIn.prepareFirstFactor({ strategy: "email_code", emailAddressId })` with the address of
/// the `email_code` factor Clerk offers for that identifier: Clerk emails it a code.
pub(crate) async fn sign_in_with_email_code(
    identifier: &str,
) -> Result<SignInAttempt, ClerkApiError> {
    let sign_in = current(Attempt::SignIn).await?;
    let params = js_object(&[("identifier", JsValue::from_str(identifier))]);
    let created = sign_in_step(&sign_in, "create", &params).await?;
    // Held for another check (Clerk Protect), or already complete: the caller finishes it.
    let attempt = attempt_of(&created);
    if attempt.status != SignInStatus::NeedsFirstFactor {
        return Ok(attempt);
    }
    let email_address_id =
        email_code_address(&created, identifier).ok_or_else(|| ClerkApiError {
            code: Some("strategy_not_supported".to_owned()),
            param: Some("identifier".to_owned()),
            ..ClerkApiError::without_code("This account cannot sign in with an email code.")
        })?;
    let params = js_object(&[
        ("strategy", JsValue::from_str(EMAIL_CODE)),
        ("emailAddressId", JsValue::from_str(&email_address_id)),
    ]);
    Ok(attempt_of(
        &sign_in_step(&created, "prepareFirstFactor", &params).await?,
    ))
}

/// `signIn.attemptFirstFactor({ strategy: "email_code", code })` on the sign-in in progress.
pub(crate) async fn attempt_sign_in_email_code(code: &str) -> Result<SignInAttempt, ClerkApiError> {
    let sign_in = current(Attempt::SignIn).await?;
    if text(&sign_in, "id").is_none() {
        return Err(ClerkApiError {
            code: Some(NO_SIGN_IN.to_owned()),
            ..ClerkApiError::without_code("This sign-in is over: start again.")
        });
    }
    let params = js_object(&[
        ("strategy", JsValue::from_str(EMAIL_CODE)),
        ("code", JsValue::from_str(code)),
    ]);
    Ok(attempt_of(
        &sign_in_step(&sign_in, "attemptFirstFactor", &params).await?,
    ))
}

/// clerk-js's strategy name for a code sent by email.
const EMAIL_CODE: &str = "email_code";

/// The address of the `email_code` factor Clerk offers: the one the user typed (an account
/// may have several), else the primary one, else the first (as Clerk's `<SignIn/>` picks).
fn email_code_address(sign_in: &JsValue, identifier: &str) -> Option<String> {
    let factors: Vec<JsValue> = field(sign_in, "supportedFirstFactors")
        .dyn_into::<Array>()
        .ok()?
        .iter()
        .filter(|factor| text(factor, "strategy").as_deref() == Some(EMAIL_CODE))
        .collect();
    let typed = |factor: &&JsValue| {
        text(factor, "safeIdentifier").is_some_and(|s| s.eq_ignore_ascii_case(identifier.trim()))
    };
    let primary = |factor: &&JsValue| field(factor, "primary").as_bool() == Some(true);
    let factor = factors
        .iter()
        .find(typed)
        .or_else(|| factors.iter().find(primary))
        .or_else(|| factors.first())?;
    text(factor, "emailAddressId")
}

/// `sign_in[method](params)`, as the sign-in it answers.
async fn sign_in_step(
    sign_in: &JsValue,
    method: &str,
    params: &JsValue,
) -> Result<JsValue, ClerkApiError> {
    step_answered(sign_in, method, params, "firstFactorVerification").await
}

/// `resource[method](params)` on a sign-in or sign-up, as the resource it answers.
///
/// When clerk-js takes the browser for offline (`navigator.onLine` false, an automated or
/// in-app browser), it resolves a request that failed as if Clerk had answered, with the
/// resource untouched. Each answer of Clerk's gives `verification` (a field clerk-js makes
/// anew from every answer) a new object: the same one means nothing reached Clerk.
pub(super) async fn step_answered(
    resource: &JsValue,
    method: &str,
    params: &JsValue,
    verification: &str,
) -> Result<JsValue, ClerkApiError> {
    let before = field(resource, verification);
    let answered = outcome(call(resource, method, params))
        .await
        .map_err(refusal)?;
    if Object::is(&field(&answered, verification), &before) {
        return Err(not_sent());
    }
    Ok(answered)
}

/// A request that did not reach Clerk.
pub(super) fn not_sent() -> ClerkApiError {
    ClerkApiError {
        code: Some(NETWORK_ERROR.to_owned()),
        ..ClerkApiError::without_code("Clerk could not be reached: nothing was sent.")
    }
}

/// A clerk-js `SignIn` resource as the SDK's attempt.
fn attempt_of(sign_in: &JsValue) -> SignInAttempt {
    SignInAttempt {
        status: SignInStatus::parse(&text(sign_in, "status").unwrap_or_default()),
        created_session_id: text(sign_in, "createdSessionId"),
    }
}

/// `Clerk.client[attempt].authenticateWithRedirect({ strategy, redirectUrl, redirectUrlComplete })`
/// on the client's `signIn` or `signUp`: clerk-js starts the attempt and sends the browser to
/// the provider (a full page load).
pub(crate) async fn authenticate_with_redirect(
    attempt: Attempt,
    strategy: &str,
    redirect_url: &str,
    redirect_url_complete: &str,
) -> Result<(), ClerkApiError> {
    let resource = current(attempt).await?;
    let params = js_object(&[
        ("strategy", JsValue::from_str(strategy)),
        ("redirectUrl", JsValue::from_str(redirect_url)),
        (
            "redirectUrlComplete",
            JsValue::from_str(redirect_url_complete),
        ),
    ]);
    outcome(call(&resource, "authenticateWithRedirect", &params))
        .await
        .map(drop)
        .map_err(refusal)
}

/// `Clerk.handleRedirectCallback(params)` once clerk-js has loaded: it reads the client's
/// sign-in and sign-up as the provider left them and finishes them (a transfer from one to the
/// other included), then navigates through the app's router.
pub(crate) async fn handle_redirect_callback(
    params: &serde_json::Value,
) -> Result<(), ClerkApiError> {
    let clerk = loaded().await?;
    outcome(clerk.handle_redirect_callback(&super::json::to_js(params)))
        .await
        .map(drop)
        .map_err(refusal)
}

/// `Clerk.setActive({ session, redirectUrl })`: clerk-js navigates through the router it was
/// given (the app's).
pub(crate) async fn activate_session(
    session_id: &str,
    redirect_url: Option<&str>,
) -> Result<(), ClerkApiError> {
    let clerk = loaded().await?;
    let mut params = vec![("session", JsValue::from_str(session_id))];
    if let Some(url) = redirect_url {
        params.push(("redirectUrl", JsValue::from_str(url)));
    }
    outcome(clerk.set_active(&js_object(&params)))
        .await
        .map(drop)
        .map_err(refusal)
}

/// `Clerk.setActive({ organization })` (`None`: the personal account), awaited: it resolves once
/// clerk-js holds a session token for the organization, so the next request carries it.
pub(crate) async fn activate_organization(organization: Option<&str>) -> Result<(), ClerkApiError> {
    // `""` is the personal account, as for tokens (clerk-js would take it for a slug).
    let organization = organization.filter(|org| !org.is_empty());
    let clerk = loaded().await?;
    let org = organization.map_or(JsValue::NULL, JsValue::from_str);
    outcome(clerk.set_active(&js_object(&[("organization", org)])))
        .await
        .map_err(refusal)?;
    // clerk-js resolves without switching when the instance requires an organization and none
    // (the personal account) was asked for: say so rather than report a switch that did not
    // happen.
    let active = field(&JsValue::from(clerk), "organization");
    let switched = match organization {
        None => active.is_null() || active.is_undefined(),
        Some(wanted) => ["id", "slug"]
            .iter()
            .any(|key| field(&active, key).as_string().as_deref() == Some(wanted)),
    };
    if !switched {
        return Err(ClerkApiError::without_code(match organization {
            None => "this instance requires an organization: the personal account cannot be active",
            Some(_) => "clerk-js did not make the organization active",
        }));
    }
    // clerk-js resolves even when it could not get the new organization's token (offline): the
    // promise is that the next request carries it, so get it (cached when clerk-js has it).
    super::token::session_token(&crate::GetTokenOptions::default())
        .await
        .map(drop)
        .map_err(|error| ClerkApiError::without_code(error.to_string()))
}

/// The client's sign-in or sign-up as clerk-js holds it now, once it has loaded.
pub(super) async fn current(attempt: Attempt) -> Result<JsValue, ClerkApiError> {
    Ok(field(&loaded().await?.client(), attempt.field()))
}

pub(super) async fn loaded() -> Result<ClerkJs, ClerkApiError> {
    loaded_clerk()
        .await
        .ok_or_else(|| ClerkApiError::without_code("clerk-js did not load"))
}

/// `object[method](argument)`, a promise.
pub(super) fn call(object: &JsValue, method: &str, argument: &JsValue) -> Result<Promise, JsValue> {
    field(object, method)
        .dyn_into::<Function>()?
        .call1(object, argument)?
        .dyn_into::<Promise>()
}

/// What Clerk said: a `ClerkAPIResponseError`'s `errors`, the first one with the others in
/// `more`; any other failure by its message, and its `code` where it has one (clerk-js's
/// `ClerkRuntimeError`, e.g. `captcha_unavailable` when the bot protection's script could not
/// load). A failed `fetch`, which clerk-js throws as a plain `Error("ClerkJS: Network error at
/// …")`, is `network_error`.
pub(super) fn refusal(error: JsValue) -> ClerkApiError {
    let mut entries = field(&error, "errors")
        .dyn_into::<Array>()
        .map(|errors| errors.iter().filter(JsValue::is_object).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|entry| ClerkApiError {
            code: text(&entry, "code"),
            message: text(&entry, "longMessage")
                .or_else(|| text(&entry, "message"))
                .unwrap_or_else(|| describe(error.clone())),
            param: text(&field(&entry, "meta"), "paramName"),
            more: Vec::new(),
        });
    let Some(first) = entries.next() else {
        let message = describe(error.clone());
        let code = text(&error, "code").or_else(|| {
            message
                .contains("Network error at")
                .then(|| NETWORK_ERROR.to_owned())
        });
        return ClerkApiError {
            code,
            ..ClerkApiError::without_code(message)
        };
    };
    ClerkApiError {
        more: entries.collect(),
        ..first
    }
}
