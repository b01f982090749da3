//! One conformance case: a request, the instance options, and `has()` checks; built with a small
//! builder so the corpus reads like the decision table.

use serde::Serialize;
use serde_json::Value;

use super::support::{PK_LIVE, PK_TEST};

#[derive(Clone, Debug, Serialize)]
pub struct Options {
    pub publishable_key: String,
    pub secret_key: String,
    /// A PEM other than the corpus's (e.g. a 3072-bit key).
    pub jwt_key: Option<String>,
    pub authorized_parties: Vec<String>,
    pub issuers: Vec<String>,
    pub proxy_url: Option<String>,
    pub domain: Option<String>,
    pub is_satellite: bool,
    pub sign_in_url: Option<String>,
    pub clock_skew_ms: Option<u64>,
    pub treat_pending_as_signed_out: bool,
    pub organization_patterns: Vec<String>,
    pub personal_account_patterns: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Case {
    pub name: String,
    pub url: String,
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub options: Options,
    pub has: Vec<Value>,
    /// A deliberate difference: why, and what we answer instead (status, reason).
    #[serde(skip)]
    pub differs: Option<(&'static str, &'static str, Option<&'static str>)>,
}

pub const DOC: [(&str, &str); 2] = [("sec-fetch-dest", "document"), ("accept", "text/html")];
pub const FETCH: [(&str, &str); 2] = [("sec-fetch-dest", "empty"), ("accept", "*/*")];

impl Case {
    fn new(name: &str, pk: &str, sk: &str) -> Self {
        Self {
            name: name.to_owned(),
            url: "http://localhost:3000/dashboard".to_owned(),
            method: "GET".to_owned(),
            headers: vec![("host".to_owned(), "localhost:3000".to_owned())],
            options: Options {
                publishable_key: pk.to_owned(),
                secret_key: sk.to_owned(),
                jwt_key: None,
                authorized_parties: Vec::new(),
                issuers: Vec::new(),
                proxy_url: None,
                domain: None,
                is_satellite: false,
                sign_in_url: None,
                clock_skew_ms: None,
                treat_pending_as_signed_out: true,
                organization_patterns: Vec::new(),
                personal_account_patterns: Vec::new(),
            },
            has: Vec::new(),
            differs: None,
        }
    }

    /// A production instance (`pk_live_`), page load.
    pub fn prod(name: &str) -> Self {
        Self::new(name, PK_LIVE, "sk_live_conformance").doc()
    }

    /// A development instance (`pk_test_`), page load.
    pub fn dev(name: &str) -> Self {
        Self::new(name, PK_TEST, "sk_test_conformance").doc()
    }

    pub fn doc(self) -> Self {
        self.without("sec-fetch-dest")
            .without("accept")
            .headers(&DOC)
    }

    pub fn fetch(self) -> Self {
        self.without("sec-fetch-dest")
            .without("accept")
            .headers(&FETCH)
    }

    pub fn post(mut self) -> Self {
        self.method = "POST".to_owned();
        self.fetch()
    }

    pub fn path(mut self, path_and_query: &str) -> Self {
        self.url = format!("http://localhost:3000{path_and_query}");
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn headers(mut self, pairs: &[(&str, &str)]) -> Self {
        for (k, v) in pairs {
            self = self.header(k, v);
        }
        self
    }

    pub fn without(mut self, name: &str) -> Self {
        self.headers.retain(|(k, _)| k != name);
        self
    }

    pub fn cookies(self, pairs: &[(&str, &str)]) -> Self {
        let line = pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        self.header("cookie", &line)
    }

    pub fn bearer(self, token: &str) -> Self {
        self.header("authorization", &format!("Bearer {token}"))
    }

    pub fn parties(mut self, parties: &[&str]) -> Self {
        self.options.authorized_parties = parties.iter().map(|s| (*s).to_owned()).collect();
        self
    }

    pub fn issuers(mut self, issuers: &[&str]) -> Self {
        self.options.issuers = issuers.iter().map(|s| (*s).to_owned()).collect();
        self
    }

    pub fn proxy(mut self, url: &str) -> Self {
        self.options.proxy_url = Some(url.to_owned());
        self
    }

    pub fn satellite(mut self, domain: &str) -> Self {
        self.options.is_satellite = true;
        self.options.domain = Some(domain.to_owned());
        self
    }

    pub fn sign_in_url(mut self, url: &str) -> Self {
        self.options.sign_in_url = Some(url.to_owned());
        self
    }

    pub fn skew_ms(mut self, ms: u64) -> Self {
        self.options.clock_skew_ms = Some(ms);
        self
    }

    pub fn keep_pending(mut self) -> Self {
        self.options.treat_pending_as_signed_out = false;
        self
    }

    /// Organization sync patterns.
    pub fn org_sync(mut self, organizations: &[&str], personal: &[&str]) -> Self {
        self.options.organization_patterns =
            organizations.iter().map(|s| (*s).to_owned()).collect();
        self.options.personal_account_patterns = personal.iter().map(|s| (*s).to_owned()).collect();
        self
    }

    pub fn jwt_key(mut self, pem: &str) -> Self {
        self.options.jwt_key = Some(pem.to_owned());
        self
    }

    pub fn has(mut self, checks: &[Value]) -> Self {
        self.has.extend(checks.iter().cloned());
        self
    }

    /// We deliberately answer differently: `why`, and our status and reason.
    pub fn differs(
        mut self,
        why: &'static str,
        status: &'static str,
        reason: Option<&'static str>,
    ) -> Self {
        self.differs = Some((why, status, reason));
        self
    }
}
