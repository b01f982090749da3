//! Reading what `ClerkLayer` attached to the request: as an axum extractor, in a server
//! function (`get_auth()`), or while rendering on the server (`*_from_context()`).

use std::fmt;
use std::sync::Arc;

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::response::{IntoResponse, Response};
use http::request::Parts;
use http::StatusCode;
use leptos::prelude::{use_context, with_context, ServerFnError, ServerFnErrorErr};

use super::auth::{Auth, AuthReason, SessionUser, SignedInAuth};
use super::backend::User;
use super::clerk::Clerk;

/// The rejection when a handler asks for [`Auth`] but `ClerkLayer` is not on the router: a
/// setup mistake, so a 500 whose message names the fix.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct MissingClerkLayer;

const MISSING_LAYER: &str =
    "Clerk auth not found on this request: add `ClerkLayer` to the router (see README, Setup)";

impl fmt::Display for MissingClerkLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MISSING_LAYER)
    }
}

// `leptos_axum::extract` shows the rejection's `Debug`, so it reads the same as `Display`.
impl fmt::Debug for MissingClerkLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MISSING_LAYER)
    }
}

impl std::error::Error for MissingClerkLayer {}

impl IntoResponse for MissingClerkLayer {
    fn into_response(self) -> Response {
        tracing::error!("leptos_clerk: {MISSING_LAYER}");
        (StatusCode::INTERNAL_SERVER_ERROR, MISSING_LAYER).into_response()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = MissingClerkLayer;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Auth>()
            .cloned()
            .ok_or(MissingClerkLayer)
    }
}

/// A handler that takes [`SignedInAuth`] runs for signed-in requests only: a signed-out one is
/// answered `401` with `WWW-Authenticate: Bearer` and JSON naming why, as an API answers (never
/// a redirect: pages redirect with `require_user()` or `<RedirectToSignIn/>`).
///
/// ```no_run
/// use leptos_clerk::server::SignedInAuth;
///
/// async fn me(auth: SignedInAuth) -> String {
///     format!("you are {}", auth.user_id())
/// }
/// ```
impl<S: Send + Sync> FromRequestParts<S> for SignedInAuth {
    type Rejection = SignedInRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Auth>() {
            Some(Auth::SignedIn(auth)) => Ok(auth.clone()),
            Some(Auth::SignedOut(signed_out)) => Err(SignedInRejection::SignedOut(
                signed_out.reason().map(AuthReason::as_str),
            )),
            None => Err(SignedInRejection::MissingLayer(MissingClerkLayer)),
        }
    }
}

/// What a handler taking [`SignedInAuth`] answers instead of running.
#[derive(Debug)]
pub enum SignedInRejection {
    /// Signed out, and why (`None` for a pending session): `401` with
    /// `{"error": "signed_out", "token_type": "session_token", "reason": …, "message": …}`: the
    /// fields of a machine token's refusal too, so that a client reads both alike.
    SignedOut(Option<&'static str>),
    /// No `ClerkLayer` on the router: `500`, naming the fix.
    MissingLayer(MissingClerkLayer),
}

impl fmt::Display for SignedInRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SignedOut(Some(reason)) => write!(f, "signed out ({reason})"),
            Self::SignedOut(None) => f.write_str("signed out (a pending session)"),
            Self::MissingLayer(missing) => fmt::Display::fmt(missing, f),
        }
    }
}

impl std::error::Error for SignedInRejection {}

impl IntoResponse for SignedInRejection {
    fn into_response(self) -> Response {
        let reason = match self {
            Self::MissingLayer(missing) => return missing.into_response(),
            Self::SignedOut(reason) => reason,
        };
        let body = serde_json::json!({
            "error": "signed_out",
            "token_type": "session_token",
            "reason": reason,
            "message": "sign in, or send a session token as Authorization: Bearer",
        });
        let headers = [
            (http::header::WWW_AUTHENTICATE, "Bearer"),
            (http::header::CONTENT_TYPE, "application/json"),
            (http::header::CACHE_CONTROL, "no-store"),
        ];
        (StatusCode::UNAUTHORIZED, headers, body.to_string()).into_response()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Clerk {
    type Rejection = MissingClerkLayer;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Clerk>()
            .cloned()
            .ok_or(MissingClerkLayer)
    }
}

/// `Option<SessionUser>`: present for signed-in page loads when `load_user` is on.
impl<S: Send + Sync> OptionalFromRequestParts<S> for SessionUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<SessionUser>().cloned())
    }
}

/// The request's [`Auth`], in a server function or a Resource running on the server.
///
/// It reads what `ClerkLayer` computed (no second verification), via `leptos_axum::extract`.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::server::get_auth;
/// use leptos_clerk::Check;
///
/// #[server]
/// pub async fn delete_team() -> Result<(), ServerFnError> {
///     let auth = get_auth().await?;
///     if !auth.has(&Check::permission("teams:manage")) {
///         return Err(ServerFnError::new("not allowed"));
///     }
///     Ok(())
/// }
/// ```
pub async fn get_auth() -> Result<Auth, ServerFnError> {
    extract_in_server_fn().await
}

/// `leptos_axum::extract`, with the extractor's rejection as the server function's error.
pub(crate) async fn extract_in_server_fn<T>() -> Result<T, ServerFnError>
where
    T: FromRequestParts<()>,
    T::Rejection: fmt::Debug,
{
    leptos_axum::extract::<T>()
        .await
        .map_err(|error| match error {
            ServerFnErrorErr::ServerError(message) => ServerFnError::ServerError(message),
            other => ServerFnError::new(other),
        })
}

/// Reads the request `leptos_axum` put in context, without cloning it.
fn with_parts<R>(read: impl FnOnce(&Parts) -> Option<R>) -> Option<R> {
    with_context::<Parts, _>(read).flatten()
}

/// The request's [`Auth`] while rendering on the server (synchronous; `None` outside a request
/// or without `ClerkLayer`). In the browser, use `use_auth()` instead.
#[must_use]
pub fn auth_from_context() -> Option<Auth> {
    with_parts(|parts| parts.extensions.get::<Auth>().cloned())
}

/// The signed-in user `ClerkLayer` loaded for this page (with `load_user` on), while rendering
/// on the server.
#[must_use]
pub fn session_user_from_context() -> Option<Arc<User>> {
    with_parts(|parts| {
        parts
            .extensions
            .get::<SessionUser>()
            .map(|user| Arc::clone(&user.0))
    })
}

/// The [`Clerk`] handle `ClerkLayer` attached to this request, or one provided as context.
#[must_use]
pub fn clerk_from_context() -> Option<Clerk> {
    with_parts(|parts| parts.extensions.get::<Clerk>().cloned()).or_else(use_context::<Clerk>)
}

/// Whether a real request is being rendered. `leptos_axum` also renders the app once at start-up,
/// with an empty mock request, to list its routes; there is no `ClerkLayer` then, and nothing
/// wrong with that.
pub(crate) fn rendering_a_request() -> bool {
    use_context::<leptos_router::location::RequestUrl>().is_none_or(|url| !url.as_ref().is_empty())
}
