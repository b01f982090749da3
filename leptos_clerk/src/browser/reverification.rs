//! Clerk's verification modal, as `useReverification` opens it: the answer arrives through one
//! of two callbacks, whichever the modal calls.
//!
//! One modal at a time: clerk-js shows a single verification modal, and opening it again while it
//! is open replaces its callbacks, so the first caller would never hear back (its action pending
//! for good). Calls made while one is open wait for that one's answer instead, and then each
//! calls its server function again.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use wasm_bindgen::{closure::Closure, JsValue};
use wasm_bindgen_futures::spawn_local;

use super::actions::js_object;
use super::load::{clerk_ui_available, describe, loaded_clerk};
use crate::ReverificationLevel;

/// The answer of the verification the modal is showing, for everyone who asked while it was open.
type OpenVerification = Shared<LocalBoxFuture<'static, Option<bool>>>;

thread_local! {
    /// The verification in progress, if one is. Cleared before its answer goes out, so a call
    /// after the modal closed opens it anew rather than reusing an old answer.
    static IN_PROGRESS: RefCell<Option<OpenVerification>> = const { RefCell::new(None) };
}

/// Opens the modal (once clerk-js has loaded) at `level` (Clerk UI's default when `None`) and
/// waits: `Some(true)` verified, `Some(false)` closed, `None` when no modal could be opened. While
/// one is open, waits for its answer instead (whatever level it asked: if that was not enough,
/// the server says so again when the call is repeated).
pub(crate) async fn verify_again(level: Option<ReverificationLevel>) -> Option<bool> {
    let answer = IN_PROGRESS.with_borrow_mut(|in_progress| {
        in_progress
            .get_or_insert_with(|| start_verification(level))
            .clone()
    });
    answer.await
}

/// Runs one verification on its own task (it outlives any one caller that gives up waiting) and
/// returns its answer to share.
fn start_verification(level: Option<ReverificationLevel>) -> OpenVerification {
    let (answer, answered) = oneshot::channel();
    spawn_local(async move {
        let verified = open_modal(level).await;
        IN_PROGRESS.with_borrow_mut(|in_progress| *in_progress = None);
        let _ = answer.send(verified);
    });
    answered
        .map(Result::ok)
        .map(Option::flatten)
        .boxed_local()
        .shared()
}

/// The modal itself: opens it and waits for whichever callback it calls.
async fn open_modal(level: Option<ReverificationLevel>) -> Option<bool> {
    let Some(clerk) = loaded_clerk().await else {
        leptos::logging::error!("leptos_clerk: reverification needs clerk-js, which did not load");
        return None;
    };
    if !clerk_ui_available().await {
        leptos::logging::error!(
            "leptos_clerk: the verification modal needs Clerk UI, whose script did not load"
        );
        return None;
    }
    // With no user, clerk-js returns without opening anything (and without calling back).
    let user = clerk.user();
    if user.is_null() || user.is_undefined() {
        leptos::logging::warn!("leptos_clerk: no user is signed in to verify");
        return None;
    }
    let (answer, answered) = oneshot::channel();
    let answer = Rc::new(RefCell::new(Some(answer)));
    let callback = |verified: bool| {
        let answer = Rc::clone(&answer);
        // `once_into_js`: the modal calls one of the two; the other is never freed, a few bytes
        // per verification, and never a call into a dropped closure.
        Closure::once_into_js(move || {
            if let Some(answer) = answer.borrow_mut().take() {
                let _ = answer.send(verified);
            }
        })
    };
    let level = level.map_or(JsValue::UNDEFINED, |level| {
        JsValue::from_str(level.as_str())
    });
    let props = js_object(&[
        ("level", level),
        ("afterVerification", callback(true)),
        ("afterVerificationCancelled", callback(false)),
    ]);
    if let Err(error) = clerk.open_reverification(&props) {
        leptos::logging::error!(
            "leptos_clerk: opening the verification modal failed: {}",
            describe(error)
        );
        return None;
    }
    answered.await.ok()
}
