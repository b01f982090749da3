//! Sending a signed-out visitor to sign-in and back, with the way back checked to be on this
//! site (an open redirect would let a crafted link bounce users to another site).

use http::header::{HOST, LINK, LOCATION, REFERER};
use http::request::Parts;
use http::{HeaderValue, StatusCode};
use leptos::prelude::{use_context, with_context};
use leptos_router::location::RequestUrl;

use super::api_keys::InstanceType;
use super::extract::clerk_from_context;
use super::request::{is_document_request, Cookies};
use crate::constants::{DEFAULT_SIGN_IN_URL, DEV_BROWSER_COOKIE, SESSION_STATUS_PENDING};
use crate::sign_in_url_with_redirect;
use crate::urls::{sign_in_target, WayBack};

/// Redirects the current request to the sign-in page, with `redirect_url` set to where the user
/// was: this page for a page load, the calling page (from `Referer`, same host only) for a
/// server-function call. Call it from a server function or a component rendered on the server.
/// For "signed in or sign in", [`Auth::require_user`](super::Auth::require_user) does this for
/// you; call it directly for other conditions.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::server::{get_auth, redirect_to_sign_in};
/// use leptos_clerk::Check;
///
/// #[server]
/// pub async fn admin_area() -> Result<String, ServerFnError> {
///     if !get_auth().await?.has(&Check::role("org:admin")) {
///         redirect_to_sign_in();
///         return Err(ServerFnError::new("admins only"));
///     }
///     Ok("welcome".into())
/// }
/// ```
pub fn redirect_to_sign_in() {
    let sign_in_url = clerk_from_context()
        .map(|clerk| clerk.config().sign_in_url.clone())
        .unwrap_or_else(|| DEFAULT_SIGN_IN_URL.to_owned());
    let return_to = with_context::<Parts, _>(|parts| {
        if rendering_page() {
            path_and_query(parts)
        } else {
            return_to(parts)
        }
    })
    .unwrap_or_else(|| "/".to_owned());
    let mut target = sign_in_target_here(&sign_in_url, &return_to);
    if HeaderValue::from_str(&target).is_err() {
        tracing::error!(
            "leptos_clerk: the sign-in URL {sign_in_url:?} cannot be a Location header; fix \
             CLERK_SIGN_IN_URL (sign_in_url in Leptos.toml)"
        );
        target = sign_in_url_with_redirect(DEFAULT_SIGN_IN_URL, &return_to);
    }
    redirect(&target);
}

/// `page` with the way back to `return_to` on this request's site (see
/// [`sign_in_target`](crate::urls::sign_in_target)): the full URL when `page` is on another
/// origin, with a development instance's dev browser from its cookie.
pub(crate) fn sign_in_target_here(page: &str, return_to: &str) -> String {
    // A pending session goes to its tasks, from a sign-in or a sign-up redirect alike.
    let pending = super::extract::auth_from_context()
        .is_some_and(|auth| auth.session_status() == Some(SESSION_STATUS_PENDING));
    let page = crate::urls::page_for_session(page, pending);
    let page = page.as_ref();
    let clerk = clerk_from_context();
    with_context::<Parts, _>(|parts| {
        let app_origin = super::authenticate::public_origin(parts);
        let dev_browser = clerk
            .as_ref()
            .filter(|clerk| {
                clerk.config().publishable_key.instance_type() == InstanceType::Development
            })
            .and_then(|clerk| {
                let cookies = Cookies::parse(&parts.headers);
                cookies
                    .get(&clerk.cookie_names().dev_browser)
                    .or_else(|| cookies.get(DEV_BROWSER_COOKIE))
                    .map(str::to_owned)
            });
        sign_in_target(
            page,
            &WayBack {
                app_origin: &app_origin,
                return_to,
                is_satellite: clerk.as_ref().is_some_and(|c| c.config().is_satellite),
                dev_browser: dev_browser.as_deref(),
            },
        )
    })
    .unwrap_or_else(|| sign_in_url_with_redirect(page, return_to))
}

/// Answers a redirect asked for on the server. For a page, whoever asked for it (a browser,
/// `fetch` with `Accept: */*`, curl, a prefetcher), a real 302, as `@clerk/remix` answers;
/// `leptos_axum::redirect` alone would answer 200 with its server-function header to anything
/// whose `Accept` lacks `text/html`. For a server-function call, `leptos_axum`'s handling: a 302
/// for a form post, its redirect header for the server-function client (which must get its
/// data back). `ClerkProvider` installs it for `ProtectedRoute` and `<Redirect>` as well.
pub(crate) fn redirect(target: &str) {
    if !rendering_page() {
        leptos_axum::redirect(target);
        return;
    }
    if let (Some(response), Ok(location)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(target),
    ) {
        response.insert_header(LOCATION, location);
        response.set_status(StatusCode::FOUND);
        // A redirect has no page: the preloads the page's render asked for (`Link`) go too.
        if let Ok(mut parts) = response.0.write() {
            parts.headers.remove(LINK);
        }
    }
}

/// Whether a page is being rendered: `leptos_axum` provides the page's `RequestUrl` then, and
/// never to a server-function call (a server function run inside a page render counts as the
/// page).
fn rendering_page() -> bool {
    use_context::<RequestUrl>().is_some_and(|url| !url.as_ref().is_empty())
}

fn path_and_query(parts: &Parts) -> String {
    parts
        .uri
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned())
}

/// Where the user should come back to after signing in.
pub(crate) fn return_to(parts: &Parts) -> String {
    if is_document_request(parts) {
        return path_and_query(parts);
    }
    referer_path(parts).unwrap_or_else(|| "/".to_owned())
}

/// The path and query of `Referer` when it names this host: the one the browser sees (behind a
/// proxy, `X-Forwarded-Host`, as for the handshake's redirect) or the one the request was sent to.
fn referer_path(parts: &Parts) -> Option<String> {
    let referer = url::Url::parse(parts.headers.get(REFERER)?.to_str().ok()?).ok()?;
    let referer_host = host_and_port(&referer)?;
    let public_host = url::Url::parse(&super::authenticate::public_origin(parts))
        .ok()
        .and_then(|public| host_and_port(&public));
    let direct_host = parts
        .headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .or_else(|| parts.uri.authority().map(|a| a.as_str().to_owned()));
    if ![public_host, direct_host]
        .iter()
        .flatten()
        .any(|host| host.eq_ignore_ascii_case(&referer_host))
    {
        return None;
    }
    let mut path = referer.path().to_owned();
    if let Some(query) = referer.query() {
        path.push('?');
        path.push_str(query);
    }
    Some(path)
}

/// `host[:port]`, as a `Host` header spells it (no port when it is the scheme's default).
fn host_and_port(url: &url::Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use http::Request;

    use super::*;

    /// The redirect a page render answers for `auth`, as `RedirectToSignIn` asks for it.
    fn page_redirect_for(auth: crate::server::Auth) -> String {
        use leptos::prelude::{provide_context, Owner};

        let mut request = parts("GET", "/dashboard", &[("accept", "text/html")]);
        request.extensions.insert(auth);
        let response = leptos_axum::ResponseOptions::default();
        Owner::new().with(|| {
            provide_context(request);
            provide_context(RequestUrl::new("/dashboard"));
            provide_context(response.clone());
            redirect_to_sign_in();
        });
        let headers = &response.0.read().unwrap().headers;
        headers[LOCATION].to_str().unwrap().to_owned()
    }

    #[test]
    fn a_signed_out_page_goes_to_sign_in_and_a_pending_session_to_its_tasks() {
        let signed_out =
            crate::server::Auth::signed_out(crate::server::AuthReason::SessionTokenAndUatMissing);
        assert_eq!(
            page_redirect_for(signed_out),
            "/sign-in?redirect_url=%2Fdashboard"
        );
        let claims = serde_json::json!({"sub": "user_1", "sid": "sess_1", "exp": 1, "v": 2, "sts": "pending"});
        let pending = crate::server::Auth::signed_in(
            crate::server::SessionClaims::from_json(claims).unwrap(),
            "token".into(),
            true,
            crate::server::ClerkClient::new("http://127.0.0.1:9", "sk_test_unused"),
        );
        assert!(!pending.is_signed_in());
        assert_eq!(
            page_redirect_for(pending),
            "/sign-in/tasks?redirect_url=%2Fdashboard"
        );
    }

    #[test]
    fn a_pending_session_goes_to_the_tasks_page_below_sign_in() {
        use crate::urls::tasks_page;
        assert_eq!(tasks_page("/sign-in"), "/sign-in/tasks");
        assert_eq!(tasks_page("/sign-in/"), "/sign-in/tasks");
        assert_eq!(
            tasks_page("https://accounts.example.com/sign-in?x=1"),
            "https://accounts.example.com/sign-in/tasks?x=1"
        );
    }

    fn parts(method: &str, uri: &str, headers: &[(&str, &str)]) -> Parts {
        let mut builder = Request::builder().method(method).uri(uri);
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(()).expect("valid request").into_parts().0
    }

    #[test]
    fn page_loads_come_back_to_the_page() {
        let p = parts("GET", "/dashboard?tab=2", &[("sec-fetch-dest", "document")]);
        assert_eq!(return_to(&p), "/dashboard?tab=2");
        assert_eq!(
            sign_in_url_with_redirect("/sign-in", &return_to(&p)),
            "/sign-in?redirect_url=%2Fdashboard%3Ftab%3D2"
        );
    }

    #[test]
    fn server_function_calls_come_back_to_the_calling_page() {
        let same = parts(
            "POST",
            "/api/load_profile",
            &[
                ("host", "localhost:3000"),
                ("referer", "http://localhost:3000/profile?x=1"),
            ],
        );
        assert_eq!(return_to(&same), "/profile?x=1");
        let other = parts(
            "POST",
            "/api/load_profile",
            &[
                ("host", "localhost:3000"),
                ("referer", "https://evil.example/profile"),
            ],
        );
        assert_eq!(return_to(&other), "/");
        assert_eq!(return_to(&parts("POST", "/api/x", &[])), "/");
    }

    /// Behind a proxy the browser's page is on the public host, which only `X-Forwarded-Host`
    /// names: the call still comes back to it (before, to `/`).
    #[test]
    fn server_function_calls_behind_a_proxy_come_back_to_the_calling_page() {
        let proxied = |referer: &str| {
            return_to(&parts(
                "POST",
                "/api/load_profile",
                &[
                    ("host", "10.0.0.5:3000"),
                    ("x-forwarded-host", "app.example.com"),
                    ("x-forwarded-proto", "https"),
                    ("referer", referer),
                ],
            ))
        };
        assert_eq!(
            proxied("https://app.example.com/profile?x=1"),
            "/profile?x=1"
        );
        assert_eq!(proxied("https://evil.example/profile"), "/");
    }

    #[test]
    fn only_same_origin_paths_are_kept() {
        for evil in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "/a\tb",
            "",
        ] {
            assert_eq!(
                sign_in_url_with_redirect("/sign-in", evil),
                "/sign-in?redirect_url=%2F",
                "{evil:?}"
            );
        }
    }
}
