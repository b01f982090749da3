//! Sign-in URLs carrying a validated return address, on both sides.

use leptos::prelude::*;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

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
    let target = if is_same_origin_path(return_to) {
        return_to
    } else {
        "/"
    };
    let separator = if sign_in_url.contains('?') { '&' } else { '?' };
    format!(
        "{sign_in_url}{separator}redirect_url={}",
        utf8_percent_encode(target, QUERY_VALUE)
    )
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
    sign_in_url_with_redirect(page, &here)
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

    #[test]
    fn appends_to_an_existing_query() {
        assert_eq!(
            sign_in_url_with_redirect("/sign-in?x=1", "/a"),
            "/sign-in?x=1&redirect_url=%2Fa"
        );
    }
}
