//! A server-function client that authenticates with a fresh session token.
//!
//! The `__session` cookie lives 60 seconds and clerk-js refreshes it every ~50 s — but browsers
//! throttle timers in background tabs, so a tab left alone can call the server with an expired
//! cookie, and a server function (a POST, never eligible for Clerk's handshake) then sees a
//! signed-out request. This client asks clerk-js for a token first (`session.getToken()`
//! refreshes it when needed) and sends it as `Authorization: Bearer`, which `ClerkLayer`
//! prefers over cookies.

use std::future::Future;

use bytes::Bytes;
use futures::{Sink, Stream};
use leptos::server_fn::client::{browser::BrowserClient, Client};
use leptos::server_fn::error::FromServerFnError;
use leptos::server_fn::request::browser::BrowserRequest;
use leptos::server_fn::response::browser::BrowserResponse;
use send_wrapper::SendWrapper;

/// `#[server(client = leptos_clerk::AuthClient)]`: calls carry `Authorization: Bearer <token>`.
///
/// Before clerk-js has loaded (e.g. a Resource fetched during hydration) the call goes out as
/// usual, authenticated by the cookie; it never waits for clerk-js.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
///
/// #[server(client = leptos_clerk::AuthClient)]
/// pub async fn whoami() -> Result<Option<String>, ServerFnError> {
///     Ok(leptos_clerk::server::get_auth().await?.user_id().map(str::to_owned))
/// }
/// ```
pub struct AuthClient;

impl<E, InputStreamError, OutputStreamError> Client<E, InputStreamError, OutputStreamError>
    for AuthClient
where
    E: FromServerFnError,
    InputStreamError: FromServerFnError,
    OutputStreamError: FromServerFnError,
{
    type Request = BrowserRequest;
    type Response = BrowserResponse;

    fn send(request: Self::Request) -> impl Future<Output = Result<Self::Response, E>> + Send {
        SendWrapper::new(async move {
            #[cfg(feature = "hydrate")]
            if let Some(token) =
                crate::client::session_token_if_loaded(&crate::GetTokenOptions::default()).await
            {
                request
                    .headers()
                    .set("Authorization", &format!("Bearer {token}"));
            }
            <BrowserClient as Client<E, InputStreamError, OutputStreamError>>::send(request).await
        })
    }

    #[allow(clippy::type_complexity)]
    fn open_websocket(
        path: &str,
    ) -> impl Future<
        Output = Result<
            (
                impl Stream<Item = Result<Bytes, Bytes>> + Send + 'static,
                impl Sink<Bytes> + Send + 'static,
            ),
            E,
        >,
    > + Send {
        <BrowserClient as Client<E, InputStreamError, OutputStreamError>>::open_websocket(path)
    }

    fn spawn(future: impl Future<Output = ()> + Send + 'static) {
        <BrowserClient as Client<E, InputStreamError, OutputStreamError>>::spawn(future);
    }
}
