//! One Backend API request: query (repeated keys kept, as `email_address=a&email_address=b`)
//! and a JSON body (or a form, which some clients send; or an array of objects, which the bulk
//! endpoints take).

use http::header::CONTENT_TYPE;
use http::{HeaderMap, Uri};
use serde_json::{Map, Value};

use crate::reply::ApiError;

pub(crate) struct BapiRequest {
    query: Vec<(String, String)>,
    pub body: Map<String, Value>,
    /// The objects of a JSON array body (`POST /v1/invitations/bulk`).
    items: Vec<Map<String, Value>>,
}

impl BapiRequest {
    pub(crate) fn new(uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Result<Self, ApiError> {
        let query = uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        let is_form = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let mut items = Vec::new();
        let body = if body.iter().all(u8::is_ascii_whitespace) {
            Map::new()
        } else if is_form {
            url::form_urlencoded::parse(body)
                .into_owned()
                .map(|(k, v)| (k, Value::String(v)))
                .collect()
        } else {
            match serde_json::from_slice::<Value>(body) {
                Ok(Value::Object(map)) => map,
                Ok(Value::Array(array)) => {
                    for item in array {
                        let Value::Object(map) = item else {
                            return Err(ApiError::body_invalid());
                        };
                        items.push(map);
                    }
                    Map::new()
                }
                _ => return Err(ApiError::body_invalid()),
            }
        };
        Ok(Self { query, body, items })
    }

    /// Each object of an array body, as a request of its own.
    pub(crate) fn items(&self) -> Vec<BapiRequest> {
        self.items
            .iter()
            .map(|body| Self {
                query: Vec::new(),
                body: body.clone(),
                items: Vec::new(),
            })
            .collect()
    }

    pub(crate) fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated query parameter (`name` or `name[]`).
    pub(crate) fn query_all(&self, name: &str) -> Vec<&str> {
        let bracketed = format!("{name}[]");
        self.query
            .iter()
            .filter(|(k, _)| k == name || *k == bracketed)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// `limit` (default 10, at most 500) and `offset`.
    pub(crate) fn paging(&self) -> (usize, usize) {
        let limit = self
            .query("limit")
            .and_then(|l| l.parse().ok())
            .unwrap_or(10usize)
            .min(500);
        let offset = self
            .query("offset")
            .and_then(|o| o.parse().ok())
            .unwrap_or(0);
        (limit, offset)
    }

    /// A list answer, paged by `limit` and `offset`: `{"data", "total_count"}` when the caller
    /// asked for `paginated=true` (as `@clerk/backend` does), else a bare array, as Clerk does.
    pub(crate) fn list_answer(&self, items: Vec<Value>) -> Value {
        let (limit, offset) = self.paging();
        if self.query("paginated") == Some("true") {
            crate::json::org::page(items, limit, offset)
        } else {
            Value::Array(items.into_iter().skip(offset).take(limit).collect())
        }
    }

    /// A string field of the body; empty counts as absent.
    pub(crate) fn string(&self, name: &str) -> Option<&str> {
        self.body
            .get(name)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// A field that was sent, `null` included (`Some(Value::Null)` clears it).
    pub(crate) fn field(&self, name: &str) -> Option<&Value> {
        self.body.get(name)
    }

    /// A whole-number field (numbers or numeric strings).
    pub(crate) fn integer(&self, name: &str) -> Option<i64> {
        match self.body.get(name)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// A lifetime in seconds (`seconds_until_expiration`, …): absent or `null` is none; else 1
    /// second to ten years, so that no time computed from it can overflow.
    pub(crate) fn lifetime_secs(&self, name: &'static str) -> Result<Option<i64>, ApiError> {
        const MAX_LIFETIME_SECS: i64 = 10 * 366 * 24 * 60 * 60;
        match self.body.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self
                .integer(name)
                .filter(|s| (1..=MAX_LIFETIME_SECS).contains(s))
                .map(Some)
                .ok_or_else(|| ApiError::param_invalid(name, "must be 1 second to 10 years")),
        }
    }

    /// A metadata object; `null` or absent is none, anything else but an object is a 422.
    pub(crate) fn object(&self, name: &'static str) -> Result<Option<Value>, ApiError> {
        match self.body.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Value::Object(map.clone()))),
            Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
                Ok(value @ Value::Object(_)) => Ok(Some(value)),
                _ => Err(ApiError::param_invalid(name, "must be a JSON object")),
            },
            Some(_) => Err(ApiError::param_invalid(name, "must be a JSON object")),
        }
    }
}

/// Clerk's metadata merge (`PATCH /users/{id}/metadata`, and the Frontend API's
/// `/me/metadata`, an RFC 7396 merge patch): top-level keys replace, `null` deletes, nested
/// objects merge the same way (a new one is merged into `{}`, so its `null`s are dropped too).
pub(crate) fn merge(target: &mut Value, patch: Value) {
    match (target, patch) {
        (Value::Object(target), Value::Object(patch)) => {
            for (key, value) in patch {
                if value.is_null() {
                    target.remove(&key);
                } else if let Some(existing) = target.get_mut(&key).filter(|e| e.is_object()) {
                    merge(existing, value);
                } else if value.is_object() {
                    let mut fresh = Value::Object(serde_json::Map::new());
                    merge(&mut fresh, value);
                    target.insert(key, fresh);
                } else {
                    target.insert(key, value);
                }
            }
        }
        (target, patch) => *target = patch,
    }
}
