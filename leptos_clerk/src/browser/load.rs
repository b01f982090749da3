//! Starting clerk-js after hydration: wait for the script, `load()` it with our options and router,
//! then follow it with `addListener` until the provider is cleaned up.

use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, spawn_local, JsFuture};

use super::bindings::{clerk_ui_constructor, ClerkJs};
use super::hydration::until_hydrated;
use super::resources::from_emission;
use crate::options::sdk_keys_in;
use crate::{ClerkContext, ClerkOptions, ClerkStatus};

const POLL_INTERVAL_MS: i32 = 25;

thread_local! {
    /// Set when a provider starts loading clerk-js on this page: what waits for clerk-js waits
    /// for that load to end.
    static LOAD_STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Set when loading clerk-js on this page has ended, loaded or not: what waits for it stops
    /// waiting.
    static LOAD_ENDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Where Clerk UI's script is, as far as clerk-js was told.
    static CLERK_UI: std::cell::Cell<ClerkUi> = const { std::cell::Cell::new(ClerkUi::Here) };
}

/// Clerk UI's script on this page.
#[derive(Clone, Copy)]
enum ClerkUi {
    /// It has run, or the page has none to wait for (clerk-js 5 has its UI built in).
    Here,
    /// Awaited: its constructor was promised to clerk-js.
    Awaited,
    /// It did not run in time: no modal of Clerk's can open.
    Missing,
}

/// Whether a provider has started loading clerk-js on this page.
fn load_started() -> bool {
    LOAD_STARTED.with(std::cell::Cell::get)
}

/// Whether loading clerk-js on this page has ended (if it is not loaded now, it failed).
fn load_ended() -> bool {
    LOAD_ENDED.with(std::cell::Cell::get)
}

/// What must stay alive while the app follows clerk-js, and be released on cleanup.
struct Subscription {
    clerk: ClerkJs,
    _listener: Closure<dyn Fn(JsValue)>,
    status_listener: Closure<dyn Fn(JsValue)>,
    _router: RouterFunctions,
    unsubscribe: Function,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        // Unsubscribe before the listener closures are freed, so clerk-js never calls a dead
        // closure.
        let _ = self.unsubscribe.call0(&JsValue::NULL);
        let _ = self
            .clerk
            .off(STATUS_EVENT, self.status_listener.as_ref().unchecked_ref());
    }
}

/// clerk-js 6's event for a change of `Clerk.status`.
const STATUS_EVENT: &str = "status";

/// The status clerk-js reports once loaded: it turns `degraded` when a session token's refresh
/// fails for the network or the Frontend API (after `getToken`'s retries: seconds under
/// automation, minutes in a person's browser). `loading` and `error` come only before.
fn status_after_load(reported: &str) -> Option<ClerkStatus> {
    match reported {
        "ready" => Some(ClerkStatus::Ready),
        "degraded" => Some(ClerkStatus::Degraded),
        _ => None,
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
        let loaded = load(ctx, navigate).await;
        LOAD_ENDED.with(|ended| ended.set(true));
        match loaded {
            Ok(subscription) => keep.set_value(Some(subscription)),
            Err(message) => ctx.fail(message),
        }
    });
}

async fn load(
    ctx: ClerkContext,
    navigate: impl Fn(&str, NavigateOptions) + Clone + 'static,
) -> Result<Subscription, String> {
    let options = ctx.options.get_value();
    let clerk = poll_until(options.load_timeout_ms, ClerkJs::from_window)
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
    // clerk-js can resolve without having loaded (offline, or under automation, it logs a
    // failed load as a warning and returns).
    if !clerk.loaded() {
        return Err(format!(
            "clerk-js's load() ended with status {:?}: its Frontend API could not be reached",
            clerk.status_str()
        ));
    }

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
    // Later changes too, as Clerk's React SDK follows them (clerk-js 5 has no events, and no
    // status but loaded).
    let status_listener = Closure::<dyn Fn(JsValue)>::new(move |reported: JsValue| {
        if let Some(status) = reported.as_string().as_deref().and_then(status_after_load) {
            ctx.status.set(status);
        }
    });
    let _ = clerk.on(STATUS_EVENT, status_listener.as_ref().unchecked_ref());
    ctx.status
        .set(status_after_load(&clerk.status_str()).unwrap_or(ClerkStatus::Ready));
    Ok(Subscription {
        clerk,
        _listener: listener,
        status_listener,
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
/// connection where the script alone takes most of it). The script gets `load_timeout_ms`; then
/// clerk-js gives its client request 7 s before it falls back and reports `degraded`, but
/// its other requests (the environment, a development instance's dev browser) wait as long as
/// the browser lets them, and so does this. On a page without a `<ClerkProvider>`, nothing will
/// load it: `None` after 15 s.
pub(crate) async fn loaded_clerk() -> Option<ClerkJs> {
    let mut waited = 0;
    loop {
        if let Some(clerk) = ClerkJs::loaded_from_window() {
            return Some(clerk);
        }
        if load_ended() || (!load_started() && waited >= NO_PROVIDER_WAIT_MS) {
            return None;
        }
        sleep(POLL_INTERVAL_MS).await;
        waited += POLL_INTERVAL_MS as u32;
    }
}

/// `window.Clerk` once it has loaded, for `use_clerk().clerk_js()`.
pub(crate) fn loaded_clerk_js() -> Option<JsValue> {
    ClerkJs::loaded_from_window().map(JsValue::from)
}

/// [`loaded_clerk`], as a plain JS value.
pub(crate) async fn wait_for_clerk_js() -> Option<JsValue> {
    loaded_clerk().await.map(JsValue::from)
}

/// Clerk UI's constructor for `load()` (clerk-js 6): itself once its script has run, else a
/// promise of it (the scripts are `async`, so Clerk UI's may still be on its way), which
/// clerk-js awaits only to show a component: clerk-js loads without waiting for Clerk UI. If
/// Clerk UI does not come within `timeout_ms`, that is logged and the promise never settles (a
/// rejection would surface as an error nobody handles, inside clerk-js); the SDK's own waits ask
/// [`clerk_ui_available`]. `None` on a page without Clerk UI's script (clerk-js 5 has its UI
/// built in).
fn clerk_ui(timeout_ms: u32) -> Option<JsValue> {
    if let Some(ctor) = clerk_ui_constructor() {
        return Some(ctor);
    }
    if !page_loads_clerk_ui() {
        return None;
    }
    CLERK_UI.set(ClerkUi::Awaited);
    let ctor = future_to_promise(async move {
        if let Some(ctor) = poll_until(timeout_ms, clerk_ui_constructor).await {
            CLERK_UI.set(ClerkUi::Here);
            return Ok(ctor);
        }
        CLERK_UI.set(ClerkUi::Missing);
        leptos::logging::error!(
            "leptos_clerk: Clerk UI's script did not load within {timeout_ms} ms, so Clerk's \
             components and modals cannot show: check that it is reachable and not blocked by a \
             Content-Security-Policy"
        );
        std::future::pending().await
    });
    Some(ctor.into())
}

/// Whether Clerk's modals can open: `false` once Clerk UI's script has failed to run in time
/// (clerk-js then never opens one, nor calls its callbacks), after waiting while it may still
/// come. Call once clerk-js has loaded.
pub(crate) async fn clerk_ui_available() -> bool {
    loop {
        match CLERK_UI.get() {
            ClerkUi::Here => return true,
            ClerkUi::Missing => return false,
            ClerkUi::Awaited => sleep(POLL_INTERVAL_MS).await,
        }
    }
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
    let object = options
        .load_options
        .as_ref()
        .map_or_else(Object::new, other_load_options);
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
        ("waitlistUrl", &options.waitlist_url),
    ] {
        if let Some(url) = value {
            set(key, &url.as_str().into())?;
        }
    }
    set(
        "afterSignOutUrl",
        &options.after_sign_out_url.as_str().into(),
    )?;
    if let Some(task_urls) = &options.task_urls {
        set("taskUrls", &super::json::to_js(task_urls))?;
    }
    // Only `load()` tells clerk-js it is a satellite: its script tag carries the domain or
    // proxy URL, not this.
    if options.is_satellite {
        set("isSatellite", &JsValue::TRUE)?;
    }
    if options.satellite_auto_sync {
        set("satelliteAutoSync", &JsValue::TRUE)?;
    }
    set("routerPush", push.as_ref())?;
    set("routerReplace", replace.as_ref())?;
    if !options.telemetry {
        set("telemetry", &JsValue::FALSE)?;
    }
    set("sdkMetadata", &sdk_metadata()?.into())?;
    for (key, value) in [
        ("appearance", &options.appearance),
        ("localization", &options.localization),
    ] {
        if let Some(value) = value {
            set(key, &super::json::to_js(value))?;
        }
    }
    if let Some(ctor) = clerk_ui(options.load_timeout_ms) {
        let ui = Object::new();
        Reflect::set(&ui, &JsValue::from_str("ClerkUI"), &ctor).map_err(describe)?;
        set("ui", &ui)?;
    }
    Ok(object.into())
}

/// Who drives clerk-js, for its telemetry (`sdk`, `sdkv`), as each Clerk SDK names itself
/// (`@clerk/remix` and its version); the server's Backend API calls say the same in their
/// `User-Agent`.
fn sdk_metadata() -> Result<Object, String> {
    let metadata = Object::new();
    let environment = if cfg!(debug_assertions) {
        "development"
    } else {
        "production"
    };
    for (key, value) in [
        ("name", "leptos_clerk"),
        ("version", env!("CARGO_PKG_VERSION")),
        ("environment", environment),
    ] {
        Reflect::set(
            &metadata,
            &JsValue::from_str(key),
            &JsValue::from_str(value),
        )
        .map_err(describe)?;
    }
    Ok(metadata)
}

/// `<ClerkProvider load_options>` as the object the SDK's own options are then set on.
fn other_load_options(load_options: &serde_json::Value) -> Object {
    let Some(sdk_keys) = sdk_keys_in(load_options) else {
        leptos::logging::warn!(
            "leptos_clerk: <ClerkProvider load_options> is not a JSON object; ignored"
        );
        return Object::new();
    };
    let object: Object = super::json::to_js(load_options).unchecked_into();
    for key in sdk_keys {
        let _ = Reflect::delete_property(&object, &JsValue::from_str(key));
        leptos::logging::warn!(
            "leptos_clerk: <ClerkProvider load_options> cannot set {key}, which belongs to this \
             SDK (Leptos.toml's [clerk] settings, the props of <ClerkProvider>); ignored"
        );
    }
    object
}

/// A thrown JS value as a message.
pub(crate) fn describe(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}
