//! The real `@clerk/clerk-js` and `@clerk/ui` bundles, served from the npm package folders at
//! the URLs Clerk's SDKs use with a proxy: `/__clerk/npm/@clerk/<package>@<version>/dist/<file>`.
//! The whole `dist/` folder is served: lazy chunks load relative to the bundle's URL.

use std::path::Path;

use axum::body::Body;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use http::header::CACHE_CONTROL;
use http::request::Parts;
use http::{HeaderValue, StatusCode, Uri};
use percent_encoding::percent_decode_str;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::constants::{
    CLERK_JS_PACKAGE, CLERK_JS_PACKAGE_JSON, CLERK_UI_BUNDLE, CLERK_UI_PACKAGE,
};

/// A version's files never change; an hour keeps reloads fast without pinning stale files long.
const CACHE_CONTROL_VALUE: &str = "public, max-age=3600";

/// Serves `<file>` for `package` (`clerk-js@6.40.0`, `ui@1`, ...); any version maps to the one
/// installed copy.
pub(crate) async fn serve(bundles_dir: &Path, package: &str, parts: Parts) -> Response {
    let package = percent_decode_str(package).decode_utf8_lossy();
    let name = package.split_once('@').map_or(&*package, |(name, _)| name);
    if name != CLERK_JS_PACKAGE && name != CLERK_UI_PACKAGE {
        return StatusCode::NOT_FOUND.into_response();
    }
    // ServeDir decodes the path itself and refuses `..`, however it is encoded.
    let Some(file) = parts.uri.path().split_once("/dist/").map(|(_, f)| f) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(uri) = format!("/{file}").parse::<Uri>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut request = Request::from_parts(parts, Body::empty());
    *request.uri_mut() = uri;

    let dist = bundles_dir.join(name).join("dist");
    let service = ServeDir::new(dist).append_index_html_on_directories(false);
    let Ok(response) = service.oneshot(request).await;
    let mut response = response.map(Body::new);
    if response.status().is_success() {
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(CACHE_CONTROL_VALUE));
    }
    response
}

/// Whether `@clerk/ui` is installed beside clerk-js (clerk-js 5 has its UI built in).
pub(crate) fn has_ui(bundles_dir: &Path) -> bool {
    bundles_dir.join(CLERK_UI_BUNDLE).is_file()
}

/// The major version of the installed `@clerk/clerk-js`, from its `package.json`.
pub(crate) fn clerk_js_major(bundles_dir: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(bundles_dir.join(CLERK_JS_PACKAGE_JSON)).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["version"].as_str()?.split('.').next()?.parse().ok()
}
