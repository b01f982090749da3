//! The consent page that stands in for the provider's: `GET` shows the seed identities to pick
//! and a form to type one (email address, first and last name); `POST` approves one, or cancels,
//! and sends the browser to the Frontend API's callback with a one-time `code` (or with
//! `error=access_denied`, as Google does), and the trip's `state`.

use axum::response::{Html, IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, LOCATION};
use http::{HeaderValue, Method, StatusCode};

use crate::clock::now_ms;
use crate::constants::PROXY_PATH;
use crate::fapi::FapiRequest;
use crate::instance::Instance;

use super::{provider, RoundTrip};

/// The page runs no script, loads its logo from the instance and cannot be framed.
const PAGE_POLICY: &str =
    "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'";

/// `GET` or `POST {PROXY_PATH}/local/oauth/authorize`.
pub(crate) fn handle(instance: &Instance, req: &FapiRequest) -> Response {
    let now = now_ms();
    let state = if req.method == Method::POST {
        req.form("state")
    } else {
        req.query("state")
    };
    let trip = state.and_then(|s| {
        instance
            .oauth_round_trips
            .awaiting_consent(s, req.client_token(), now)
    });
    let (Some(state), Some(trip)) = (state, trip) else {
        return page(
            StatusCode::BAD_REQUEST,
            "<h1>This sign-in has expired</h1><p>Start again from the app: a sign-in link works \
             once, for ten minutes, in the browser that started it.</p>",
        );
    };
    if req.method != Method::POST {
        return page(StatusCode::OK, &choices(instance, state, &trip, None));
    }
    let identity = match req.form("action") {
        Some("cancel") => None,
        _ => {
            let Some(email) = req.form("email").filter(|e| e.contains('@')) else {
                let error = "Enter an email address.";
                return page(
                    StatusCode::BAD_REQUEST,
                    &choices(instance, state, &trip, Some(error)),
                );
            };
            let provider = provider(trip.strategy).expect("trips start for known providers");
            Some(provider.identity(email, req.form("first_name"), req.form("last_name")))
        }
    };
    let approved = identity.is_some();
    let Some(code) = instance
        .oauth_round_trips
        .decide(state, req.client_token(), identity, now)
    else {
        return page(StatusCode::BAD_REQUEST, "<h1>This sign-in has expired</h1>");
    };
    tracing::info!(
        strategy = trip.strategy,
        approved,
        "clerk_local: OAuth consent"
    );
    let query = match code {
        Some(code) => format!("code={code}&state={state}"),
        None => format!("error=access_denied&state={state}"),
    };
    redirect(&format!("{PROXY_PATH}/v1/oauth_callback?{query}"))
}

/// The provider's page: who to continue as.
fn choices(instance: &Instance, state: &str, trip: &RoundTrip, error: Option<&str>) -> String {
    let provider = provider(trip.strategy).expect("trips start for known providers");
    let action = format!("{PROXY_PATH}{}", super::CONSENT_PATH);
    let state = escape(state);
    let hidden = format!(r#"<input type="hidden" name="state" value="{state}">"#);
    let mut html = format!(
        r#"<img src="{PROXY_PATH}{images}{logo}.svg" alt="" width="40" height="40">
<h1>Sign in with {name}</h1>
<p>The local Clerk instance stands in for {name}: choose who {name} says you are, to continue
to <strong>{app}</strong>.</p>"#,
        images = super::IMAGES_PATH,
        logo = provider.logo,
        name = provider.name,
        app = escape(&instance.application_name),
    );
    if let Some(error) = error {
        html.push_str(&format!(
            r#"<p class="error" role="alert">{}</p>"#,
            escape(error)
        ));
    }
    for (email, first, last) in &instance.oauth_identities {
        let full = [first, last]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        let label = if full.is_empty() {
            escape(email)
        } else {
            format!("{} &lt;{}&gt;", escape(&full), escape(email))
        };
        let field = |name: &str, value: &Option<String>| {
            value.as_deref().map_or(String::new(), |v| {
                format!(
                    r#"<input type="hidden" name="{name}" value="{}">"#,
                    escape(v)
                )
            })
        };
        html.push_str(&format!(
            r#"<form method="post" action="{action}">{hidden}
<input type="hidden" name="email" value="{email}">{first}{last}
<button type="submit" name="action" value="approve">Continue as {label}</button></form>"#,
            email = escape(email),
            first = field("first_name", first),
            last = field("last_name", last),
        ));
    }
    html.push_str(&format!(
        r#"<form method="post" action="{action}" class="typed">{hidden}
<h2>Another account</h2>
<label>Email address <input type="email" name="email" required autocomplete="off"></label>
<label>First name <input name="first_name" autocomplete="off"></label>
<label>Last name <input name="last_name" autocomplete="off"></label>
<button type="submit" name="action" value="approve">Continue</button></form>
<form method="post" action="{action}">{hidden}
<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button></form>"#
    ));
    html
}

fn page(status: StatusCode, body: &str) -> Response {
    let html = format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in – clerk_local</title>
<link rel="icon" href="data:,">
<style>
body {{ font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; color: #151515; }}
form {{ margin: .75rem 0; }} label {{ display: block; margin: .5rem 0; }}
input {{ display: block; width: 100%; padding: .4rem; box-sizing: border-box; }}
button {{ padding: .5rem 1rem; }} .error {{ color: #b00020; }}
.typed {{ border-top: 1px solid #ddd; padding-top: .5rem; }}
</style></head><body>{body}</body></html>"#
    );
    let mut response = (status, Html(html)).into_response();
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PAGE_POLICY),
    );
    response
}

/// A `303 See Other`: the browser follows a form's POST with a GET.
fn redirect(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(location) = HeaderValue::from_str(location) {
        headers.insert(LOCATION, location);
    }
    response
}

fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            '\'' => "&#39;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
