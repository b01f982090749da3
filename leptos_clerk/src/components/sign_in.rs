//! `<SignIn/>`: Clerk's sign-in component, mounted after hydration.

use leptos::{html::Div, prelude::*};

use crate::state::use_clerk_context;

/// Clerk's prebuilt sign-in form.
///
/// Host it on a splat route (`/sign-in/*any`): Clerk routes its own steps below that path.
/// During SSR this renders an empty `<div>`; after hydration, once clerk-js is ready, the form is
/// mounted into it, and it is unmounted when the component is cleaned up (e.g. on navigation).
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::SignIn;
///
/// #[component]
/// fn SignInPage() -> impl IntoView {
///     view! { <SignIn/> }
/// }
/// ```
#[component]
pub fn SignIn(
    /// The route path the component lives on; defaults to the configured sign-in URL.
    #[prop(optional, into)]
    path: Option<String>,
    /// Where to go after signing in, whatever the URL's `redirect_url` says.
    #[prop(optional, into)]
    force_redirect_url: Option<String>,
    /// Where to go after signing in when the URL has no `redirect_url`.
    #[prop(optional, into)]
    fallback_redirect_url: Option<String>,
) -> impl IntoView {
    let ctx = use_clerk_context();
    let node = NodeRef::<Div>::new();
    let path = path.unwrap_or_else(|| ctx.options().sign_in_url);

    #[cfg(feature = "hydrate")]
    mount::sign_in(ctx, node, path, force_redirect_url, fallback_redirect_url);
    #[cfg(not(feature = "hydrate"))]
    let _ = (path, force_redirect_url, fallback_redirect_url);

    view! { <div class="clerk-sign-in" node_ref=node></div> }
}

#[cfg(feature = "hydrate")]
mod mount {
    use leptos::{html::Div, prelude::*};
    use wasm_bindgen::JsValue;
    use web_sys::HtmlDivElement;

    use crate::browser::{describe, js_object, ClerkJs};
    use crate::ClerkContext;

    pub(super) fn sign_in(
        ctx: ClerkContext,
        node: NodeRef<Div>,
        path: String,
        force_redirect_url: Option<String>,
        fallback_redirect_url: Option<String>,
    ) {
        let mounted = StoredValue::new_local(None::<HtmlDivElement>);
        Effect::new(move |_| {
            if !ctx.status.get().is_loaded() || mounted.with_value(Option::is_some) {
                return;
            }
            let (Some(element), Some(clerk)) = (node.get(), ClerkJs::from_window()) else {
                return;
            };
            let mut props = vec![
                ("routing", JsValue::from_str("path")),
                ("path", JsValue::from_str(&path)),
            ];
            if let Some(url) = &force_redirect_url {
                props.push(("forceRedirectUrl", JsValue::from_str(url)));
            }
            if let Some(url) = &fallback_redirect_url {
                props.push(("fallbackRedirectUrl", JsValue::from_str(url)));
            }
            match clerk.mount_sign_in(&element, &js_object(&props)) {
                Ok(()) => mounted.set_value(Some(element)),
                Err(error) => ctx.fail(format!("mounting <SignIn/> failed: {}", describe(error))),
            }
        });
        on_cleanup(move || {
            let element = mounted.try_update_value(Option::take).flatten();
            if let (Some(element), Some(clerk)) = (element, ClerkJs::from_window()) {
                let _ = clerk.unmount_sign_in(&element);
            }
        });
    }
}
