//! A sign-in of your own design: what [`use_sign_in`](crate::use_sign_in) answers. The Leptos
//! form of the `SignIn` resource that Clerk's custom flows drive through `useSignIn()`.

use std::fmt;

/// The [`ClerkApiError::code`] of a step that did not reach Clerk (offline, or clerk-js took
/// the browser for offline and sent nothing): nothing changed; try again. clerk-js's own code.
pub const NETWORK_ERROR: &str = "network_error";

/// The [`ClerkApiError::code`] of a code step taken with no sign-in in progress (it expired, or
/// the browser signed in since): the form starts again.
pub const NO_SIGN_IN: &str = "sign_in_not_started";

/// Where a sign-in stands after a step (clerk-js's `signIn.status`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignInStatus {
    /// Signed in: make the new session active with
    /// [`UseSignIn::set_active`](crate::UseSignIn::set_active).
    Complete,
    /// A first factor is still needed (e.g. no password was given).
    NeedsFirstFactor,
    /// A second factor is needed (the user turned one on). Clerk's `<SignIn/>` finishes this
    /// sign-in at its `factor-two` step (`/sign-in/factor-two`).
    NeedsSecondFactor,
    /// Clerk asks this browser, new to the user, for a code sent by email (Client Trust, on by
    /// default for applications made since November 2025). Finished as
    /// [`NeedsSecondFactor`](Self::NeedsSecondFactor) is.
    NeedsClientTrust,
    /// The user must choose a new password.
    NeedsNewPassword,
    /// The identifier is still needed.
    NeedsIdentifier,
    /// A status this SDK does not name (Clerk may add some), as clerk-js spells it.
    Other(String),
}

impl SignInStatus {
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // read from clerk-js only
    pub(crate) fn parse(status: &str) -> Self {
        // clerk-js 6's statuses (`SignInStatus` in @clerk/types).
        match status {
            "complete" => Self::Complete,
            "needs_first_factor" => Self::NeedsFirstFactor,
            "needs_second_factor" => Self::NeedsSecondFactor,
            "needs_client_trust" => Self::NeedsClientTrust,
            "needs_new_password" => Self::NeedsNewPassword,
            "needs_identifier" => Self::NeedsIdentifier,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// The sign-in after a step.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignInAttempt {
    /// Where it stands.
    pub status: SignInStatus,
    /// The session it made, once [`SignInStatus::Complete`].
    pub created_session_id: Option<String>,
}

/// Why Clerk refused a step, as its API says (clerk-js's `ClerkAPIResponseError`: its first
/// error here, any others in [`more`](Self::more)), or why the step could not be tried:
/// `network_error` when it did not reach Clerk; no `code` when clerk-js did not load or failed
/// otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClerkApiError {
    /// Clerk's error code, e.g. `form_password_incorrect` or `form_identifier_not_found`.
    pub code: Option<String>,
    /// The message to show the user (Clerk's `longMessage`, else its `message`).
    pub message: String,
    /// The form field it is about (`identifier`, `password`, …), when it names one.
    pub param: Option<String>,
    /// Clerk's further errors of the same answer, in its order: a form is refused once, with
    /// an error for each field that is wrong. Usually empty; see [`errors`](Self::errors).
    pub more: Vec<ClerkApiError>,
}

impl ClerkApiError {
    pub(crate) fn without_code(message: impl Into<String>) -> Self {
        Self {
            code: None,
            message: message.into(),
            param: None,
            more: Vec::new(),
        }
    }

    /// Every error of the answer, this first one included (clerk-js's `errors`).
    pub fn errors(&self) -> impl Iterator<Item = &ClerkApiError> {
        std::iter::once(self).chain(&self.more)
    }

    /// The message about the form field `param` (`"password"`, `"email_address"`), to show
    /// beside that field.
    #[must_use]
    pub fn for_field(&self, param: &str) -> Option<&str> {
        self.errors()
            .find(|error| error.param.as_deref() == Some(param))
            .map(|error| error.message.as_str())
    }
}

impl fmt::Display for ClerkApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.errors().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            match &error.code {
                Some(code) => write!(f, "{} ({code})", error.message)?,
                None => f.write_str(&error.message)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for ClerkApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(code: &str, message: &str, param: Option<&str>) -> ClerkApiError {
        ClerkApiError {
            code: Some(code.to_owned()),
            param: param.map(str::to_owned),
            ..ClerkApiError::without_code(message)
        }
    }

    #[test]
    fn every_error_of_one_answer_is_kept_and_found_by_its_field() {
        let refused = ClerkApiError {
            more: vec![error(
                "form_password_length_too_short",
                "Too short.",
                Some("password"),
            )],
            ..error("form_identifier_exists", "Taken.", Some("email_address"))
        };
        assert_eq!(refused.for_field("email_address"), Some("Taken."));
        assert_eq!(refused.for_field("password"), Some("Too short."));
        assert_eq!(refused.for_field("code"), None);
        assert_eq!(refused.errors().count(), 2);
        assert_eq!(
            refused.to_string(),
            "Taken. (form_identifier_exists); Too short. (form_password_length_too_short)"
        );
        assert_eq!(
            ClerkApiError::without_code("Offline.").to_string(),
            "Offline."
        );
    }
}
