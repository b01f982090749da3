//! Sign-in URLs carrying a validated return address, on both sides.

use leptos::prelude::*;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::constants::{CLERK_SYNCED_PARAM, DEV_BROWSER_PARAM};

/// What stays literal in a query value: unreserved characters (RFC 3986).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `sign_in_url?redirect_url=<return_to>`, percent-encoded.
///
/// `return_to` must be a same-origin path (`/dashboard?tab=1`); anything else — another origin,
/// a scheme, `//host`, `/\host`, control characters — is replaced by `/`, so a crafted link can
/// never make the sign-in page send the user elsewhere.
#[must_use]
pub fn sign_in_url_with_redirect(sign_in_url: &str, return_to: &str) -> String {
    with_redirect_url(sign_in_url, same_origin_or_root(return_to))
}

/// `return_to` when it is a path on this site, else `/`.
fn same_origin_or_root(return_to: &str) -> &str {
    if is_same_origin_path(return_to) {
        return_to
    } else {
        "/"
    }
}

/// `page` with `redirect_url=<back>` added to its query, percent-encoded.
fn with_redirect_url(page: &str, back: &str) -> String {
    let separator = if page.contains('?') { '&' } else { '?' };
    format!(
        "{page}{separator}redirect_url={}",
        utf8_percent_encode(back, QUERY_VALUE)
    )
}

/// The way back from a sign-in page, for [`sign_in_target`].
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), allow(dead_code))]
pub(crate) struct WayBack<'a> {
    /// This site's origin as the browser sees it (`https://app.example.com`).
    pub app_origin: &'a str,
    /// Where to come back to: a path on this site (anything else becomes `/`).
    pub return_to: &'a str,
    /// This app is a satellite: coming back, it must sync with the primary domain.
    pub is_satellite: bool,
    /// A development instance's dev browser, which must travel to another origin.
    pub dev_browser: Option<&'a str>,
}

/// The sign-in (or sign-up) page `page` with its way back, as Clerk's `createRedirect` builds it.
///
/// On this site, `redirect_url` is the path (see [`sign_in_url_with_redirect`]). On another
/// origin (a satellite's primary domain, Clerk's Account Portal) a path would resolve there, so
/// it is this site's full URL; a satellite's is marked `__clerk_synced=false` (it syncs when it
/// comes back), and a development instance's dev browser goes along as `__clerk_db_jwt`.
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), allow(dead_code))]
pub(crate) fn sign_in_target(page: &str, way_back: &WayBack<'_>) -> String {
    if !is_on_another_origin(page, way_back.app_origin) {
        return sign_in_url_with_redirect(page, way_back.return_to);
    }
    let path = same_origin_or_root(way_back.return_to);
    let mut back = format!("{}{path}", way_back.app_origin);
    if way_back.is_satellite {
        back = with_query_param(&back, CLERK_SYNCED_PARAM, "false");
    }
    let mut target = with_redirect_url(page, &back);
    if let Some(token) = way_back.dev_browser {
        target.push('&');
        target.push_str(DEV_BROWSER_PARAM);
        target.push('=');
        target.extend(utf8_percent_encode(token, QUERY_VALUE));
    }
    target
}

/// Where a signed-out visitor goes: `page`, or for a pending session (a task left to finish,
/// such as choosing an organization) its tasks below it, where `@clerk/backend` sends it and
/// Clerk's `<SignIn/>` shows them.
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), allow(dead_code))]
pub(crate) fn page_for_session(page: &str, pending: bool) -> std::borrow::Cow<'_, str> {
    if pending {
        tasks_page(page).into()
    } else {
        page.into()
    }
}

/// The session-tasks page below a sign-in (or sign-up) page: `<page>/tasks`, before any query.
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), allow(dead_code))]
pub(crate) fn tasks_page(page: &str) -> String {
    match page.split_once('?') {
        Some((path, query)) => format!("{}/tasks?{query}", path.trim_end_matches('/')),
        None => format!("{}/tasks", page.trim_end_matches('/')),
    }
}

/// Whether `url` is an absolute `http://` or `https://` URL (a full page load, not a path).
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), allow(dead_code))]
pub(crate) fn is_absolute_http(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// Whether `page` is an absolute `http(s)` URL whose host and port are not `app_origin`'s (as
/// Clerk compares them).
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), allow(dead_code))]
pub(crate) fn is_on_another_origin(page: &str, app_origin: &str) -> bool {
    /// The authority, without the scheme's default port (`:443` is `https`'s own origin).
    fn host_and_port(url: &str) -> Option<&str> {
        let (scheme, rest) = url.split_once("://")?;
        let default_port = if scheme.eq_ignore_ascii_case("https") {
            ":443"
        } else if scheme.eq_ignore_ascii_case("http") {
            ":80"
        } else {
            return None;
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        Some(authority.strip_suffix(default_port).unwrap_or(authority))
    }
    match (host_and_port(page), host_and_port(app_origin)) {
        (Some(page), Some(app)) => !page.eq_ignore_ascii_case(app),
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// `url` with the query parameter `name` set to `value` (replacing any there).
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), allow(dead_code))]
fn with_query_param(url: &str, name: &str, value: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut out = String::with_capacity(url.len() + name.len() + value.len() + 2);
    out.push_str(base);
    let mut separator = '?';
    for pair in query.split('&') {
        if pair.is_empty() || pair.split('=').next() == Some(name) {
            continue;
        }
        out.push(separator);
        out.push_str(pair);
        separator = '&';
    }
    out.push(separator);
    out.push_str(name);
    out.push('=');
    out.push_str(value);
    out
}

/// Whether `path` is a path on this origin (and not a protocol-relative or backslash URL that
/// browsers would resolve to another host).
#[must_use]
pub(crate) fn is_same_origin_path(path: &str) -> bool {
    let mut chars = path.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !path.chars().any(|c| c.is_control())
}

/// The sign-in URL that comes back to the current route, e.g.
/// `/sign-in?redirect_url=%2Fdashboard`: for a link, or leptos_router's `ProtectedRoute`
/// `redirect_path`. Call it inside `<Router>`.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::sign_in_redirect_path;
///
/// #[component]
/// fn SignInLink() -> impl IntoView {
///     view! { <a href=sign_in_redirect_path()>"Sign in"</a> }
/// }
/// ```
#[must_use]
pub fn sign_in_redirect_path() -> String {
    let sign_in_url = crate::try_use_clerk_context()
        .map(|ctx| ctx.options().sign_in_url)
        .unwrap_or_else(|| crate::ClerkOptions::default().sign_in_url);
    redirect_path_to(&sign_in_url)
}

/// `page?redirect_url=<the current route>`.
pub(crate) fn redirect_path_to(page: &str) -> String {
    let location = leptos_router::hooks::use_location();
    let search = location.search.get_untracked();
    let separator = if search.is_empty() || search.starts_with('?') {
        ""
    } else {
        "?"
    };
    let here = format!("{}{separator}{search}", location.pathname.get_untracked());
    #[cfg(feature = "ssr")]
    {
        crate::server::sign_in_target_here(page, &here)
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use crate::AuthSnapshot;

        let app_origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        let ctx = crate::try_use_clerk_context();
        let is_satellite = ctx.is_some_and(|c| c.options().is_satellite);
        // As on the server: a pending session goes to its tasks, below the page.
        let pending = ctx.is_some_and(|c| c.auth.with_untracked(AuthSnapshot::is_pending));
        let page = page_for_session(page, pending);
        let page = page.as_ref();
        // clerk-js keeps a development instance's dev browser itself; the server sends it along.
        let way_back = WayBack {
            app_origin: &app_origin,
            return_to: &here,
            is_satellite,
            dev_browser: None,
        };
        sign_in_target(page, &way_back)
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        sign_in_url_with_redirect(page, &here)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_a_same_origin_path() {
        assert_eq!(
            sign_in_url_with_redirect("/sign-in", "/dashboard?tab=a b"),
            "/sign-in?redirect_url=%2Fdashboard%3Ftab%3Da%20b"
        );
    }

    #[test]
    fn replaces_other_origins_with_root() {
        for evil in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "dashboard",
            "",
            "/ok\nSet-Cookie: x",
        ] {
            assert_eq!(
                sign_in_url_with_redirect("/sign-in", evil),
                "/sign-in?redirect_url=%2F",
                "{evil:?}"
            );
        }
    }

    fn way_back<'a>(return_to: &'a str) -> WayBack<'a> {
        WayBack {
            app_origin: "https://app.example.com",
            return_to,
            is_satellite: false,
            dev_browser: None,
        }
    }

    /// The expected URLs are what `@clerk/backend`'s `createRedirect` (`redirectToSignIn`)
    /// gives for the same settings, with `URLSearchParams`'s encoding (`+`, `%2F`) read back as
    /// the same values.
    #[test]
    fn another_origin_gets_the_full_way_back() {
        let portal = "https://accounts.example.com/sign-in";
        assert_eq!(
            sign_in_target(portal, &way_back("/dashboard?tab=1")),
            "https://accounts.example.com/sign-in?redirect_url=\
             https%3A%2F%2Fapp.example.com%2Fdashboard%3Ftab%3D1"
        );
        let satellite = WayBack {
            is_satellite: true,
            dev_browser: Some("dvb.jwt"),
            ..way_back("/a?__clerk_synced=true&b=2")
        };
        assert_eq!(
            sign_in_target(portal, &satellite),
            "https://accounts.example.com/sign-in?redirect_url=\
             https%3A%2F%2Fapp.example.com%2Fa%3Fb%3D2%26__clerk_synced%3Dfalse\
             &__clerk_db_jwt=dvb.jwt"
        );
        // A crafted way back still cannot leave the site.
        assert_eq!(
            sign_in_target(portal, &way_back("//evil.example/x")),
            "https://accounts.example.com/sign-in?redirect_url=https%3A%2F%2Fapp.example.com%2F"
        );
    }

    #[test]
    fn this_origin_keeps_the_path() {
        for page in [
            "/sign-in",
            "https://app.example.com/sign-in",
            "HTTPS://APP.example.com/sign-in",
        ] {
            let expected = format!("{page}?redirect_url=%2Fdashboard");
            let dev = WayBack {
                is_satellite: true,
                dev_browser: Some("dvb"),
                ..way_back("/dashboard")
            };
            assert_eq!(sign_in_target(page, &dev), expected);
        }
        assert!(is_on_another_origin(
            "https://app.example.com:8443/x",
            "https://app.example.com"
        ));
        assert!(!is_on_another_origin("/sign-in", "https://app.example.com"));
        // A scheme's default port written out is the same origin, as Clerk compares them.
        assert!(!is_on_another_origin(
            "https://app.example.com:443/sign-in",
            "https://app.example.com"
        ));
        assert!(!is_on_another_origin(
            "http://localhost/sign-in",
            "http://localhost:80"
        ));
        assert!(is_on_another_origin(
            "http://app.example.com:443/sign-in",
            "http://app.example.com"
        ));
        assert!(!is_on_another_origin(
            "javascript://x",
            "https://app.example.com"
        ));
    }

    #[test]
    fn appends_to_an_existing_query() {
        assert_eq!(
            sign_in_url_with_redirect("/sign-in?x=1", "/a"),
            "/sign-in?x=1&redirect_url=%2Fa"
        );
    }
}
