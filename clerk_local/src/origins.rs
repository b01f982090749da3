//! Who the instance is: its host names and origins. A request must name one of its hosts (DNS
//! rebinding), a state-changing Frontend API request must come from one of its origins (CSRF),
//! and the handshake sends browsers back only to one of them (open redirect).
//!
//! The instance's origin is the configured one and its loopback twins on the same port (the app
//! may be opened as `localhost`, `127.0.0.1` or `[::1]`), plus the authority the request itself
//! came through: an app that proxies `/__clerk` to a standalone instance passes its own `Host`,
//! and a browser can only send that `Host` to the server that answers on it.

use http::header::HOST;
use http::request::Parts;
use url::{Host, Url};

/// Host names every local instance answers to.
const LOOPBACK_HOSTS: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

#[derive(Clone, Debug)]
pub(crate) struct Origins {
    scheme: String,
    /// The configured origin's host, lowercase (`[::1]` for IPv6, as in URLs).
    host: String,
    port: Option<u16>,
}

impl Origins {
    /// From the configured origin; one that does not parse leaves only the loopback names.
    pub(crate) fn new(origin: &str) -> Self {
        let url = Url::parse(origin).ok();
        Self {
            scheme: url
                .as_ref()
                .map_or_else(|| "http".to_owned(), |u| u.scheme().to_owned()),
            host: url
                .as_ref()
                .and_then(url_host)
                .unwrap_or_else(|| LOOPBACK_HOSTS[0].to_owned()),
            port: url.as_ref().and_then(Url::port_or_known_default),
        }
    }

    /// Whether `host` (a `Host` header's name, without the port) is one of the instance's.
    pub(crate) fn is_own_host(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        host == self.host || LOOPBACK_HOSTS.contains(&host.as_str())
    }

    /// Whether `url` (an `Origin`, a `Referer` or a redirect target) is on one of the instance's
    /// origins, for a request that came through `request_authority` (its `Host`).
    pub(crate) fn is_own_url(&self, url: &Url, request_authority: Option<&str>) -> bool {
        if url.scheme() != self.scheme || !url.username().is_empty() || url.password().is_some() {
            return false;
        }
        let Some(host) = url_host(url) else {
            return false;
        };
        if !self.is_own_host(&host) {
            return false;
        }
        let port = url.port_or_known_default();
        let configured = port == self.port
            && (host == self.host
                || (LOOPBACK_HOSTS.contains(&self.host.as_str())
                    && LOOPBACK_HOSTS.contains(&host.as_str())));
        configured || request_authority.is_some_and(|authority| same_authority(url, authority))
    }
}

/// The request's `Host` (or, in HTTP/2, the URI's authority).
pub(crate) fn request_authority(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| parts.uri.authority().map(|a| a.as_str()))
}

/// The host name of a `Host` value: `127.0.0.1:3000` → `127.0.0.1`, `[::1]:3000` → `[::1]`.
pub(crate) fn host_name(authority: &str) -> Option<String> {
    Url::parse(&format!("http://{authority}/"))
        .ok()
        .filter(|u| u.username().is_empty() && u.path() == "/")
        .as_ref()
        .and_then(url_host)
}

fn url_host(url: &Url) -> Option<String> {
    match url.host()? {
        Host::Domain(name) => Some(name.to_ascii_lowercase()),
        Host::Ipv4(ip) => Some(ip.to_string()),
        Host::Ipv6(ip) => Some(format!("[{ip}]")),
    }
}

fn same_authority(url: &Url, authority: &str) -> bool {
    let Ok(through) = Url::parse(&format!("{}://{authority}/", url.scheme())) else {
        return false;
    };
    through.username().is_empty()
        && url_host(&through) == url_host(url)
        && through.port_or_known_default() == url.port_or_known_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own(origins: &Origins, url: &str, through: Option<&str>) -> bool {
        origins.is_own_url(&Url::parse(url).unwrap(), through)
    }

    #[test]
    fn loopback_twins_on_the_same_port_only() {
        let origins = Origins::new("http://127.0.0.1:3000");
        assert!(own(&origins, "http://127.0.0.1:3000/a", None));
        assert!(own(&origins, "http://localhost:3000", None));
        assert!(own(&origins, "http://[::1]:3000", None));
        assert!(!own(&origins, "http://127.0.0.1:3001", None));
        assert!(!own(&origins, "https://127.0.0.1:3000", None));
        assert!(!own(&origins, "http://evil.example:3000", None));
        assert!(!own(&origins, "http://user@127.0.0.1:3000", None));
    }

    #[test]
    fn the_authority_a_request_came_through_counts() {
        let origins = Origins::new("http://localhost:4000");
        assert!(own(
            &origins,
            "http://localhost:3000",
            Some("localhost:3000")
        ));
        assert!(!own(
            &origins,
            "http://localhost:5555",
            Some("localhost:3000")
        ));
        // A Host of another site is refused before any of this; it never widens the set.
        assert!(!own(&origins, "http://evil.example", Some("evil.example")));
    }

    #[test]
    fn host_names() {
        let origins = Origins::new("http://dev.example.test:3000");
        assert_eq!(host_name("127.0.0.1:3000").as_deref(), Some("127.0.0.1"));
        assert_eq!(host_name("[::1]:3000").as_deref(), Some("[::1]"));
        assert_eq!(host_name("LOCALHOST").as_deref(), Some("localhost"));
        assert_eq!(host_name("a@b"), None);
        assert!(origins.is_own_host("dev.example.test"));
        assert!(origins.is_own_host("localhost"));
        assert!(!origins.is_own_host("evil.example"));
    }
}
