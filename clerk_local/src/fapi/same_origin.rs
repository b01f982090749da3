//! CSRF: a page of another origin (another local server on another port, or a cross-site form)
//! must not change anything through the browser's cookies: sign the user out, delete the
//! account, or sign the victim in as the attacker. Browsers send `Origin` on every cross-origin
//! POST; when it is absent (an older browser) the `Referer` is checked instead. A request with
//! neither is not a browser's cross-origin request (curl, a server), and is let through.

use http::header::{ORIGIN, REFERER};
use http::request::Parts;
use http::Method;
use url::Url;

use crate::origins::{request_authority, Origins};
use crate::reply::ApiError;

/// Refuses a state-changing request (any method but GET, HEAD and OPTIONS, before the `_method`
/// override, which only POST can carry) whose `Origin` or `Referer` is not the instance's.
pub(super) fn check(origins: &Origins, parts: &Parts) -> Result<(), ApiError> {
    if matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let header = |name| parts.headers.get(name).map(|v| v.to_str().unwrap_or(""));
    let Some(source) = header(ORIGIN).or_else(|| header(REFERER)) else {
        return Ok(());
    };
    // `Origin: null` (a sandboxed frame, a `data:` page) is nobody's origin.
    let own =
        Url::parse(source).is_ok_and(|url| origins.is_own_url(&url, request_authority(parts)));
    if own {
        Ok(())
    } else {
        Err(ApiError::origin_invalid())
    }
}
