//! One Frontend API request, decoded: effective method, form body, query, cookies, origin.

use std::collections::HashMap;

use http::header::ORIGIN;
use http::request::Parts;
use http::Method;

use crate::constants::{
    CLIENT_COOKIE, DEV_BROWSER_COOKIE, DEV_BROWSER_PARAM, METHOD_OVERRIDE_PARAM,
};
use crate::cookies;
use crate::instance_type::InstanceType;

pub(crate) struct FapiRequest {
    /// After the `_method` override: clerk-js sends PATCH and DELETE as `POST ?_method=`.
    pub method: Method,
    pub path: String,
    query: HashMap<String, String>,
    form: HashMap<String, String>,
    /// Every field in order, repeated ones included (`email_address=a&email_address=b`).
    form_pairs: Vec<(String, String)>,
    cookies: HashMap<String, String>,
    /// The page origin for the tokens' `azp`.
    pub azp: String,
    /// The `Host` the request came through (the app's, through a proxy).
    pub authority: Option<String>,
    /// Development instances know a browser by its dev browser token, not by `__client`.
    instance_type: InstanceType,
}

impl FapiRequest {
    pub(crate) fn new(
        parts: &Parts,
        body: &[u8],
        default_origin: &str,
        instance_type: InstanceType,
    ) -> Self {
        let query: HashMap<String, String> = parts
            .uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        let method = match query.get(METHOD_OVERRIDE_PARAM) {
            // Only POST may be overridden: a GET (a link, an <img>) must never delete anything.
            Some(m) if parts.method == Method::POST => {
                Method::from_bytes(m.to_ascii_uppercase().as_bytes())
                    .unwrap_or_else(|_| parts.method.clone())
            }
            _ => parts.method.clone(),
        };
        let azp = parts
            .headers
            .get(ORIGIN)
            .and_then(|o| o.to_str().ok())
            .filter(|o| !o.is_empty() && *o != "null")
            .unwrap_or(default_origin)
            .to_owned();
        Self {
            method,
            path: parts.uri.path().to_owned(),
            query,
            form: url::form_urlencoded::parse(body).into_owned().collect(),
            form_pairs: url::form_urlencoded::parse(body).into_owned().collect(),
            cookies: cookies::parse(&parts.headers),
            azp,
            authority: crate::origins::request_authority(parts).map(str::to_owned),
            instance_type,
        }
    }

    /// A query parameter (`__clerk_api_version` and `_clerk_js_version` are simply never read).
    pub(crate) fn query(&self, name: &str) -> Option<&str> {
        self.query.get(name).map(String::as_str)
    }

    /// A form field, trimmed; empty counts as absent.
    pub(crate) fn form(&self, name: &str) -> Option<&str> {
        self.form
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// A form field that was sent, even empty (an empty `active_organization_id` means "none").
    pub(crate) fn form_sent(&self, name: &str) -> Option<&str> {
        self.form.get(name).map(|v| v.trim())
    }

    /// Every value of a repeated field (`name`, `name[]` or `name[0]`...), comma lists split.
    pub(crate) fn form_all(&self, name: &str) -> Vec<&str> {
        self.form_pairs
            .iter()
            .filter(|(k, _)| {
                k == name
                    || k.strip_prefix(name)
                        .is_some_and(|rest| rest.starts_with('[') && rest.ends_with(']'))
            })
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// A form field exactly as sent (passwords keep their spaces).
    pub(crate) fn form_raw(&self, name: &str) -> Option<&str> {
        self.form
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// What the browser's client is known by: its `__client` cookie, or, on a development
    /// instance, the dev browser token clerk-js puts in every request's query (the dev browser
    /// is the client's token there), else the `__clerk_db_jwt` cookie it keeps on the app's
    /// domain, which a proxied Frontend API sees on navigations such as the social sign-in's
    /// consent page and callback.
    pub(crate) fn client_token(&self) -> Option<&str> {
        match self.instance_type {
            InstanceType::Production => self.cookies.get(CLIENT_COOKIE).map(String::as_str),
            InstanceType::Development => self
                .query(DEV_BROWSER_PARAM)
                .or_else(|| self.cookies.get(DEV_BROWSER_COOKIE).map(String::as_str)),
        }
    }
}
