use super::*;
use crate::server::{ClerkConfig, PublishableKey};

/// `pk_live_` for `clerk.example.com`.
const PK: &str = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";

fn clerk(edit: impl FnOnce(&mut ClerkConfig)) -> Clerk {
    let mut config = ClerkConfig::new(PublishableKey::parse(PK).unwrap());
    config.jwt_key = Some(crate::server::test_support::public_pem(
        crate::server::test_support::key(),
    ));
    edit(&mut config);
    Clerk::new(config).unwrap()
}

/// The header as a response would carry it.
fn header(policy: &ContentSecurityPolicy, nonce: &str) -> String {
    let (before, after) = policy.header_parts();
    format!("{before}{nonce}{after}")
}

fn directive<'a>(header: &'a str, name: &str) -> Vec<&'a str> {
    header
        .split("; ")
        .find_map(|d| d.strip_prefix(name)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("no {name} in {header}"))
        .split(' ')
        .collect()
}

#[test]
fn scripts_come_from_this_site_clerk_or_the_nonce() {
    let policy = ContentSecurityPolicy::for_clerk(&clerk(|_| {}));
    let header = header(&policy, "abc+/=");
    let scripts = directive(&header, "script-src");
    for source in [
        "'self'",
        "'nonce-abc+/='",
        "'wasm-unsafe-eval'",
        "https://clerk.example.com",
        "https://challenges.cloudflare.com",
    ] {
        assert!(scripts.contains(&source), "{source} in {header}");
    }
    assert!(!scripts.contains(&"https:") && !scripts.contains(&"'unsafe-eval'"));
    assert!(directive(&header, "connect-src").contains(&"https://clerk.example.com"));
    assert_eq!(directive(&header, "object-src"), ["'none'"]);
    assert_eq!(directive(&header, "frame-ancestors"), ["'self'"]);
    // Directives in order, each once.
    let names: Vec<&str> = header
        .split("; ")
        .map(|d| d.split(' ').next().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(names, sorted);
}

#[test]
fn a_proxy_satellite_or_own_script_url_is_allowed_by_its_origin() {
    let clerk = clerk(|c| {
        c.proxy_url = Some("https://example.com/__clerk".into());
        c.is_satellite = true;
        c.domain = Some("satellite.dev".into());
        c.clerk_js_url = Some("https://cdn.example.net/clerk/clerk.browser.js".into());
        c.sign_in_url = "https://accounts.example.org/sign-in".into();
    });
    let header = header(&ContentSecurityPolicy::for_clerk(&clerk), "n");
    let scripts = directive(&header, "script-src");
    for origin in [
        "https://example.com",
        "https://clerk.satellite.dev",
        "https://cdn.example.net",
    ] {
        assert!(scripts.contains(&origin), "{origin} in {header}");
    }
    assert_eq!(
        directive(&header, "form-action"),
        ["'self'", "https://accounts.example.org"]
    );
    // A relative proxy is this site: nothing to add.
    let relative = self::clerk(|c| c.proxy_url = Some("/__clerk".into()));
    let header = self::header(&ContentSecurityPolicy::for_clerk(&relative), "n");
    assert!(!header.contains("/__clerk"), "{header}");
}

#[test]
fn directives_are_added_to_and_none_replaces() {
    let policy = ContentSecurityPolicy::for_clerk(&clerk(|_| {}))
        .directive("img-src", ["https://images.example.com", "'self'"])
        .directive("frame-ancestors", ["'none'"])
        .directive("upgrade-insecure-requests", Vec::<String>::new());
    let header = header(&policy, "n");
    assert_eq!(
        directive(&header, "img-src"),
        [
            "'self'",
            "https://img.clerk.com",
            "data:",
            "https://images.example.com"
        ]
    );
    assert_eq!(directive(&header, "frame-ancestors"), ["'none'"]);
    assert!(header.contains("; upgrade-insecure-requests; "), "{header}");
    assert_eq!(policy.header_name(), http::header::CONTENT_SECURITY_POLICY);
    assert_eq!(
        policy.report_only(true).header_name(),
        http::header::CONTENT_SECURITY_POLICY_REPORT_ONLY
    );
}

#[test]
#[should_panic(expected = "is not a directive name or source")]
fn a_source_that_would_start_another_directive_is_refused() {
    let _ = ContentSecurityPolicy::for_clerk(&clerk(|_| {}))
        .directive("img-src", ["https://ok.example.com; script-src *"]);
}
