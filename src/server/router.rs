//! The app's router: Leptos pages and server functions, the JSON API and the webhook route, all
//! behind `ClerkLayer`; beside them the site's static files (`/pkg` and the rest of the site
//! root), the health route and the local Clerk instance when it runs; the request log around
//! everything.

use std::sync::Arc;

use axum::routing::post;
use axum::{Extension, Router};
use leptos::config::LeptosOptions;
use leptos_axum::{
    generate_route_list, site_pkg_dir_service, site_pkg_dir_service_route_path, AxumRouteListing,
    LeptosRoutes,
};
use leptos_clerk::server::{
    provide_csp_nonce, ClerkConfig, ContentSecurityPolicy, CspLayer, WebhookSigningSecret,
};
use tower::ServiceBuilder;
use tower_http::services::ServeDir;

use super::cache_headers::CacheHeadersLayer;
use super::clerk_setup::ClerkSetup;
use super::state::AppState;
use super::{api, http, webhook};
use crate::app::{shell, App};

/// Where Clerk delivers webhooks (set the same URL in the Clerk Dashboard, "Webhooks").
pub const WEBHOOK_PATH: &str = "/api/webhooks/clerk";

/// Every route of the app.
pub fn router(state: AppState, clerk: &ClerkSetup) -> Router {
    let routes = with_bare_wildcard_paths(generate_route_list(App));
    warn_of_unserved_auth_pages(clerk.clerk.config(), &routes);
    let mut webhook = post(webhook::receive);
    if let Some(secret) = &clerk.webhook_secret {
        webhook = webhook.layer(Extension(WebhookSigningSecret(secret.clone())));
    }
    let pkg_files = pkg_files(&state.leptos_options);
    let csp = content_security_policy(clerk);
    // Once, around everything the app serves: every page, server function and API route sees
    // `Auth`. Layers go in one `layer` call, here and below: each call wraps every route in a
    // boxed service of its own, which costs each request a heap allocation, a move of the page
    // render's future and a boxed response body (3% of a page's CPU).
    let app_layers = || {
        ServiceBuilder::new()
            .layer(csp.clone())
            .layer(clerk.clerk.layer())
            // The site's files are served beside the app (`pkg_files`, `static_files`), not
            // through it.
            .layer(CacheHeadersLayer::new(None))
    };
    // What is neither a route nor a file: Leptos's 404 page, rendered like any page.
    let not_found = Router::new()
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(provide_csp_nonce, shell))
        .with_state(state.clone())
        .layer(app_layers());
    let static_files = static_files(&state.leptos_options, not_found);
    let app = Router::new()
        .merge(api::routes())
        .route(WEBHOOK_PATH, webhook)
        // Server functions get the state as context (see `context::db`).
        // The page's scripts carry the nonce of its Content-Security-Policy.
        .leptos_routes_with_context(&state, routes, provide_csp_nonce, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .with_state(state)
        .layer(app_layers())
        // After `layer`, so that a file is not authenticated (the 404 page has its own layers).
        .fallback_service(static_files);
    let app = app.merge(pkg_files);
    // The emulated Clerk APIs are not app routes: they authenticate with their own cookies.
    let app = match &clerk.local_routes {
        Some(local) => app.merge(local.clone()),
        None => app,
    };
    app.merge(http::health_routes()).layer(
        ServiceBuilder::new()
            .layer(http::request_log())
            .layer(http::compression()),
    )
}

/// The app's routes, and for each `/prefix/{*rest}` route the bare `/prefix` too. In the
/// browser, leptos_router's wildcard also matches an empty rest, so the app declares Clerk's
/// `/sign-in/*any` alone and `/sign-in` is that route; axum's `{*rest}` needs at least one
/// character, so without this `/sign-in` would fall through to the 404 handler. (A bare path
/// the app declares itself is left alone; the app has no static or excluded routes, whose
/// settings a listing does not expose.)
fn with_bare_wildcard_paths(routes: Vec<AxumRouteListing>) -> Vec<AxumRouteListing> {
    let bare: Vec<AxumRouteListing> = routes
        .iter()
        .filter_map(|route| {
            let (prefix, wildcard) = route.path().rsplit_once('/')?;
            let is_wildcard = wildcard.starts_with("{*") && wildcard.ends_with('}');
            let declared = routes.iter().any(|other| other.path() == prefix);
            (is_wildcard && !prefix.is_empty() && !declared).then(|| {
                AxumRouteListing::new(
                    prefix.to_owned(),
                    route.mode().clone(),
                    route.methods(),
                    Vec::new(),
                )
            })
        })
        .collect();
    routes.into_iter().chain(bare).collect()
}

/// Warns at start-up when the sign-in or sign-up URL is a path of this site that no route
/// serves (`CLERK_SIGN_IN_URL=/login`, the app's page still at `/sign-in`): every signed-out
/// visit to a protected page would end on a 404. A warning, not an error: a proxy in front may
/// serve that path from elsewhere.
fn warn_of_unserved_auth_pages(config: &ClerkConfig, routes: &[AxumRouteListing]) {
    let served = matcher(routes.iter().map(AxumRouteListing::path));
    let pages = [
        ("CLERK_SIGN_IN_URL", "sign_in_url", &config.sign_in_url),
        ("CLERK_SIGN_UP_URL", "sign_up_url", &config.sign_up_url),
    ];
    for (variable, key, url) in pages {
        // Only a path is checked: a full URL is most often another origin's page (Clerk's
        // Account Portal, a satellite's primary domain).
        if !url.starts_with('/') || url.starts_with("//") {
            continue;
        }
        let path = url.split(['?', '#']).next().unwrap_or_default();
        if served.at(path).is_err() {
            tracing::warn!(
                "{variable} ({key} in Leptos.toml) is {url}, but no route of the app serves \
                 {path} (src/app.rs): signed-out visitors would be sent to a 404"
            );
        }
    }
}

/// The routes in axum's own matcher, so that a path matches here as it will when served (a
/// `{*rest}` takes only a non-empty rest: `/sign-in/{*any}` does not serve `/sign-in`).
fn matcher<'a>(routes: impl Iterator<Item = &'a str>) -> matchit::Router<()> {
    let mut served = matchit::Router::new();
    for route in routes {
        // A path axum refuses would have stopped the router already.
        let _ = served.insert(route, ());
    }
    served
}

/// The pages' Content-Security-Policy: Clerk's, with a nonce per page for inline scripts. A
/// script, image or API of another site the app uses is added here, e.g.
/// `.directive("img-src", ["https://images.example.com"])`.
fn content_security_policy(clerk: &ClerkSetup) -> CspLayer {
    let policy = ContentSecurityPolicy::for_clerk(&clerk.clerk);
    // `cargo leptos watch` reloads the page through a WebSocket on its own port.
    let policy = if std::env::var_os("LEPTOS_WATCH").is_some() {
        policy.directive("connect-src", ["ws:", "wss:"])
    } else {
        policy
    };
    policy.layer()
}

/// `/pkg`, the app's wasm, JS and CSS (and their brotli and gzip twins, made at build time),
/// straight from the file server and outside `ClerkLayer`. A file is the same for everyone, so
/// authenticating its request is wasted work (Clerk's middleware matchers skip static files
/// too), and a tab opening one must not be sent through a handshake. Leptos's fallback file
/// handler, which serves the other static files, passes the file server only `Accept-Encoding`:
/// no `If-Modified-Since` got a 304 there.
fn pkg_files(options: &LeptosOptions) -> Router {
    // Names carry their content's hash (`hash-files`): cacheable for good.
    let hashed_route: Option<Arc<str>> = options
        .hash_files
        .then(|| options.site_pkg_dir_route_base().into());
    // Leptos's helpers: the file server over the site root, routed only for `/pkg/…`.
    Router::new()
        .route_service(
            &site_pkg_dir_service_route_path(options),
            site_pkg_dir_service(options),
        )
        .layer(CacheHeadersLayer::new(hashed_route))
}

/// The site root's other files (`favicon.ico` and whatever `public/` holds), also outside
/// `ClerkLayer`: a browser asks for the favicon with the page's cookies, and authenticating that
/// is wasted work. Leptos's own fallback handler would serve them too, but it passes the file
/// server only `Accept-Encoding`, so a revalidation never got its 304. What is not a file (a
/// folder included) goes on to `not_found`, whatever the method, as before.
fn static_files(options: &LeptosOptions, not_found: Router) -> ServeDir<Router> {
    ServeDir::new(&*options.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .call_fallback_on_method_not_allowed(true)
        .fallback(not_found)
}

#[cfg(test)]
mod tests {
    use super::matcher;

    #[test]
    fn a_route_serves_the_paths_axum_sends_it() {
        let route_serves = |route: &str, path: &str| matcher([route].into_iter()).at(path).is_ok();
        assert!(route_serves("/sign-in", "/sign-in"));
        assert!(!route_serves("/sign-in", "/sign-in/more"));
        assert!(!route_serves("/sign-in", "/sign"));
        assert!(route_serves("/", "/"));
        assert!(route_serves("/sign-in/{*any}", "/sign-in/factor-one/more"));
        assert!(!route_serves("/sign-in/{*any}", "/sign-in"));
        assert!(!route_serves("/sign-in/{*any}", "/sign-in/"));
        assert!(route_serves("/{lang}/sign-in", "/en/sign-in"));
        // axum's matcher gives a `{param}` an empty segment too (the hand-written matcher this
        // replaced said otherwise, and would have warned of a path axum serves).
        assert!(route_serves("/{lang}/sign-in", "//sign-in"));
        assert!(!route_serves("/{lang}/sign-in", "/en/sign-up"));
    }
}
