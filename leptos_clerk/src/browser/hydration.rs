//! Hydrating a page whose route lives in a lazy-loaded wasm chunk. Such a page hydrates only once
//! its chunk has arrived, while the app shell (and `<ClerkProvider>`'s Effects) already runs. Had
//! clerk-js changed the auth state in between, the late page would adopt the server's text and
//! never show the change; so clerk-js waits until the whole page is live.

use std::cell::Cell;

use leptos::prelude::*;

use super::load::poll_until;

thread_local! {
    static HYDRATING: Cell<bool> = const { Cell::new(false) };
}

/// Hydrates `<body>` with `app` as [`leptos::mount::hydrate_lazy`] does (routes with
/// lazy-loaded views need it), and resolves once the whole page is hydrated. Until then
/// `<ClerkProvider>` keeps the server's auth state.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
///
/// #[component]
/// fn App() -> impl IntoView {
///     "routes here"
/// }
///
/// #[wasm_bindgen::prelude::wasm_bindgen]
/// pub fn hydrate() {
///     wasm_bindgen_futures::spawn_local(leptos_clerk::hydrate_lazy(App));
/// }
/// ```
pub async fn hydrate_lazy<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    let Some(body) = document().body() else {
        return;
    };
    HYDRATING.set(true);
    leptos::mount::hydrate_from_async(body, app).await.forget();
    HYDRATING.set(false);
}

/// Resolves once a [`hydrate_lazy`] under way has finished (at once otherwise), or after
/// `timeout_ms`.
pub(crate) async fn until_hydrated(timeout_ms: u32) {
    poll_until(timeout_ms, || (!HYDRATING.get()).then_some(())).await;
}
