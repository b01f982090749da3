//! Reverification for sensitive actions, as Clerk's guide has it: the server refuses with Clerk's
//! hint (`reverificationError`) unless the session verified recently enough, and the browser
//! answers the hint as `useReverification` does: Clerk's verification modal, then the same call
//! once more.
//!
//! The hint is Clerk's own JSON (`{"clerk_error": {"type": "forbidden", "reason":
//! "reverification-error", …}}`). An axum handler answers it as Clerk's
//! `reverificationErrorResponse` does (`403`, the JSON as the body), which a React client's
//! `useReverification` reads; a server function carries it in its error, `ServerFnError`'s
//! message or a variant of the app's own error type ([`ReverificationError`]), which is what
//! [`with_reverification`] reads.

use std::future::Future;

use leptos::prelude::ServerFnError;
use serde_json::{json, Value};

use crate::{Reverification, ReverificationLevel};

const ERROR_TYPE: &str = "forbidden";
const REASON: &str = "reverification-error";
/// The message of the error [`with_reverification`] returns when the user closes the modal.
const CANCELLED: &str = "reverification cancelled: the verification was closed before it ended";

/// A sensitive action refused until the user verifies again: Clerk's `reverificationError`.
///
/// On the server, [`crate::server::SignedInAuth::require_reverification`] returns it; `?` turns
/// it into a `ServerFnError` in a server function (or into the app's own error type, through
/// its `From`), and it is a `403` JSON answer in an axum handler. In the browser,
/// [`with_reverification`] recognises it.
///
/// It serializes as Clerk's hint (the JSON text), so a variant of a server function's own error
/// type can hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct ReverificationRequired {
    /// What the action asks; `None` when the hint named nothing Clerk knows (the modal then
    /// asks for its default level).
    pub reverification: Option<Reverification>,
}

impl ReverificationRequired {
    /// The hint for an action that needs `reverification`.
    #[must_use]
    pub fn new(reverification: Reverification) -> Self {
        Self {
            reverification: Some(reverification),
        }
    }

    /// Clerk's hint, as `reverificationError(config)` writes it.
    #[must_use]
    pub fn to_json(&self) -> String {
        let metadata = match self.reverification {
            Some(reverification) => json!({ "reverification": config_json(reverification) }),
            None => json!({}),
        };
        json!({ "clerk_error": { "type": ERROR_TYPE, "reason": REASON, "metadata": metadata } })
            .to_string()
    }

    /// The hint in `text`, if it is one (`isReverificationHint`).
    #[must_use]
    pub fn from_json(text: &str) -> Option<Self> {
        let value = crate::client::parse_json(text)?;
        let error = value.get("clerk_error")?;
        if error.get("type")? != ERROR_TYPE || error.get("reason")? != REASON {
            return None;
        }
        let config = error.pointer("/metadata/reverification");
        Some(Self {
            reverification: config.and_then(config_from_json),
        })
    }

    /// The hint a server function's error carries, if it does.
    #[must_use]
    pub fn from_server_fn_error(error: &ServerFnError) -> Option<Self> {
        match error {
            ServerFnError::ServerError(message) => Self::from_json(message),
            _ => None,
        }
    }

    /// The factors the verification modal should ask for.
    #[must_use]
    pub fn level(&self) -> Option<ReverificationLevel> {
        self.reverification.map(|r| r.level_and_minutes().0)
    }
}

/// The hint itself, so that a server function's error (`?` makes it
/// `ServerFnError::ServerError(<this>)`) reaches the browser as Clerk's JSON.
impl std::fmt::Display for ReverificationRequired {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_json())
    }
}

impl std::error::Error for ReverificationRequired {}

impl From<ReverificationRequired> for String {
    fn from(required: ReverificationRequired) -> Self {
        required.to_json()
    }
}

impl TryFrom<String> for ReverificationRequired {
    type Error = &'static str;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::from_json(&text).ok_or("not Clerk's reverification hint")
    }
}

/// An error a server function answers with, which [`with_reverification`] reads Clerk's hint
/// from and reports a closed verification modal in. `ServerFnError` is one (the hint is its
/// message); a server function with its own error type implements it:
///
/// ```
/// use leptos::prelude::*;
/// use leptos::server_fn::codec::JsonEncoding;
/// use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
/// use leptos_clerk::{ReverificationError, ReverificationRequired};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Clone, Debug, Serialize, Deserialize, thiserror::Error)]
/// pub enum AppError {
///     #[error("verify it is you first")]
///     Reverify(ReverificationRequired),
///     #[error("verification cancelled")]
///     VerificationCancelled,
///     #[error("{0}")]
///     ServerFn(ServerFnErrorErr),
/// }
///
/// // What `auth.require_reverification(..)?` needs in a server function returning AppError.
/// impl From<ReverificationRequired> for AppError {
///     fn from(required: ReverificationRequired) -> Self {
///         Self::Reverify(required)
///     }
/// }
///
/// impl FromServerFnError for AppError {
///     type Encoder = JsonEncoding;
///
///     fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
///         Self::ServerFn(error)
///     }
/// }
///
/// impl ReverificationError for AppError {
///     fn reverification_required(&self) -> Option<ReverificationRequired> {
///         match self {
///             Self::Reverify(required) => Some(*required),
///             _ => None,
///         }
///     }
///
///     fn reverification_cancelled() -> Self {
///         Self::VerificationCancelled
///     }
///
///     fn is_reverification_cancelled(&self) -> bool {
///         matches!(self, Self::VerificationCancelled)
///     }
/// }
/// ```
pub trait ReverificationError: Sized {
    /// Clerk's hint, when this error is the server's refusal for want of a recent verification.
    fn reverification_required(&self) -> Option<ReverificationRequired>;

    /// What [`with_reverification`] answers when the user closes the verification modal.
    fn reverification_cancelled() -> Self;

    /// Whether this is that answer ([`is_reverification_cancelled`]).
    fn is_reverification_cancelled(&self) -> bool;
}

impl ReverificationError for ServerFnError {
    fn reverification_required(&self) -> Option<ReverificationRequired> {
        ReverificationRequired::from_server_fn_error(self)
    }

    fn reverification_cancelled() -> Self {
        ServerFnError::ServerError(CANCELLED.to_owned())
    }

    fn is_reverification_cancelled(&self) -> bool {
        matches!(self, ServerFnError::ServerError(message) if message == CANCELLED)
    }
}

/// Whether `error` is [`with_reverification`]'s answer to a closed verification modal
/// (`isReverificationCancelledError`).
#[must_use]
pub fn is_reverification_cancelled<E: ReverificationError>(error: &E) -> bool {
    error.is_reverification_cancelled()
}

/// Calls `call` (a server function, typically); if the server answers that the action needs a
/// recent verification, opens Clerk's verification modal and, once the user has verified, calls
/// it once more (Clerk's `useReverification`).
///
/// A closed modal is an error that [`is_reverification_cancelled`] recognises. Without a modal to
/// open (on the server; clerk-js not loaded, or no user signed in) the server's answer is
/// returned as it is, and so is the second answer (a refusal again, if the verification did not
/// satisfy the server).
///
/// Calls refused while the modal is open (two sensitive actions at once, say) share it: one
/// modal, and each call runs again once the user has verified (or fails as cancelled). Clerk's
/// `useReverification` would open it again for each, and the first caller would never hear back.
///
/// The error is `ServerFnError` or the server function's own type ([`ReverificationError`]).
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::with_reverification;
///
/// #[server]
/// async fn delete_everything() -> Result<(), ServerFnError> {
///     # unimplemented!()
/// }
///
/// # fn page() {
/// // `new_local`: in the browser, the verification waits on clerk-js (not `Send`).
/// let delete = Action::new_local(|_: &()| with_reverification(delete_everything));
/// # }
/// ```
pub async fn with_reverification<T, E, F, Fut>(call: F) -> Result<T, E>
where
    E: ReverificationError,
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let answer = call().await;
    let Err(error) = &answer else {
        return answer;
    };
    let Some(required) = error.reverification_required() else {
        return answer;
    };
    match crate::client::verify_again(required.level()).await {
        Some(true) => call().await,
        Some(false) => Err(E::reverification_cancelled()),
        None => answer,
    }
}

/// A preset by its name, a custom one as `{ level, afterMinutes }`.
fn config_json(reverification: Reverification) -> Value {
    match reverification {
        Reverification::Custom {
            level,
            after_minutes,
        } => json!({ "level": level.as_str(), "afterMinutes": after_minutes }),
        preset => Value::from(preset_name(preset)),
    }
}

/// Clerk's name for a preset (`None` for a custom one).
fn preset_name(reverification: Reverification) -> Option<&'static str> {
    match reverification {
        Reverification::StrictMfa => Some("strict_mfa"),
        Reverification::Strict => Some("strict"),
        Reverification::Moderate => Some("moderate"),
        Reverification::Lax => Some("lax"),
        Reverification::Custom { .. } => None,
    }
}

/// `validateReverificationConfig`: a known preset, or a known level with minutes above 0.
fn config_from_json(config: &Value) -> Option<Reverification> {
    if let Some(name) = config.as_str() {
        let presets = [
            Reverification::StrictMfa,
            Reverification::Strict,
            Reverification::Moderate,
            Reverification::Lax,
        ];
        return presets
            .into_iter()
            .find(|preset| preset_name(*preset) == Some(name));
    }
    let level = ReverificationLevel::from_str(config.get("level")?.as_str()?)?;
    let minutes = config.get("afterMinutes")?.as_f64()?;
    if minutes.is_nan() || minutes <= 0.0 {
        return None;
    }
    // Ages are whole minutes, so `age < 1.5` is `age < 2`: rounding up asks the same.
    Some(Reverification::Custom {
        level,
        after_minutes: minutes.ceil().min(f64::from(u32::MAX)) as u32,
    })
}

impl ReverificationLevel {
    /// Clerk's name for the level.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FirstFactor => "first_factor",
            Self::SecondFactor => "second_factor",
            Self::MultiFactor => "multi_factor",
        }
    }

    fn from_str(name: &str) -> Option<Self> {
        [Self::FirstFactor, Self::SecondFactor, Self::MultiFactor]
            .into_iter()
            .find(|level| level.as_str() == name)
    }
}

#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for ReverificationRequired {
    /// `reverificationErrorResponse`: `403` with the hint as JSON.
    fn into_response(self) -> axum::response::Response {
        let content_type = [(http::header::CONTENT_TYPE, "application/json")];
        (http::StatusCode::FORBIDDEN, content_type, self.to_json()).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_is_clerks_json() {
        let hint = ReverificationRequired::new(Reverification::Strict);
        let value: Value = serde_json::from_str(&hint.to_json()).unwrap();
        assert_eq!(
            value,
            json!({"clerk_error": {"type": "forbidden", "reason": "reverification-error",
                   "metadata": {"reverification": "strict"}}})
        );
        let custom = ReverificationRequired::new(Reverification::Custom {
            level: ReverificationLevel::MultiFactor,
            after_minutes: 5,
        });
        let value: Value = serde_json::from_str(&custom.to_json()).unwrap();
        assert_eq!(
            value["clerk_error"]["metadata"]["reverification"],
            json!({"level": "multi_factor", "afterMinutes": 5})
        );
        // `reverificationError()` with no config: metadata without the key.
        let bare = ReverificationRequired {
            reverification: None,
        };
        let value: Value = serde_json::from_str(&bare.to_json()).unwrap();
        assert_eq!(value["clerk_error"]["metadata"], json!({}));
    }

    #[test]
    fn every_config_reads_back() {
        let all = [
            Reverification::StrictMfa,
            Reverification::Strict,
            Reverification::Moderate,
            Reverification::Lax,
            Reverification::Custom {
                level: ReverificationLevel::FirstFactor,
                after_minutes: 1,
            },
            Reverification::Custom {
                level: ReverificationLevel::SecondFactor,
                after_minutes: 90,
            },
        ];
        for reverification in all {
            let hint = ReverificationRequired::new(reverification);
            assert_eq!(
                ReverificationRequired::from_json(&hint.to_json()),
                Some(hint)
            );
            let error = ServerFnError::from(hint);
            assert_eq!(
                ReverificationRequired::from_server_fn_error(&error),
                Some(hint)
            );
        }
        assert_eq!(
            ReverificationRequired::new(Reverification::Lax).level(),
            Some(ReverificationLevel::SecondFactor)
        );
        // Clerk takes any number of minutes above 0; ages are whole minutes, so 1.5 asks as 2.
        let text = json!({"clerk_error": {"type": "forbidden", "reason": "reverification-error",
                          "metadata": {"reverification": {"level": "multi_factor", "afterMinutes": 1.5}}}})
        .to_string();
        assert_eq!(
            ReverificationRequired::from_json(&text)
                .unwrap()
                .reverification,
            Some(Reverification::Custom {
                level: ReverificationLevel::MultiFactor,
                after_minutes: 2
            })
        );
    }

    /// An app's own server-function error holding the hint, as the trait's docs show.
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    enum AppError {
        Reverify(ReverificationRequired),
        Cancelled,
        Other(String),
    }

    impl ReverificationError for AppError {
        fn reverification_required(&self) -> Option<ReverificationRequired> {
            match self {
                Self::Reverify(required) => Some(*required),
                _ => None,
            }
        }

        fn reverification_cancelled() -> Self {
            Self::Cancelled
        }

        fn is_reverification_cancelled(&self) -> bool {
            matches!(self, Self::Cancelled)
        }
    }

    #[test]
    fn an_apps_own_error_carries_the_hint_as_clerks_json() {
        let hint = ReverificationRequired::new(Reverification::Custom {
            level: ReverificationLevel::FirstFactor,
            after_minutes: 1,
        });
        let wire = serde_json::to_value(AppError::Reverify(hint)).unwrap();
        assert_eq!(wire, json!({ "Reverify": hint.to_json() }));
        let back: AppError = serde_json::from_value(wire).unwrap();
        assert_eq!(back.reverification_required(), Some(hint));
        // Anything else in its place is a deserialization error, not a hint.
        let not_a_hint = json!({ "Reverify": "{\"clerk_error\": {}}" });
        assert!(serde_json::from_value::<AppError>(not_a_hint).is_err());
        assert!(is_reverification_cancelled(
            &AppError::reverification_cancelled()
        ));
        assert!(!is_reverification_cancelled(&AppError::Other("no".into())));
        assert!(is_reverification_cancelled(
            &ServerFnError::reverification_cancelled()
        ));
    }

    #[test]
    fn a_hint_with_a_config_clerk_would_refuse_is_still_a_hint() {
        for config in [
            json!("stricter"),
            json!({"level": "third_factor", "afterMinutes": 5}),
            json!({"level": "first_factor", "afterMinutes": 0}),
            json!({"level": "first_factor", "afterMinutes": -3}),
            json!({"level": "first_factor", "afterMinutes": "5"}),
            json!({"level": "first_factor"}),
            json!(7),
        ] {
            let text =
                json!({"clerk_error": {"type": "forbidden", "reason": "reverification-error",
                              "metadata": {"reverification": config}}})
                .to_string();
            let hint = ReverificationRequired::from_json(&text).expect("a hint");
            assert_eq!(hint.reverification, None, "{config}");
            assert_eq!(hint.level(), None);
        }
    }

    #[test]
    fn anything_else_is_not_a_hint() {
        for text in [
            "",
            "not json",
            "null",
            "[]",
            r#"{"clerk_error": {"type": "forbidden", "reason": "other"}}"#,
            r#"{"clerk_error": {"type": "unauthorized", "reason": "reverification-error"}}"#,
            r#"{"errors": [{"code": "session_reverification_required"}]}"#,
        ] {
            assert_eq!(ReverificationRequired::from_json(text), None, "{text}");
        }
        let other = ServerFnError::new("note not found");
        assert_eq!(ReverificationRequired::from_server_fn_error(&other), None);
        assert!(!is_reverification_cancelled(&other));
    }

    /// Without clerk-js (here, no browser), the server's answer comes back as it was, once.
    #[test]
    fn without_clerk_js_the_refusal_is_returned() {
        let calls = std::cell::Cell::new(0);
        let refused = futures::executor::block_on(with_reverification(|| {
            calls.set(calls.get() + 1);
            async {
                Err::<(), ServerFnError>(ReverificationRequired::new(Reverification::Strict).into())
            }
        }));
        assert_eq!(calls.get(), 1);
        let error = refused.unwrap_err();
        assert!(ReverificationRequired::from_server_fn_error(&error).is_some());
        let fine = futures::executor::block_on(with_reverification(|| async {
            Ok::<_, ServerFnError>(5)
        }));
        assert_eq!(fine.unwrap(), 5);
        // The same with an app's own error type.
        let hint = ReverificationRequired::new(Reverification::Lax);
        let refused = futures::executor::block_on(with_reverification(|| {
            calls.set(calls.get() + 1);
            async move { Err::<(), _>(AppError::Reverify(hint)) }
        }));
        assert_eq!(calls.get(), 2);
        assert_eq!(refused, Err(AppError::Reverify(hint)));
    }
}
