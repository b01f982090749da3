//! Seed users from the configuration, applied idempotently by email address at every start.

use crate::config::SeedUser;
use crate::errors::LocalError;
use crate::password;

use super::{State, User};

/// Creates missing seed users and brings existing ones in line with their seed (names,
/// password). Returns whether anything changed.
pub(crate) fn apply(state: &mut State, seeds: &[SeedUser], now: i64) -> Result<bool, LocalError> {
    let mut changed = false;
    for seed in seeds {
        let email = seed.email.trim();
        if !email.contains('@') {
            return Err(invalid(seed, "`email` is not an email address"));
        }
        if seed.password.is_empty() {
            return Err(invalid(seed, "`password` is empty"));
        }
        let existing = state.user_by_email(email).map(|u| u.id.clone());
        match existing.and_then(|id| state.user_mut(&id)) {
            Some(user) => changed |= update(user, seed, now)?,
            None => {
                let mut user = User::new(email, hash(&seed.password)?, now);
                user.first_name.clone_from(&seed.first_name);
                user.last_name.clone_from(&seed.last_name);
                state.users.push(user);
                changed = true;
            }
        }
    }
    Ok(changed)
}

fn update(user: &mut User, seed: &SeedUser, now: i64) -> Result<bool, LocalError> {
    let mut changed = false;
    if user.first_name != seed.first_name || user.last_name != seed.last_name {
        user.first_name.clone_from(&seed.first_name);
        user.last_name.clone_from(&seed.last_name);
        changed = true;
    }
    if !password::verify(&seed.password, &user.password_hash) {
        user.password_hash = hash(&seed.password)?;
        changed = true;
    }
    if changed {
        user.updated_at = now;
    }
    Ok(changed)
}

fn hash(password: &str) -> Result<String, LocalError> {
    password::hash(password).map_err(LocalError::PasswordHash)
}

fn invalid(seed: &SeedUser, reason: &str) -> LocalError {
    LocalError::InvalidSeed {
        email: seed.email.clone(),
        reason: reason.to_owned(),
    }
}
