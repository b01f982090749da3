//! The claims of a Clerk session token, v1 and v2, and the organization fields derived from them
//! (`@clerk/shared` `jwtPayloadParser.ts`).

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// The active organization in a v2 token (`o` claim).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrgClaim {
    /// Organization id (`org_…`).
    pub id: String,
    /// Slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slg: Option<String>,
    /// Role, **without** the `org:` prefix (e.g. `admin`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rol: Option<String>,
    /// Comma-separated permission names (e.g. `manage,read`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
    /// Comma-separated bitmasks over `per`, one per organization feature in `fea`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fpm: Option<String>,
}

/// The verified claims of a session token.
///
/// Organization fields differ between token versions; read them through [`org_id`](Self::org_id),
/// [`org_role`](Self::org_role), [`org_slug`](Self::org_slug) and
/// [`org_permissions`](Self::org_permissions), which handle both. Claims added with
/// "Customize session token" land in [`custom`](Self::custom).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionClaims {
    /// The user id (`user_…`).
    pub sub: String,
    /// The session id (`sess_…`).
    #[serde(default, deserialize_with = "lenient")]
    pub sid: Option<String>,
    /// Origin of the request that minted the token.
    #[serde(default)]
    pub azp: Option<String>,
    /// `https://<frontend-api-host>`.
    #[serde(default)]
    pub iss: Option<String>,
    /// Expiry, unix seconds.
    #[serde(deserialize_with = "seconds")]
    pub exp: i64,
    /// Issued at, unix seconds.
    #[serde(default, deserialize_with = "opt_seconds")]
    pub iat: Option<i64>,
    /// Not before, unix seconds.
    #[serde(default, deserialize_with = "opt_seconds")]
    pub nbf: Option<i64>,
    /// Token id.
    #[serde(default, deserialize_with = "lenient")]
    pub jti: Option<String>,
    /// Claims version: `2` for current tokens, absent for v1.
    #[serde(default, deserialize_with = "lenient")]
    pub v: Option<u32>,
    /// Session status: `active` or `pending`.
    #[serde(default, deserialize_with = "lenient")]
    pub sts: Option<String>,
    /// Minutes since the first and second factor were verified; `-1` = never/not enabled.
    #[serde(default, deserialize_with = "lenient")]
    pub fva: Option<[i64; 2]>,
    /// Features, `scope:name` comma list (`o:dashboard,u:beta`).
    #[serde(default, deserialize_with = "lenient")]
    pub fea: Option<String>,
    /// Plans, `scope:slug` comma list (`u:free,o:pro`).
    #[serde(default, deserialize_with = "lenient")]
    pub pla: Option<String>,
    /// The impersonator, when someone acts as this user.
    #[serde(default)]
    pub act: Option<Value>,
    /// v2 active organization.
    #[serde(default, deserialize_with = "lenient")]
    pub o: Option<OrgClaim>,
    /// v1 active organization id.
    #[serde(default, deserialize_with = "lenient")]
    pub org_id: Option<String>,
    /// v1 active organization slug.
    #[serde(default, deserialize_with = "lenient")]
    pub org_slug: Option<String>,
    /// v1 role, `org:`-prefixed.
    #[serde(default, deserialize_with = "lenient")]
    pub org_role: Option<String>,
    /// v1 permissions.
    #[serde(default, deserialize_with = "lenient")]
    pub org_permissions: Option<Vec<String>>,
    /// Every other claim (custom session-token claims).
    #[serde(flatten)]
    pub custom: Map<String, Value>,
    #[serde(skip)]
    raw: Arc<Value>,
}

impl SessionClaims {
    /// Reads claims from a token payload, keeping the payload itself for [`raw`](Self::raw).
    pub fn from_json(payload: Value) -> Result<Self, serde_json::Error> {
        let mut claims = Self::deserialize(&payload)?;
        claims.raw = Arc::new(payload);
        Ok(claims)
    }

    /// The token payload exactly as it was signed (for the page snapshot).
    #[must_use]
    pub fn raw(&self) -> &Value {
        &self.raw
    }

    fn is_v2(&self) -> bool {
        self.v == Some(2)
    }

    /// The active organization's id.
    #[must_use]
    pub fn org_id(&self) -> Option<&str> {
        if self.is_v2() {
            self.o.as_ref().map(|o| o.id.as_str())
        } else {
            self.org_id.as_deref()
        }
    }

    /// The active organization's slug.
    #[must_use]
    pub fn org_slug(&self) -> Option<&str> {
        if self.is_v2() {
            self.o.as_ref().and_then(|o| o.slg.as_deref())
        } else {
            self.org_slug.as_deref()
        }
    }

    /// The active organization role, `org:`-prefixed (`org:admin`).
    #[must_use]
    pub fn org_role(&self) -> Option<String> {
        if self.is_v2() {
            self.o
                .as_ref()
                .and_then(|o| o.rol.as_ref())
                .map(|r| format!("org:{r}"))
        } else {
            self.org_role.clone()
        }
    }

    /// The active organization permissions, `org:<feature>:<permission>`.
    ///
    /// For v2 tokens these are decoded from `fea`, `o.per` and `o.fpm`: each organization feature
    /// has a bitmask over the permission list, least significant bit first.
    #[must_use]
    pub fn org_permissions(&self) -> Option<Vec<String>> {
        if !self.is_v2() {
            return self.org_permissions.clone();
        }
        let o = self.o.as_ref()?;
        let (Some(per), Some(fpm)) = (o.per.as_deref(), o.fpm.as_deref()) else {
            return Some(Vec::new());
        };
        let permissions: Vec<&str> = per.split(',').map(str::trim).collect();
        let masks = fpm.split(',').map(|m| m.trim().parse::<u64>().unwrap_or(0));
        let features = org_features(self.fea.as_deref());
        let mut out = Vec::new();
        for (feature, mask) in features.iter().zip(masks) {
            for (bit, permission) in permissions.iter().enumerate().take(64) {
                if mask & (1 << bit) != 0 {
                    out.push(format!("org:{feature}:{permission}"));
                }
            }
        }
        Some(out)
    }

    /// Whether the session still has tasks to finish (`sts: "pending"`).
    #[must_use]
    pub fn is_pending(&self) -> bool {
        self.sts.as_deref() == Some(crate::constants::SESSION_STATUS_PENDING)
    }
}

/// Which scope a `fea`/`pla` entry belongs to.
pub(crate) struct Scoped<'a> {
    pub(crate) org: bool,
    pub(crate) name: &'a str,
}

/// Splits a `fea`/`pla` claim: `o:` is organization, `u:` user, `uo:`/`ou:` both.
pub(crate) fn scoped_entries(claim: Option<&str>) -> impl Iterator<Item = Scoped<'_>> {
    claim
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter_map(|entry| entry.split_once(':'))
        .map(|(scope, name)| Scoped {
            org: matches!(scope, "o" | "ou" | "uo"),
            name,
        })
}

fn org_features(fea: Option<&str>) -> Vec<&str> {
    scoped_entries(fea)
        .filter(|s| s.org)
        .map(|s| s.name)
        .collect()
}

/// Accepts any JSON number for a timestamp (some issuers write floats).
fn seconds<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let value = Value::deserialize(d)?;
    number(&value).ok_or_else(|| serde::de::Error::custom("expected a number of seconds"))
}

/// A descriptive claim of the wrong type is absent, not a reason to refuse the token: Clerk's
/// SDKs take the payload as it is, so a custom claim reusing one of these names, or a change in
/// Clerk's token format (a third `fva` entry), must not sign every user out. (The claims the
/// verification checks, `sub`, `azp`, `iss` and the times, stay strict, as Clerk's are.)
fn lenient<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Ok(T::deserialize(Value::deserialize(d)?).ok())
}

fn opt_seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let value = Option::<Value>::deserialize(d)?;
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(v) => number(&v)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom("expected a number of seconds")),
    }
}

#[allow(clippy::cast_possible_truncation)]
fn number(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_v2_organization_claims() {
        let claims = SessionClaims::from_json(json!({
            "sub": "user_1", "sid": "sess_1", "exp": 1, "v": 2,
            "fea": "o:dashboard,o:teams",
            "o": {"id": "org_1", "slg": "acme", "rol": "admin", "per": "manage,read", "fpm": "3,2"},
            "custom_claim": "hi"
        }))
        .expect("valid claims");
        assert_eq!(claims.org_id(), Some("org_1"));
        assert_eq!(claims.org_slug(), Some("acme"));
        assert_eq!(claims.org_role().as_deref(), Some("org:admin"));
        assert_eq!(
            claims.org_permissions(),
            Some(vec![
                "org:dashboard:manage".to_owned(),
                "org:dashboard:read".to_owned(),
                "org:teams:read".to_owned(),
            ])
        );
        assert_eq!(claims.custom.get("custom_claim"), Some(&json!("hi")));
        assert_eq!(claims.raw()["o"]["rol"], json!("admin"));
    }

    #[test]
    fn descriptive_claims_of_another_type_are_absent_and_the_token_stands() {
        let claims = SessionClaims::from_json(json!({
            "sub": "user_1", "exp": 1, "v": "2", "sid": 7, "sts": ["pending"],
            "fva": [5, 20, 1], "fea": 3, "pla": {"u": "free"}, "jti": true,
            "o": {"slg": "acme"}, "org_role": 1, "org_permissions": "org:x:y"
        }))
        .expect("claims of other types do not refuse the token");
        assert_eq!(claims.sub, "user_1");
        assert!(!claims.is_pending());
        assert_eq!((claims.v, claims.sid, claims.sts), (None, None, None));
        assert_eq!((claims.fva, claims.fea, claims.pla), (None, None, None));
        assert_eq!(
            (claims.o, claims.org_role, claims.org_permissions),
            (None, None, None)
        );
        // The ones verification checks stay strict.
        for (name, value) in [
            ("sub", json!(1)),
            ("exp", json!("soon")),
            ("iat", json!("x")),
        ] {
            let mut payload = json!({"sub": "user_1", "exp": 1});
            payload[name] = value;
            assert!(SessionClaims::from_json(payload).is_err(), "{name}");
        }
    }

    #[test]
    fn user_features_do_not_become_org_permissions() {
        let claims = SessionClaims::from_json(json!({
            "sub": "user_1", "exp": 1, "v": 2,
            "fea": "u:beta,o:teams",
            "o": {"id": "org_1", "rol": "member", "per": "read", "fpm": "1"}
        }))
        .expect("valid claims");
        assert_eq!(
            claims.org_permissions(),
            Some(vec!["org:teams:read".to_owned()])
        );
    }

    #[test]
    fn reads_v1_organization_claims() {
        let claims = SessionClaims::from_json(json!({
            "sub": "user_1", "exp": 1.5,
            "org_id": "org_1", "org_slug": "acme", "org_role": "org:admin", "org_permissions": ["org:x:y"]
        }))
        .expect("valid claims");
        assert_eq!(claims.exp, 1);
        assert_eq!(claims.org_id(), Some("org_1"));
        assert_eq!(claims.org_role().as_deref(), Some("org:admin"));
        assert_eq!(claims.org_permissions(), Some(vec!["org:x:y".to_owned()]));
    }

    #[test]
    fn no_organization_means_none() {
        let claims =
            SessionClaims::from_json(json!({"sub": "user_1", "exp": 1, "v": 2})).expect("valid");
        assert_eq!(claims.org_id(), None);
        assert_eq!(claims.org_role(), None);
        assert_eq!(claims.org_permissions(), None);
    }
}
