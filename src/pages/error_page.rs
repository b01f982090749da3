//! What the app shell's `ErrorBoundary` shows when a page fails: a Resource or server function
//! returned an error. A server render answers it with status 500 (a page that is redirecting,
//! e.g. to sign-in, keeps its redirect, and one whose server function chose a 4xx keeps it).

use leptos::prelude::*;

#[component]
pub fn ErrorPage(errors: ArcRwSignal<Errors>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_server_error_status();
    let messages = move || {
        errors
            .get()
            .into_iter()
            .map(|(_, error)| view! { <li>{error.to_string()}</li> })
            .collect_view()
    };
    view! {
        <div id="error-page">
            <h1>"Something went wrong"</h1>
            <ul class="error">{messages}</ul>
            <p><a href="/">"Back to the home page"</a></p>
        </div>
    }
}

/// 500, unless the page already answers with a redirect (the error is then "signed out") or
/// with a client error its server function chose (a bad `?before=` cursor is 422).
#[cfg(feature = "ssr")]
fn set_server_error_status() {
    use axum::http::StatusCode;
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let chosen = response.0.read().is_ok_and(|parts| {
            parts
                .status
                .is_some_and(|status| status.is_redirection() || status.is_client_error())
        });
        if !chosen {
            response.set_status(StatusCode::INTERNAL_SERVER_ERROR);
        }
    }
}
