//! A sign-up of your own design: what [`use_sign_up`](crate::use_sign_up) answers. The Leptos
//! form of the `SignUp` resource that Clerk's custom flows drive through `useSignUp()`.

/// The [`ClerkApiError::code`](crate::ClerkApiError::code) of a code step taken with no sign-up in
/// progress (it expired, or the browser signed in since): the form starts again.
pub const NO_SIGN_UP: &str = "sign_up_not_started";

/// Where a sign-up stands after a step (clerk-js's `signUp.status`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignUpStatus {
    /// The user exists and is signed in: make the new session active with
    /// [`UseSignUp::set_active`](crate::UseSignUp::set_active).
    Complete,
    /// Something is still needed: a field ([`SignUpAttempt::missing_fields`]) or a verification
    /// ([`SignUpAttempt::unverified_fields`], e.g. the email address's code).
    MissingRequirements,
    /// Clerk gave up on it (it expired): start again.
    Abandoned,
    /// A status this SDK does not name (Clerk may add some), as clerk-js spells it.
    Other(String),
}

impl SignUpStatus {
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // read from clerk-js only
    pub(crate) fn parse(status: &str) -> Self {
        // clerk-js 6's statuses (`SignUpStatus` in @clerk/types).
        match status {
            "complete" => Self::Complete,
            "missing_requirements" => Self::MissingRequirements,
            "abandoned" => Self::Abandoned,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// The sign-up after a step.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignUpAttempt {
    /// Where it stands.
    pub status: SignUpStatus,
    /// The session it made, once [`SignUpStatus::Complete`].
    pub created_session_id: Option<String>,
    /// Fields given but not yet verified, as Clerk names them (`email_address`, …).
    pub unverified_fields: Vec<String>,
    /// Fields the instance requires that were not given (`first_name`, `last_name`, …).
    pub missing_fields: Vec<String>,
}

impl SignUpAttempt {
    /// Whether the email address waits for the code Clerk sends it:
    /// [`prepare_email_code`](crate::UseSignUp::prepare_email_code) sends one,
    /// [`attempt_email_code`](crate::UseSignUp::attempt_email_code) checks what the user typed.
    #[must_use]
    pub fn needs_email_code(&self) -> bool {
        self.unverified_fields
            .iter()
            .any(|field| field == "email_address")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_clerk_js_names_and_one_it_may_add() {
        assert_eq!(SignUpStatus::parse("complete"), SignUpStatus::Complete);
        assert_eq!(
            SignUpStatus::parse("missing_requirements"),
            SignUpStatus::MissingRequirements
        );
        assert_eq!(SignUpStatus::parse("abandoned"), SignUpStatus::Abandoned);
        assert_eq!(
            SignUpStatus::parse("needs_review"),
            SignUpStatus::Other("needs_review".to_owned())
        );
    }

    #[test]
    fn an_email_code_is_needed_while_the_address_is_unverified() {
        let attempt = |unverified: &[&str]| SignUpAttempt {
            status: SignUpStatus::MissingRequirements,
            created_session_id: None,
            unverified_fields: unverified.iter().map(|f| (*f).to_owned()).collect(),
            missing_fields: Vec::new(),
        };
        assert!(attempt(&["email_address"]).needs_email_code());
        assert!(!attempt(&["phone_number"]).needs_email_code());
        assert!(!attempt(&[]).needs_email_code());
    }
}
