//! Starting clerk-js after hydration: wait for the script, `load()` it with our options and router,
//! then follow it with `addListener` until the provider is cleaned up.

use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::bindings::{clerk_ui_constructor, ClerkJs};
use super::hydration::until_hydrated;
use super::resources::from_emission;
use crate::{ClerkContext, ClerkOptions, ClerkStatus};

const POLL_INTERVAL_MS: i32 = 25;

thread_local! {
    /// Set when a provider starts loading clerk-js on this page: what waits for clerk-js waits
    /// for that load to end.
    static LOAD_STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Set when clerk-js could not be loaded on this page: what waits for it stops waiting.
    static LOAD_FAILED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a provider has started loading clerk-js on this page.
fn load_started() -> bool {
    LOAD_STARTED.with(std::cell::Cell::get)
}

/// Whether loading clerk-js has failed on this page.
fn load_failed() -> bool {
    LOAD_FAILED.with(std::cell::Cell::get)
}

/// What must stay alive while the app follows clerk-js, and be released on cleanup.
struct Subscription {
    _listener: Closure<dyn Fn(JsValue)>,
    _router: RouterFunctions,
    unsubscribe: Function,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        // Unsubscribe before the listener closure is freed, so clerk-js never calls a dead closure.
        let _ = self.unsubscribe.call0(&JsValue::NULL);
    }
}

/// Follows clerk-js from the provider: after hydration (an Effect's first run) loads it and
/// wires it to `ctx`; the subscription ends when the provider is cleaned up. Call once, while
/// rendering the provider.
pub(crate) fn connect(ctx: ClerkContext) {
    let navigate = leptos_router::hooks::use_navigate();
    let subscription = StoredValue::new_local(None);
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            start(ctx, navigate.clone(), subscription);
        }
    });
    on_cleanup(move || subscription.set_value(None));
}

/// Loads clerk-js and wires it to `ctx`.
fn start(
    ctx: ClerkContext,
    navigate: impl Fn(&str, NavigateOptions) + Clone + 'static,
    keep: StoredValue<Option<Subscription>, LocalStorage>,
) {
    LOAD_STARTED.with(|started| started.set(true));
    spawn_local(async move {
        until_hydrated(ctx.options.get_value().load_timeout_ms).await;
        match load(ctx, navigate).await {
            Ok(subscription) => keep.set_value(Some(subscription)),
            Err(message) => {
                LOAD_FAILED.with(|failed| failed.set(true));
                ctx.fail(message);
            }
        }
    });
}

async fn load(
    ctx: ClerkContext,
    navigate: impl Fn(&str, NavigateOptions) + Clone + 'static,
) -> Result<Subscription, String> {
    let options = ctx.options.get_value();
    let clerk = wait_for_scripts(options.load_timeout_ms)
        .await
        .ok_or_else(|| {
            format!(
                "clerk-js did not load within {} ms: check that its <script> (rendered by \
             <ClerkScripts/>) is reachable and not blocked by a Content-Security-Policy",
                options.load_timeout_ms
            )
        })?;
    let router = router_functions(navigate);
    let load_options = load_options(&options, &router)?;
    let promise = clerk.load(&load_options).map_err(describe)?;
    JsFuture::from(promise).await.map_err(describe)?;

    let treat_pending_as_signed_out = options.treat_pending_as_signed_out;
    let listener = Closure::<dyn Fn(JsValue)>::new(move |resources: JsValue| {
        if let Some((auth, resources)) = from_emission(&resources, treat_pending_as_signed_out) {
            ctx.auth.set(auth);
            ctx.resources.set(Some(resources));
        }
    });
    // clerk-js emits the current resources at once on subscription, so state is up to date here.
    let unsubscribe = clerk
        .add_listener(listener.as_ref().unchecked_ref(), &JsValue::UNDEFINED)
        .map_err(describe)?;
    ctx.status.set(match clerk.status_str().as_str() {
        "degraded" => ClerkStatus::Degraded,
        _ => ClerkStatus::Ready,
    });
    Ok(Subscription {
        _listener: listener,
        _router: router,
        unsubscribe,
    })
}

/// How long to wait for clerk-js on a page where no provider has started loading it.
const NO_PROVIDER_WAIT_MS: u32 = 15_000;

/// clerk-js once it has loaded: at once if it has, else when the page's load of it ends, however
/// long that takes (`None` if it failed). What is asked of clerk-js while it loads waits here, as
/// Clerk's React SDK queues calls made before `load()` resolves: on a slow connection a click is
/// answered late rather than lost (a fixed limit here would drop a click made early on a
/// connection where the script alone takes most of it). The load itself ends in bounded time:
/// the script gets `load_timeout_ms`, then clerk-js stops waiting for a slow Frontend API after a
/// few seconds (about 6 measured) and reports `degraded`. On a page without a `<ClerkProvider>`,
/// nothing will load it: `None` after 15 s.
pub(crate) async fn loaded_clerk() -> Option<ClerkJs> {
    let mut waited = 0;
    loop {
        if let Some(clerk) = ClerkJs::loaded_from_window() {
            return Some(clerk);
        }
        if load_failed() || (!load_started() && waited >= NO_PROVIDER_WAIT_MS) {
            return None;
        }
        sleep(POLL_INTERVAL_MS).await;
        waited += POLL_INTERVAL_MS as u32;
    }
}

/// `window.Clerk` once its script has run, and Clerk UI's constructor too where the page loads
/// its script (clerk-js 6), which clerk-js must be given when it loads: the scripts are `async`,
/// so either may run first, both after hydration on a slow connection. `None` if clerk-js has not
/// run within `timeout_ms`; without Clerk UI by then, clerk-js is loaded without it (warned).
async fn wait_for_scripts(timeout_ms: u32) -> Option<ClerkJs> {
    let ui_expected = page_loads_clerk_ui();
    let both = || {
        let clerk = ClerkJs::from_window()?;
        (!ui_expected || clerk_ui_constructor().is_some()).then_some(clerk)
    };
    if let Some(clerk) = poll_until(timeout_ms, both).await {
        return Some(clerk);
    }
    let clerk = ClerkJs::from_window()?;
    leptos::logging::warn!(
        "leptos_clerk: Clerk UI's script did not load within {timeout_ms} ms: clerk-js loads \
         without it, and Clerk's components may not show"
    );
    Some(clerk)
}

/// Whether the page has Clerk UI's `<script>` (`<ClerkScripts/>` renders one for clerk-js 6).
fn page_loads_clerk_ui() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| {
            document
                .query_selector("script[data-clerk-ui-script]")
                .ok()
                .flatten()
        })
        .is_some()
}

/// Polls `probe` every few milliseconds until it answers or `timeout_ms` passed.
pub(crate) async fn poll_until<T>(timeout_ms: u32, probe: impl Fn() -> Option<T>) -> Option<T> {
    let mut waited = 0;
    loop {
        if let Some(found) = probe() {
            return Some(found);
        }
        if waited >= timeout_ms {
            return None;
        }
        sleep(POLL_INTERVAL_MS).await;
        waited += POLL_INTERVAL_MS as u32;
    }
}

async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// `routerPush` / `routerReplace`, kept alive as long as clerk-js may call them.
pub(crate) struct RouterFunctions {
    push: Closure<dyn Fn(String)>,
    replace: Closure<dyn Fn(String)>,
}

/// Clerk's redirects become leptos_router navigations.
fn router_functions(navigate: impl Fn(&str, NavigateOptions) + Clone + 'static) -> RouterFunctions {
    let navigate = Rc::new(navigate);
    let push = {
        let navigate = Rc::clone(&navigate);
        Closure::<dyn Fn(String)>::new(move |to: String| {
            navigate(&same_origin_path(&to), NavigateOptions::default());
        })
    };
    let replace = Closure::<dyn Fn(String)>::new(move |to: String| {
        let options = NavigateOptions {
            replace: true,
            ..NavigateOptions::default()
        };
        navigate(&same_origin_path(&to), options);
    });
    RouterFunctions { push, replace }
}

/// clerk-js hands the router absolute URLs; leptos_router navigates within the app by path.
fn same_origin_path(to: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    match to.strip_prefix(origin.as_str()) {
        Some(path)
            if !origin.is_empty() && (path.is_empty() || path.starts_with(['/', '?', '#'])) =>
        {
            if path.is_empty() {
                "/".to_owned()
            } else {
                path.to_owned()
            }
        }
        _ => to.to_owned(),
    }
}

fn load_options(
    options: &ClerkOptions,
    RouterFunctions { push, replace }: &RouterFunctions,
) -> Result<JsValue, String> {
    let object = Object::new();
    let set = |key: &str, value: &JsValue| {
        Reflect::set(&object, &JsValue::from_str(key), value)
            .map(|_| ())
            .map_err(describe)
    };
    set("signInUrl", &options.sign_in_url.as_str().into())?;
    set("signUpUrl", &options.sign_up_url.as_str().into())?;
    set(
        "signInFallbackRedirectUrl",
        &options.sign_in_fallback_redirect_url.as_str().into(),
    )?;
    set(
        "signUpFallbackRedirectUrl",
        &options.sign_up_fallback_redirect_url.as_str().into(),
    )?;
    for (key, value) in [
        (
            "signInForceRedirectUrl",
            &options.sign_in_force_redirect_url,
        ),
        (
            "signUpForceRedirectUrl",
            &options.sign_up_force_redirect_url,
        ),
    ] {
        if let Some(url) = value {
            set(key, &url.as_str().into())?;
        }
    }
    set(
        "afterSignOutUrl",
        &options.after_sign_out_url.as_str().into(),
    )?;
    // Only `load()` tells clerk-js it is a satellite: its script tag carries the domain or
    // proxy URL, not this.
    if options.is_satellite {
        set("isSatellite", &JsValue::TRUE)?;
    }
    set("routerPush", push.as_ref())?;
    set("routerReplace", replace.as_ref())?;
    if !options.telemetry {
        set("telemetry", &JsValue::FALSE)?;
    }
    for (key, value) in [
        ("appearance", &options.appearance),
        ("localization", &options.localization),
    ] {
        if let Some(value) = value {
            set(key, &super::json::to_js(value))?;
        }
    }
    if let Some(ctor) = clerk_ui_constructor() {
        let ui = Object::new();
        Reflect::set(&ui, &JsValue::from_str("ClerkUI"), &ctor).map_err(describe)?;
        set("ui", &ui)?;
    }
    Ok(object.into())
}

/// A thrown JS value as a message.
pub(crate) fn describe(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}
