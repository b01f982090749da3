//! The real `@clerk/clerk-js` and `@clerk/ui` bundles, served from the npm package folders at
//! the URLs Clerk's SDKs use with a proxy: `/__clerk/npm/@clerk/<package>@<version>/dist/<file>`.
//! The whole `dist/` folder is served: lazy chunks load relative to the bundle's URL.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex, PoisonError};
use std::time::SystemTime;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_TYPE, VARY};
use http::request::Parts;
use http::{HeaderValue, StatusCode, Uri};
use percent_encoding::percent_decode_str;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::constants::{CLERK_JS_PACKAGE, CLERK_UI_BUNDLE, CLERK_UI_PACKAGE};

/// The URL names the exact version installed: its files never change under that name.
const CACHE_FOR_GOOD: &str = "public, max-age=31536000, immutable";
/// The URL names another version (`ui@1`), which maps to the installed copy until that is
/// upgraded: an hour keeps reloads fast without pinning stale files long.
const CACHE_FOR_AN_HOUR: &str = "public, max-age=3600";
const JAVASCRIPT: &str = "text/javascript; charset=utf-8";

/// Serves `<file>` for `package` (`clerk-js@6.40.0`, `ui@1`, ...); any version maps to the one
/// installed copy.
pub(crate) async fn serve(bundles_dir: &Path, package: &str, parts: Parts) -> Response {
    let package = percent_decode_str(package).decode_utf8_lossy();
    let (name, version) = package.split_once('@').unwrap_or((&*package, ""));
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
    let dist = bundles_dir.join(name).join("dist");
    let exact = installed_version(bundles_dir, name).is_some_and(|v| v == version);
    if let Some(bundle) = with_local_images(&dist, file).await {
        return (
            [
                (CONTENT_TYPE, JAVASCRIPT),
                (CACHE_CONTROL, cache_policy(exact)),
            ],
            bundle,
        )
            .into_response();
    }
    let mut request = Request::from_parts(parts, Body::empty());
    *request.uri_mut() = uri;

    // `.br`/`.gz` twins are written by scripts/setup (scripts/precompress.mjs).
    let service = ServeDir::new(dist)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip();
    let Ok(response) = service.oneshot(request).await;
    let mut response = response.map(Body::new);
    if response.status().is_success() {
        let headers = response.headers_mut();
        headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache_policy(exact)));
        // ServeDir picks the twin by Accept-Encoding but does not say so.
        headers.append(VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

fn cache_policy(exact_version: bool) -> &'static str {
    if exact_version {
        CACHE_FOR_GOOD
    } else {
        CACHE_FOR_AN_HOUR
    }
}

/// A script of the bundle that draws images from Clerk's image host, with the host replaced
/// by the instance's (served without the `.br`/`.gz` twins, which still name Clerk's host; the
/// app's compression layer compresses it). Only plain relative paths are read here; anything
/// else is left to `ServeDir`'s checks.
async fn with_local_images(dist: &Path, file: &str) -> Option<Bytes> {
    let plain = file.ends_with(".js")
        && file.split('/').all(|segment| {
            !segment.is_empty()
                && !segment.starts_with('.')
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        });
    if !plain {
        return None;
    }
    let path = dist.join(file);
    let modified = tokio::fs::metadata(&path).await.ok()?.modified().ok()?;
    if let Some((at, bundle)) = rewritten().get(&path) {
        if *at == modified {
            return bundle.clone();
        }
    }
    let text = tokio::fs::read_to_string(&path).await.ok()?;
    let bundle = crate::oauth::rewrite_image_host(&text).map(Bytes::from);
    rewritten().insert(path, (modified, bundle.clone()));
    bundle
}

/// Each script read once per version of the file (a reinstall changes its modification time):
/// the rewritten text of the few that name Clerk's image host, `None` for the rest, so that
/// serving a bundle does not read and search a megabyte of script on every request. Keyed by
/// full path, so instances with other bundle folders (tests, clerk-js 5) share it safely; as
/// many entries as the folders have scripts.
type Rewritten = HashMap<PathBuf, (SystemTime, Option<Bytes>)>;

fn rewritten() -> std::sync::MutexGuard<'static, Rewritten> {
    static REWRITTEN: LazyLock<Mutex<Rewritten>> = LazyLock::new(Mutex::default);
    REWRITTEN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The `version` of an installed package, from its `package.json`.
fn installed_version(bundles_dir: &Path, name: &str) -> Option<String> {
    let text = std::fs::read_to_string(bundles_dir.join(name).join("package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["version"].as_str().map(str::to_owned)
}

/// Whether `@clerk/ui` is installed beside clerk-js (clerk-js 5 has its UI built in).
pub(crate) fn has_ui(bundles_dir: &Path) -> bool {
    bundles_dir.join(CLERK_UI_BUNDLE).is_file()
}

/// The major version of the installed `@clerk/clerk-js`.
pub(crate) fn clerk_js_major(bundles_dir: &Path) -> Option<u64> {
    installed_version(bundles_dir, CLERK_JS_PACKAGE)?
        .split('.')
        .next()?
        .parse()
        .ok()
}
