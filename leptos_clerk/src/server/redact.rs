//! `Debug` that never prints a credential or backend-only data: a model's `{:?}` is what ends
//! up in logs and panic messages, so tokens, cookie values, passwords and private metadata are
//! shown as `[redacted]`.

use std::fmt;

use http::header::{LOCATION, SET_COOKIE};
use http::HeaderMap;
use serde::Serialize;
use serde_json::{Map, Value};

const REDACTED: &str = "[redacted]";

/// A model's fields as JSON, with each `(field, present)` in `secrets` shown as `[redacted]`
/// when present (and left out otherwise).
pub(crate) fn debug_json<T: Serialize>(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    value: &T,
    secrets: &[(&str, bool)],
) -> fmt::Result {
    let mut fields = match serde_json::to_value(value) {
        Ok(Value::Object(fields)) => fields,
        _ => Map::new(),
    };
    for (field, present) in secrets {
        if *present {
            fields.insert((*field).to_owned(), Value::String(REDACTED.to_owned()));
        } else {
            fields.remove(*field);
        }
    }
    write!(f, "{name} {}", Value::Object(fields))
}

/// Response headers with cookie values and Clerk's query parameters (`__session`,
/// `__clerk_db_jwt`, `__clerk_handshake…`) in a `Location` redacted.
pub(crate) struct RedactedHeaders<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            let text = String::from_utf8_lossy(value.as_bytes());
            let shown = if name == SET_COOKIE {
                set_cookie(&text)
            } else if name == LOCATION {
                location(&text)
            } else {
                text.into_owned()
            };
            map.entry(&name.as_str(), &shown);
        }
        map.finish()
    }
}

/// `name=[redacted]; Path=/; …`: the attributes say what the cookie does, the value is secret.
fn set_cookie(value: &str) -> String {
    let (pair, attributes) = value.split_once(';').unwrap_or((value, ""));
    let name = pair.split_once('=').map_or(pair, |(name, _)| name);
    if attributes.is_empty() {
        format!("{name}={REDACTED}")
    } else {
        format!("{name}={REDACTED};{attributes}")
    }
}

/// The URL with the value of every `__`-prefixed query parameter (Clerk's own: session and
/// dev-browser tokens, handshake values) redacted.
fn location(value: &str) -> String {
    let Ok(mut url) = url::Url::parse(value) else {
        // A relative Location (a development clean-up redirect): drop the query entirely.
        return value.split('?').next().unwrap_or_default().to_owned();
    };
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(name, value)| {
            let value = if name.starts_with("__") {
                REDACTED.to_owned()
            } else {
                value.into_owned()
            };
            (name.into_owned(), value)
        })
        .collect();
    if !pairs.is_empty() {
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    url.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_and_cookies_lose_their_secrets() {
        assert_eq!(
            location("https://clerk.example.com/v1/client/handshake?redirect_url=https%3A%2F%2Fapp%2F&__session=eyJ.a.b&__clerk_db_jwt=dvb_1"),
            "https://clerk.example.com/v1/client/handshake?redirect_url=https%3A%2F%2Fapp%2F&__session=%5Bredacted%5D&__clerk_db_jwt=%5Bredacted%5D"
        );
        assert_eq!(location("/dashboard?__clerk_db_jwt=dvb_1"), "/dashboard");
        assert_eq!(
            set_cookie("__session=eyJ.a.b; Path=/; HttpOnly"),
            "__session=[redacted]; Path=/; HttpOnly"
        );
        assert_eq!(set_cookie("__client_uat=1"), "__client_uat=[redacted]");
    }
}
