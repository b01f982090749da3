//! A social sign-in's trip: Frontend API → consent page → Frontend API callback. Each trip has
//! an unguessable `state`, bound to the browser's client (a callback URL with someone else's
//! state is refused: login CSRF), used once, and dead after ten minutes. Kept in memory only,
//! at most `MAX_PENDING` at a time (the oldest go first): anyone may start one.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::bounded;
use crate::ids::random_string;
use crate::store::Identity;

const STATE_LENGTH: usize = 32;
const CODE_LENGTH: usize = 32;
const MAX_PENDING: usize = 1_000;
/// Time to pick an identity on the consent page.
pub(crate) const ROUND_TRIP_LIFETIME_MS: i64 = 10 * 60 * 1000;

/// Which attempt started the trip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    SignIn,
    SignUp,
    /// `<UserProfile/>`'s "Connect account": a signed-in user adds a provider account.
    Connect,
}

/// What the user decided on the consent page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The provider hands the callback `code`, which stands for `identity`.
    Approved { code: String, identity: Identity },
    /// The user cancelled (`error=access_denied`, as Google answers).
    Denied,
}

#[derive(Clone, Debug)]
pub(crate) struct RoundTrip {
    pub strategy: &'static str,
    /// The `__client` cookie of the browser that started it.
    pub client_token: String,
    pub flow: Flow,
    /// The sign-in's or sign-up's id; for `Connect`, the user's.
    pub attempt_id: String,
    /// Where the callback sends the browser (already checked to be the app's).
    pub redirect_url: String,
    pub expires_at: i64,
    pub outcome: Option<Outcome>,
}

impl RoundTrip {
    /// Not expired, not decided yet, and started by the browser `client_token`.
    fn awaits_consent_of(&self, client_token: Option<&str>, now: i64) -> bool {
        now < self.expires_at
            && self.outcome.is_none()
            && client_token == Some(self.client_token.as_str())
    }
}

#[derive(Default)]
pub(crate) struct RoundTrips {
    pending: Mutex<HashMap<String, RoundTrip>>,
}

impl RoundTrips {
    /// Registers a trip; returns its `state`.
    pub(crate) fn begin(&self, trip: RoundTrip, now: i64) -> String {
        let state = random_string(STATE_LENGTH);
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        pending.retain(|_, t| now < t.expires_at);
        bounded::make_room(&mut pending, MAX_PENDING, |t| t.expires_at);
        pending.insert(state.clone(), trip);
        state
    }

    /// The trip `state` of the browser `client_token`, still waiting for a decision.
    pub(crate) fn awaiting_consent(
        &self,
        state: &str,
        client_token: Option<&str>,
        now: i64,
    ) -> Option<RoundTrip> {
        let pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        pending
            .get(state)
            .filter(|t| t.awaits_consent_of(client_token, now))
            .cloned()
    }

    /// Records the consent page's decision once; returns the code for the callback (none when
    /// denied). `None` when the trip is not this browser's, is over or was decided already.
    pub(crate) fn decide(
        &self,
        state: &str,
        client_token: Option<&str>,
        identity: Option<Identity>,
        now: i64,
    ) -> Option<Option<String>> {
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let trip = pending
            .get_mut(state)
            .filter(|t| t.awaits_consent_of(client_token, now))?;
        let (outcome, code) = match identity {
            Some(identity) => {
                let code = random_string(CODE_LENGTH);
                let outcome = Outcome::Approved {
                    code: code.clone(),
                    identity,
                };
                (outcome, Some(code))
            }
            None => (Outcome::Denied, None),
        };
        trip.outcome = Some(outcome);
        Some(code)
    }

    /// Ends trip `state` at the callback: it is gone afterwards, whatever the answer (a replayed
    /// or leaked callback URL gets nothing). `Some` only for the browser that started it, with
    /// the code the consent page issued, or no code after a cancel.
    pub(crate) fn finish(
        &self,
        state: &str,
        client_token: Option<&str>,
        code: Option<&str>,
        now: i64,
    ) -> Option<RoundTrip> {
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let trip = pending.remove(state)?;
        let answered = match (&trip.outcome, code) {
            (Some(Outcome::Approved { code: issued, .. }), Some(code)) => issued == code,
            (Some(Outcome::Denied), None) => true,
            _ => false,
        };
        let own = client_token == Some(trip.client_token.as_str());
        (answered && own && now < trip.expires_at).then_some(trip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trip() -> RoundTrip {
        RoundTrip {
            strategy: "oauth_google",
            client_token: "client-a".into(),
            flow: Flow::SignIn,
            attempt_id: "sia_1".into(),
            redirect_url: "http://localhost/".into(),
            expires_at: ROUND_TRIP_LIFETIME_MS,
            outcome: None,
        }
    }

    fn identity() -> Identity {
        crate::oauth::provider("oauth_google")
            .unwrap()
            .identity("a@example.com", None, None)
    }

    #[test]
    fn a_state_is_the_starting_browsers_and_is_used_once() {
        let trips = RoundTrips::default();
        let state = trips.begin(trip(), 0);
        assert!(trips
            .awaiting_consent(&state, Some("client-b"), 1)
            .is_none());
        assert!(trips.decide(&state, Some("client-b"), None, 1).is_none());
        let code = trips
            .decide(&state, Some("client-a"), Some(identity()), 1)
            .unwrap()
            .unwrap();
        // Decided: the consent page cannot be used again.
        assert!(trips.decide(&state, Some("client-a"), None, 1).is_none());
        assert!(trips
            .finish(&state, Some("client-a"), Some("wrong"), 2)
            .is_none());
        // A wrong code burnt the state.
        assert!(trips
            .finish(&state, Some("client-a"), Some(&code), 2)
            .is_none());

        let state = trips.begin(trip(), 0);
        let code = trips
            .decide(&state, Some("client-a"), Some(identity()), 1)
            .unwrap()
            .unwrap();
        assert!(trips
            .finish(&state, Some("client-a"), Some(&code), 2)
            .is_some());
        assert!(trips
            .finish(&state, Some("client-a"), Some(&code), 2)
            .is_none());
    }

    #[test]
    fn another_browser_or_a_late_callback_gets_nothing() {
        let trips = RoundTrips::default();
        let state = trips.begin(trip(), 0);
        let code = trips
            .decide(&state, Some("client-a"), Some(identity()), 1)
            .unwrap();
        assert!(trips
            .finish(&state, Some("client-b"), code.as_deref(), 2)
            .is_none());

        let state = trips.begin(trip(), 0);
        trips.decide(&state, Some("client-a"), None, 1).unwrap();
        assert!(trips
            .finish(&state, Some("client-a"), None, ROUND_TRIP_LIFETIME_MS)
            .is_none());
    }
}
