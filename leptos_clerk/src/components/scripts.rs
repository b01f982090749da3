//! `<ClerkScripts/>`: the clerk-js and Clerk UI `<script>` tags for the shell's `<head>`, and
//! the page state `<ClerkProvider>` hydrates from.

use leptos::prelude::*;

/// The clerk-js (and, for clerk-js 6, Clerk UI) script tags, with the publishable key and proxy
/// URL as `data-` attributes, as Clerk's own loader writes them; before them, the request's
/// auth state as JSON, which `<ClerkProvider>` starts from in the browser.
///
/// Put it in the `<head>` of your shell, before `<HydrationScripts/>`. The scripts are `async`,
/// as Clerk's own loader adds them: the app hydrates as soon as its wasm is ready, whenever (and
/// whether) Clerk's scripts arrive, and `<ClerkProvider>` loads clerk-js once both of them have
/// run. It renders only on the server (the shell is never hydrated) and reads the configuration
/// `ClerkLayer` attached to the request.
#[component]
pub fn ClerkScripts() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        server::script_tags()
    }
    #[cfg(not(feature = "ssr"))]
    {}
}

#[cfg(feature = "ssr")]
mod server {
    use leptos::prelude::*;

    use crate::server::clerk_from_context;

    pub(super) fn script_tags() -> AnyView {
        if !crate::server::rendering_a_request() {
            return ().into_any();
        }
        let Some(clerk) = clerk_from_context() else {
            tracing::error!(
                "leptos_clerk: <ClerkScripts/> rendered without ClerkLayer: add `clerk.layer()` \
                 to the router (see README, Setup)"
            );
            return ().into_any();
        };
        let scripts = clerk.config().script_urls();
        let publishable_key = clerk.config().publishable_key.as_str().to_owned();
        let proxy_url = clerk.config().proxy_url.clone();
        let domain = clerk.config().domain.clone();
        // With a Content-Security-Policy nonce (`leptos::nonce`), the tags carry it too.
        let nonce = leptos::nonce::use_nonce();
        crate::server::check_csp_nonce(nonce.as_deref());
        // Data, not a script (browsers never run `application/json`), so it needs no nonce.
        let page_state = crate::provider::request_page_state().to_script_text();
        view! {
            <script type="application/json" id=crate::page_state::ELEMENT_ID inner_html=page_state></script>
            {scripts.ui.map(|src| {
                view! { <script async src=src nonce=nonce.clone() data-clerk-ui-script=""></script> }
            })}
            <script
                async
                nonce=nonce
                src=scripts.clerk_js
                crossorigin="anonymous"
                data-clerk-js-script=""
                data-clerk-publishable-key=publishable_key
                data-clerk-proxy-url=proxy_url
                data-clerk-domain=domain
            ></script>
        }
        .into_any()
    }
}
