//! `Auth` as JSON, shaped exactly like Clerk's `SignedInAuthObject` / `SignedOutAuthObject` once
//! `JSON.stringify` has dropped the functions (and, when signed in, the `undefined` fields).

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Value};

use super::Auth;

const TOKEN_TYPE: &str = "session_token";

impl Serialize for Auth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("tokenType", TOKEN_TYPE)?;
        let Auth::SignedIn(auth) = self else {
            map.serialize_entry("sessionClaims", &Value::Null)?;
            map.serialize_entry("sessionId", &Value::Null)?;
            map.serialize_entry("sessionStatus", &self.session_status())?;
            map.serialize_entry("userId", &Value::Null)?;
            map.serialize_entry("actor", &Value::Null)?;
            for key in [
                "orgId",
                "orgRole",
                "orgSlug",
                "orgPermissions",
                "factorVerificationAge",
            ] {
                map.serialize_entry(key, &Value::Null)?;
            }
            map.serialize_entry("isAuthenticated", &false)?;
            return map.end();
        };
        if let Some(actor) = auth.actor() {
            map.serialize_entry("actor", actor)?;
        }
        map.serialize_entry("sessionClaims", auth.claims().raw())?;
        if let Some(sid) = auth.session_id() {
            map.serialize_entry("sessionId", sid)?;
        }
        map.serialize_entry("sessionStatus", &auth.session_status())?;
        map.serialize_entry("userId", auth.user_id())?;
        if let Some(org_id) = auth.org_id() {
            map.serialize_entry("orgId", org_id)?;
        }
        if let Some(role) = auth.org_role() {
            map.serialize_entry("orgRole", &role)?;
        }
        if let Some(slug) = auth.org_slug() {
            map.serialize_entry("orgSlug", slug)?;
        }
        if let Some(permissions) = auth.org_permissions() {
            map.serialize_entry("orgPermissions", &permissions)?;
        }
        map.serialize_entry("factorVerificationAge", &auth.factor_verification_age())?;
        map.serialize_entry("isAuthenticated", &true)?;
        map.end()
    }
}

impl Auth {
    /// What Clerk's `auth.debug()` shows, minus anything secret: the state, ids and, when
    /// signed out, the reason and message. Never the token.
    #[must_use]
    pub fn debug(&self) -> Value {
        json!({
            "isAuthenticated": self.is_signed_in(),
            "userId": self.user_id(),
            "sessionId": self.session_id(),
            "sessionStatus": self.session_status(),
            "orgId": self.org_id(),
            "reason": self.reason().map(|r| r.as_str()),
            "message": self.message(),
        })
    }
}
