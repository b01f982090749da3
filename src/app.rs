//! The app shell and routes.

use leptos::prelude::*;
use leptos_clerk::{is_signed_in, sign_in_redirect_path, ClerkProvider, ClerkScripts};
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{ProtectedRoute, Route, Router, Routes},
    path, Lazy, SsrMode,
};

use crate::lazy_routes::{
    AccountRoute, ApiKeysRoute, ChooseOrganizationRoute, CustomSignInRoute, CustomSignUpRoute,
    DashboardRoute, LazyOrganization, NotesRoute, ProfileRoute, SessionRoute, SignInRoute,
    SignUpRoute, SsoCallbackRoute, UseAuthRoute, WaitlistRoute,
};
use crate::pages::{ErrorPage, Home, Nav, NotFound};

/// The HTML document. Rendered on the server only; `App` is what hydrates.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <ClerkScripts/>
                <AutoReload options=options.clone()/>
                // Hashed file names (`hash-files` in Cargo.toml): cached for a year, and a new
                // build is a new name.
                {crate::pkg_links::pkg_links(&options)}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Title text="Clerk + Leptos starter"/>
        <Router>
            <ClerkProvider>
                <Nav/>
                <main>
                    // An error no page handles renders the error page (a server render answers
                    // 500); leaving the page clears it. A Resource's error is caught by a boundary
                    // inside its Suspense (pages/profile.rs): one out here would be reached only
                    // after the server had started writing the page.
                    <ErrorBoundary fallback=|errors| view! { <ErrorPage errors/> }>
                        <AppRoutes/>
                    </ErrorBoundary>
                </main>
            </ClerkProvider>
        </Router>
    }
}

#[component]
fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("/") view=Home/>
            // Clerk's pages route below their path (`/sign-in/factor-one`, `/user/security`). A
            // wildcard also matches nothing, so `/sign-in` itself is this route too: one route
            // each, as the router's code in the main wasm module grows with every route. The
            // server adds the bare paths for axum (`server::router::with_bare_wildcard_paths`).
            <Route path=path!("/sign-in/*any") view={Lazy::<SignInRoute>::new()}/>
            <Route path=path!("/sign-up/*any") view={Lazy::<SignUpRoute>::new()}/>
            <Route path=path!("/dashboard") view={Lazy::<DashboardRoute>::new()}/>
            <Route path=path!("/user/*any") view={Lazy::<AccountRoute>::new()}/>
            // The other way to protect a page: leptos_router's ProtectedRoute, rendered async so
            // that a signed-out page load gets a real 302.
            <ProtectedRoute
                path=path!("/organization")
                view=LazyOrganization
                condition=is_signed_in
                redirect_path=sign_in_redirect_path
                ssr=SsrMode::Async
            />
            <Route path=path!("/session") view={Lazy::<SessionRoute>::new()}/>
            // Async: the page waits for its Resource, so a signed-out visitor gets a real redirect.
            <Route path=path!("/profile") view={Lazy::<ProfileRoute>::new()} ssr=SsrMode::Async/>
            <Route path=path!("/notes") view={Lazy::<NotesRoute>::new()} ssr=SsrMode::Async/>
            <Route path=path!("/api-keys") view={Lazy::<ApiKeysRoute>::new()}/>
            <Route path=path!("/use-auth") view={Lazy::<UseAuthRoute>::new()}/>
            <Route path=path!("/custom-sign-in") view={Lazy::<CustomSignInRoute>::new()}/>
            <Route path=path!("/custom-sign-up") view={Lazy::<CustomSignUpRoute>::new()}/>
            <Route path=path!("/sso-callback") view={Lazy::<SsoCallbackRoute>::new()}/>
            <Route path=path!("/waitlist") view={Lazy::<WaitlistRoute>::new()}/>
            <Route path=path!("/choose-organization") view={Lazy::<ChooseOrganizationRoute>::new()}/>
        </Routes>
    }
}
