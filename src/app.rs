//! The app shell and routes.

use leptos::prelude::*;
use leptos_clerk::{is_signed_in, sign_in_redirect_path, ClerkProvider, ClerkScripts};
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{ProtectedRoute, Route, Router, Routes},
    path, SsrMode,
};

use crate::pages::{
    Account, Dashboard, ErrorPage, Home, Nav, NotFound, Notes, Organization, Profile, Session,
    SignInPage, SignUpPage, UseAuthPage,
};

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
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
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
    mark_hydrated();

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
            <Route path=path!("/sign-in") view=SignInPage/>
            <Route path=path!("/sign-in/*any") view=SignInPage/>
            <Route path=path!("/sign-up") view=SignUpPage/>
            <Route path=path!("/sign-up/*any") view=SignUpPage/>
            <Route path=path!("/dashboard") view=Dashboard/>
            <Route path=path!("/user") view=Account/>
            <Route path=path!("/user/*any") view=Account/>
            // The other way to protect a page: leptos_router's ProtectedRoute, rendered async so
            // that a signed-out page load gets a real 302.
            <ProtectedRoute
                path=path!("/organization")
                view=Organization
                condition=is_signed_in
                redirect_path=sign_in_redirect_path
                ssr=SsrMode::Async
            />
            <Route path=path!("/session") view=Session/>
            // Async: the page waits for its Resource, so a signed-out visitor gets a real redirect.
            <Route path=path!("/profile") view=Profile ssr=SsrMode::Async/>
            <Route path=path!("/notes") view=Notes ssr=SsrMode::Async/>
            <Route path=path!("/use-auth") view=UseAuthPage/>
        </Routes>
    }
}

/// Sets `data-hydrated` on `<body>` once the wasm has taken over the page: end-to-end tests
/// wait for it before clicking anything.
fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
