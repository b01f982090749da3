//! The JWTs the instance issues: session tokens (Clerk's v2 claims, with the active
//! organization as `o` and its features as `fea`), JWT-template tokens, and handshake tokens.

use serde_json::{json, Map, Value};

use crate::clock::secs;
use crate::config::{split_permission, JwtTemplate, OrganizationSettings};
use crate::constants::{
    SESSION_ACTIVE, SESSION_PENDING, SESSION_TOKEN_CATEGORY, TEMPLATE_TOKEN_CATEGORY,
    TOKEN_LIFETIME_SECS, TOKEN_NOT_BEFORE_SKEW_SECS,
};
use crate::ids;
use crate::keys::SigningKeys;
use crate::store::{Session, State};

/// What every token of one request is minted from.
pub(crate) struct Minter<'a> {
    pub keys: &'a SigningKeys,
    pub orgs: &'a OrganizationSettings,
    pub state: &'a State,
    /// The origin of the page that asked (`azp`).
    pub azp: &'a str,
    /// `https://<frontend api host>`.
    pub issuer: &'a str,
    pub now_ms: i64,
}

impl Minter<'_> {
    /// A session token as FAPI mints it: 60 s lifetime, `nbf` 10 s back, and the organization
    /// `org_id` (default: the session's active one) as `o` when the user is a member.
    pub(crate) fn session_token(&self, session: &Session, org_id: Option<&str>) -> String {
        self.session_token_lasting(session, org_id, None)
    }

    /// A session token living `lifetime_secs` (the Backend API's `expires_in_seconds`).
    pub(crate) fn session_token_lasting(
        &self,
        session: &Session,
        org_id: Option<&str>,
        lifetime_secs: Option<i64>,
    ) -> String {
        let iat = secs(self.now_ms);
        // Minutes since the first and the second factor were checked (-1: none).
        let fva = session.factor_verification_age(self.state.user(&session.user_id), self.now_ms);
        // The session's state, whichever organization this token is for: a token for one of
        // the user's organizations does not finish the task (activating it does).
        let status = if self.is_pending(session) {
            SESSION_PENDING
        } else {
            SESSION_ACTIVE
        };
        let mut claims = json!({
            "azp": self.azp,
            "exp": iat + lifetime_secs.filter(|l| *l > 0).unwrap_or(TOKEN_LIFETIME_SECS),
            "fva": fva,
            "iat": iat,
            "iss": self.issuer,
            "jti": ids::trace_id(),
            "nbf": iat - TOKEN_NOT_BEFORE_SKEW_SECS,
            "sid": session.id,
            "sts": status,
            "sub": session.user_id,
            "v": 2,
        });
        let org_id = org_id.or(session.active_organization_id.as_deref());
        if let Some((o, fea)) = org_id.and_then(|id| self.org_claim(&session.user_id, id)) {
            claims["o"] = o;
            if !fea.is_empty() {
                claims["fea"] = Value::String(fea);
            }
        }
        self.keys.sign(&claims, SESSION_TOKEN_CATEGORY)
    }

    /// Whether the session waits for its `choose-organization` task (`State::is_pending`).
    pub(crate) fn is_pending(&self, session: &Session) -> bool {
        self.state
            .is_pending(session, self.orgs.requires_organization())
    }

    /// A JWT-template token: the standard claims, then the template's claims with their
    /// `{{user.…}}` / `{{org.…}}` shortcodes filled in.
    pub(crate) fn template_token(&self, session: &Session, template: &JwtTemplate) -> String {
        let iat = secs(self.now_ms);
        let mut claims = json!({
            "azp": self.azp,
            "exp": iat + template.lifetime,
            "iat": iat,
            "iss": self.issuer,
            "jti": ids::trace_id(),
            "nbf": iat - TOKEN_NOT_BEFORE_SKEW_SECS,
            "sub": session.user_id,
        });
        let values = self.shortcodes(session);
        if let (Value::Object(claims), Ok(Value::Object(custom))) =
            (&mut claims, serde_json::to_value(&template.claims))
        {
            for (name, value) in custom {
                claims.insert(name, fill(value, &values));
            }
        }
        self.keys.sign(&claims, TEMPLATE_TOKEN_CATEGORY)
    }

    /// `o: {id, slg, rol, per, fpm}` and `fea` for a member of `org_id`.
    fn org_claim(&self, user_id: &str, org_id: &str) -> Option<(Value, String)> {
        let org = self.state.organization(org_id)?;
        let membership = self.state.membership(org_id, user_id)?;
        let role = membership.role.as_str();
        let granted: Vec<(&str, &str)> = self
            .orgs
            .role(role)
            .map(|r| {
                r.permissions
                    .iter()
                    .filter_map(|p| split_permission(p))
                    .collect()
            })
            .unwrap_or_default();
        let mut names: Vec<&str> = Vec::new();
        for (_, name) in &granted {
            if !names.contains(name) {
                names.push(name);
            }
        }
        let features = self.orgs.features();
        let masks: Vec<String> = features
            .iter()
            .map(|feature| {
                let mask = names.iter().enumerate().fold(0u64, |mask, (bit, name)| {
                    if granted.contains(&(feature, name)) {
                        mask | (1 << bit)
                    } else {
                        mask
                    }
                });
                mask.to_string()
            })
            .collect();
        let mut o = json!({
            "id": org.id,
            "slg": org.slug,
            "rol": role.strip_prefix("org:").unwrap_or(role),
        });
        if !features.is_empty() {
            o["per"] = Value::String(names.join(","));
            o["fpm"] = Value::String(masks.join(","));
        }
        let fea = features
            .iter()
            .map(|f| format!("o:{f}"))
            .collect::<Vec<_>>()
            .join(",");
        Some((o, fea))
    }

    fn shortcodes(&self, session: &Session) -> Map<String, Value> {
        let mut values = Map::new();
        if let Some(user) = self.state.user(&session.user_id) {
            values.insert("user.id".into(), json!(user.id));
            values.insert("user.first_name".into(), json!(user.first_name));
            values.insert("user.last_name".into(), json!(user.last_name));
            values.insert("user.primary_email_address".into(), json!(user.email));
            values.insert("user.external_id".into(), json!(user.external_id));
            values.insert("user.public_metadata".into(), user.public_metadata.clone());
            values.insert("user.unsafe_metadata".into(), user.unsafe_metadata.clone());
        }
        let org = session.active_organization_id.as_deref().and_then(|id| {
            Some((
                self.state.organization(id)?,
                self.state.membership(id, &session.user_id)?,
            ))
        });
        let (id, slug, role) = org.map_or((Value::Null, Value::Null, Value::Null), |(o, m)| {
            (json!(o.id), json!(o.slug), json!(m.role))
        });
        values.insert("org.id".into(), id);
        values.insert("org.slug".into(), slug);
        values.insert("org.role".into(), role);
        values
    }
}

/// Replaces shortcodes: a string that is exactly `{{name}}` becomes that value (of any type);
/// shortcodes inside longer strings are replaced by their text.
fn fill(value: Value, values: &Map<String, Value>) -> Value {
    match value {
        Value::String(text) => {
            let trimmed = text.trim();
            if let Some(name) = trimmed
                .strip_prefix("{{")
                .and_then(|t| t.strip_suffix("}}"))
            {
                if let Some(value) = values.get(name.trim()) {
                    return value.clone();
                }
            }
            let mut text = text;
            for (name, value) in values {
                let shown = match value {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                text = text.replace(&format!("{{{{{name}}}}}"), &shown);
            }
            Value::String(text)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(|v| fill(v, values)).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, fill(v, values))).collect())
        }
        other => other,
    }
}

/// The `__clerk_handshake` token: the Set-Cookie directives, signed with the instance key so the
/// app server can trust them. `@clerk/backend` accepts only the session category there.
pub(crate) fn handshake_token(keys: &SigningKeys, directives: &[String]) -> String {
    keys.sign(&json!({ "handshake": directives }), SESSION_TOKEN_CATEGORY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_whole_and_embedded_shortcodes() {
        let mut values = Map::new();
        values.insert("user.id".into(), json!("user_1"));
        values.insert("user.public_metadata".into(), json!({"plan": "pro"}));
        let filled = fill(
            json!({"uid": "{{user.id}}", "meta": "{{user.public_metadata}}", "greeting": "hi {{user.id}}!", "n": 3}),
            &values,
        );
        assert_eq!(
            filled,
            json!({"uid": "user_1", "meta": {"plan": "pro"}, "greeting": "hi user_1!", "n": 3})
        );
    }
}
