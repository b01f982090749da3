//! Sign-ups and instance invitations: with `sign_up_mode = "restricted"` (or `"waitlist"`) only an
//! address with a pending invitation may sign up. The invitation link's ticket (`strategy=ticket&ticket=`, what
//! `<SignUp/>` sends for `__clerk_ticket`) brings the address, verified; typing an invited
//! address works too. The user created accepts the invitation and inherits its public metadata.

use crate::clock::now_ms;
use crate::config::SignUpMode;
use crate::constants::TICKET_STRATEGY;
use crate::instance::Instance;
use crate::reply::ApiError;
use crate::store::State;

use super::FapiRequest;

/// The invited address a `strategy=ticket` sign-up brings (`ticket_invalid` for a ticket that is
/// unknown, used, revoked or expired); `None` without a ticket.
pub(super) fn ticket_email(
    instance: &Instance,
    req: &FapiRequest,
) -> Result<Option<String>, ApiError> {
    if req.form("strategy") != Some(TICKET_STRATEGY) {
        return Ok(None);
    }
    let ticket = req
        .form("ticket")
        .ok_or_else(|| ApiError::param_missing("ticket", "ticket is missing"))?;
    let now = now_ms();
    instance
        .store
        .read(|state| {
            state
                .instance_invitation_by_ticket(ticket, now)
                .map(|i| i.email.clone())
        })
        .map(Some)
        .ok_or_else(ApiError::ticket_invalid)
}

/// In restricted and waitlist modes, refuses a sign-up whose address (if known yet) is not
/// invited.
pub(super) fn admit(
    instance: &Instance,
    state: &State,
    email: Option<&str>,
) -> Result<(), ApiError> {
    if instance.sign_up_mode == SignUpMode::Public {
        return Ok(());
    }
    let invited = email.is_some_and(|e| state.pending_instance_invitation(e, now_ms()).is_some());
    if invited {
        Ok(())
    } else {
        Err(refusal(instance))
    }
}

/// What an uninvited sign-up is told: Clerk's code differs when the waitlist is the way in.
pub(super) fn refusal(instance: &Instance) -> ApiError {
    match instance.sign_up_mode {
        SignUpMode::Waitlist => ApiError::sign_up_restricted_waitlist(),
        _ => ApiError::sign_up_restricted(),
    }
}
