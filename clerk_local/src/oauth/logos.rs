//! Provider logos, served by the instance. Clerk UI draws a known provider's logo from Clerk's
//! image host (`https://img.clerk.com/static/google.svg`, whatever `logo_url` says), which an
//! offline instance must not reach: the bundles it serves name the instance instead
//! (`rewrite_image_host`), and it answers those paths here.

use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::HeaderValue;

use crate::constants::PROXY_PATH;

/// The base of Clerk's static images in clerk-js 5 and Clerk UI (`iconImageUrl`).
const CLERK_IMAGE_HOST: &str = "https://img.clerk.com/static/";

/// A "G" in Google's colours.
const GOOGLE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><path fill="#4285F4" d="M45 24.5c0-1.6-.1-3.1-.4-4.5H24v8.5h11.8a10 10 0 0 1-4.4 6.6v5.5h7.1C42.6 36.7 45 31.1 45 24.5z"/><path fill="#34A853" d="M24 46c5.9 0 10.9-2 14.5-5.4l-7.1-5.5c-2 1.3-4.5 2.1-7.4 2.1-5.7 0-10.5-3.8-12.2-9H4.5v5.7A22 22 0 0 0 24 46z"/><path fill="#FBBC05" d="M11.8 28.2a13 13 0 0 1 0-8.4v-5.7H4.5a22 22 0 0 0 0 19.8l7.3-5.7z"/><path fill="#EA4335" d="M24 10.8c3.2 0 6.1 1.1 8.4 3.3l6.3-6.3A22 22 0 0 0 4.5 14.1l7.3 5.7c1.7-5.2 6.5-9 12.2-9z"/></svg>"##;

/// Any other image Clerk UI asks for (another provider, the avatar placeholder): a grey disc.
const PLACEHOLDER: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><circle cx="24" cy="24" r="22" fill="#c4c4cc"/></svg>"##;

/// `GET {PROXY_PATH}/local/img/{file}`.
pub(crate) fn serve(file: &str) -> Response {
    let svg = if file.strip_suffix(".svg") == Some("google") {
        GOOGLE
    } else {
        PLACEHOLDER
    };
    let mut response = svg.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

/// A bundle with Clerk's image host replaced by the instance's image path; `None` when the
/// bundle names no image.
pub(crate) fn rewrite_image_host(bundle: &str) -> Option<String> {
    bundle.contains(CLERK_IMAGE_HOST).then(|| {
        bundle.replace(
            CLERK_IMAGE_HOST,
            &format!("{PROXY_PATH}{}", super::IMAGES_PATH),
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn clerk_images_come_from_the_instance() {
        let bundle = "function n(e,t=\"svg\"){return`https://img.clerk.com/static/${e}.${t}`}\
                      let a=[\"https://img.clerk.com/\"]";
        assert_eq!(
            super::rewrite_image_host(bundle).unwrap(),
            "function n(e,t=\"svg\"){return`/__clerk/local/img/${e}.${t}`}\
             let a=[\"https://img.clerk.com/\"]"
        );
        assert_eq!(super::rewrite_image_host("no images"), None);
    }
}
