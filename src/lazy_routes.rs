//! The pages a first visit does not need, as lazy routes. With the `split` feature and
//! `cargo leptos build --split` (what `scripts/bundle` runs) each one's code is
//! a separate wasm chunk that the browser fetches when the router first goes there, so the home
//! page loads only the shell, the home page and Clerk's glue. Without the feature (a plain
//! `cargo leptos watch`) they are ordinary routes in one wasm.
//!
//! A lazy route's view hydrates asynchronously, which is why `lib.rs` hydrates with
//! `hydrate_lazy`. `/organization` is behind `ProtectedRoute`, which takes a plain view: its
//! page is a lazy function awaited inside that view instead (`LazyOrganization`).

#[cfg(feature = "split")]
use leptos::lazy;
use leptos::prelude::*;
#[cfg(feature = "split")]
use leptos_router::lazy_route;
use leptos_router::LazyRoute;

use crate::pages::{
    Account, ApiKeys, ChooseOrganizationPage, CustomSignInPage, CustomSignUpPage, Dashboard, Notes,
    Organization, Profile, Session, SignInPage, SignUpPage, SsoCallback, UseAuthPage, WaitlistPage,
};

/// A route whose view is the page component `$page`, in its own chunk. The pages load their own
/// data (Resources inside the component), so a route carries none.
#[cfg(feature = "split")]
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        #[doc = concat!("`", stringify!($page), "`, loaded on demand.")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                #[cfg(feature = "ssr")]
                crate::server::lazy_preloads::preload_route(stringify!($route));
                view! { <$page/> }.into_any()
            }
        }
    };
}

/// Without `split` the same routes, in the main module: `#[lazy_route]` code needs the loader
/// that only `cargo leptos build --split` writes.
#[cfg(not(feature = "split"))]
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        #[doc = concat!("`", stringify!($page), "`.")]
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    };
}

lazy_page!(DashboardRoute, Dashboard);
lazy_page!(AccountRoute, Account);
lazy_page!(SignInRoute, SignInPage);
lazy_page!(SignUpRoute, SignUpPage);
lazy_page!(SessionRoute, Session);
lazy_page!(ProfileRoute, Profile);
lazy_page!(NotesRoute, Notes);
lazy_page!(ApiKeysRoute, ApiKeys);
lazy_page!(UseAuthRoute, UseAuthPage);
lazy_page!(CustomSignInRoute, CustomSignInPage);
lazy_page!(CustomSignUpRoute, CustomSignUpPage);
lazy_page!(SsoCallbackRoute, SsoCallback);
lazy_page!(WaitlistRoute, WaitlistPage);
lazy_page!(ChooseOrganizationRoute, ChooseOrganizationPage);

/// `/organization`'s page, loaded on demand. `ProtectedRoute` wraps its view in a `Transition`,
/// which waits for the chunk as it waits for any `Suspend` on a client-side navigation. After a
/// page load hydration does not wait for it: see [`before_hydration`].
#[component]
pub fn LazyOrganization() -> impl IntoView {
    Suspend::new(organization_view())
}

/// Loads the chunk of the page the browser is on when hydration would not wait for it: a
/// `Lazy` route's chunk it awaits, but one awaited inside a view (`LazyOrganization`, inside
/// `ProtectedRoute`'s) it would reach first, find the server's page where it expects none yet,
/// and panic. Loaded first, the view is ready when hydration gets there.
#[cfg(all(feature = "hydrate", feature = "split"))]
pub async fn before_hydration() {
    let path = window().location().pathname().unwrap_or_default();
    // The route's path in app.rs.
    if path == "/organization" {
        // What `leptos::lazy_preload!(organization_view)` calls: the chunk, not the page.
        __preload_organization_view().await;
    }
}

#[cfg_attr(feature = "split", lazy)]
async fn organization_view() -> AnyView {
    #[cfg(feature = "ssr")]
    crate::server::lazy_preloads::preload("organization_view");
    view! { <Organization/> }.into_any()
}
