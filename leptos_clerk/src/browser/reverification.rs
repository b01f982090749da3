//! Clerk's verification modal, as `useReverification` opens it: the answer arrives through one
//! of two callbacks, whichever the modal calls.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use wasm_bindgen::{closure::Closure, JsValue};

use super::actions::js_object;
use super::load::{describe, loaded_clerk};
use crate::ReverificationLevel;

/// Opens the modal (once clerk-js has loaded) at `level` (Clerk UI's default when `None`) and
/// waits: `Some(true)` verified, `Some(false)` closed, `None` when no modal could be opened.
pub(crate) async fn verify_again(level: Option<ReverificationLevel>) -> Option<bool> {
    let Some(clerk) = loaded_clerk().await else {
        leptos::logging::error!("leptos_clerk: reverification needs clerk-js, which did not load");
        return None;
    };
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
