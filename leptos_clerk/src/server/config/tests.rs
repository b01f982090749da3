use std::collections::HashMap;

use super::*;

const PK: &str = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| map.get(name).cloned()
}

const FILE: &str = r#"
[clerk]
sign_in_url = "/login"
sign_up_url = "/join"
authorized_parties = ["https://file.example"]
load_user = true
clerk_js_version = "6.40.0"

[clerk_local]
data_dir = ".clerk_local"
"#;

#[test]
fn file_settings_apply_and_env_overrides_them() {
    let env = env_of(&[
        ("CLERK_PUBLISHABLE_KEY", PK),
        ("CLERK_SECRET_KEY", "sk_live_abc"),
        ("CLERK_SIGN_IN_URL", "/env-sign-in"),
        (
            "CLERK_AUTHORIZED_PARTIES",
            "https://a.example, https://b.example",
        ),
        ("CLERK_SIGN_UP_URL", "  "),
    ]);
    let c = ClerkConfig::from_sources(Some(FILE), env).expect("valid config");
    assert_eq!(c.sign_in_url, "/env-sign-in");
    assert_eq!(c.sign_up_url, "/join", "an empty variable counts as unset");
    assert_eq!(
        c.authorized_parties,
        vec![
            "https://a.example".to_owned(),
            "https://b.example".to_owned()
        ]
    );
    assert!(c.load_user);
    assert_eq!(c.clerk_js_version, "6.40.0");
    assert_eq!(c.clerk_ui_version, "1");
    assert_eq!(c.api_base(), "https://api.clerk.com/v1");
    assert_eq!(c.publishable_key.frontend_api(), "clerk.example.com");
    assert!(c.telemetry);
}

#[test]
fn missing_publishable_key_names_the_variable() {
    let err = ClerkConfig::from_sources(Some(FILE), env_of(&[("CLERK_SECRET_KEY", "sk_live_x")]))
        .expect_err("no publishable key");
    assert!(matches!(err, ConfigError::MissingPublishableKey));
    assert!(err.to_string().contains("CLERK_PUBLISHABLE_KEY"), "{err}");
}

#[test]
fn malformed_publishable_key_says_what_is_wrong() {
    let err = ClerkConfig::from_sources(
        None,
        env_of(&[
            ("CLERK_PUBLISHABLE_KEY", "sk_live_oops"),
            ("CLERK_SECRET_KEY", "sk_live_x"),
        ]),
    )
    .expect_err("bad key");
    let text = err.to_string();
    assert!(
        text.contains("CLERK_PUBLISHABLE_KEY") && text.contains("pk_test_"),
        "{text}"
    );
}

#[test]
fn a_secret_key_must_be_clerks_and_of_the_publishable_keys_instance() {
    let config = |secret: &str| {
        ClerkConfig::from_sources(
            None,
            env_of(&[("CLERK_PUBLISHABLE_KEY", PK), ("CLERK_SECRET_KEY", secret)]),
        )
    };
    for malformed in [
        "sk_x",
        "pk_live_abc",
        "sk_live_",
        "whsec_abc",
        "Bearer sk_live_abc",
    ] {
        let err = config(malformed).expect_err(malformed);
        assert!(
            matches!(err, ConfigError::InvalidSecretKey),
            "{malformed}: {err}"
        );
        assert!(err.to_string().contains("CLERK_SECRET_KEY"), "{err}");
    }
    let err = config("sk_oops_SuperSecretValue").expect_err("malformed");
    let text = err.to_string();
    assert!(
        !text.contains("SuperSecret"),
        "the value is not repeated: {text}"
    );
    let err = config("sk_test_abc").expect_err("a development key with a production one");
    assert_eq!(
        err.to_string(),
        "CLERK_PUBLISHABLE_KEY is a production instance's key but CLERK_SECRET_KEY a development \
         instance's: copy both from the same instance, page \"API keys\" of the Clerk Dashboard"
    );
    assert!(config("sk_live_abc").is_ok());
    assert!(
        config(" live_legacy ").is_ok(),
        "Clerk's older keys, trimmed"
    );
}

#[test]
fn needs_a_secret_key_or_a_jwt_key() {
    let err = ClerkConfig::from_sources(None, env_of(&[("CLERK_PUBLISHABLE_KEY", PK)]))
        .expect_err("no secret");
    assert!(matches!(err, ConfigError::MissingSecretKey));
    assert!(err.to_string().contains("CLERK_SECRET_KEY"));

    let err = ClerkConfig::from_sources(
        None,
        env_of(&[
            ("CLERK_PUBLISHABLE_KEY", PK),
            ("CLERK_JWT_KEY", "not a key"),
        ]),
    )
    .expect_err("bad pem");
    assert!(matches!(err, ConfigError::InvalidJwtKey { .. }), "{err}");
}

#[test]
fn refuses_secrets_in_the_file() {
    let file = "[clerk]\nsecret_key = \"sk_live_oops\"\n";
    let err = ClerkConfig::from_sources(Some(file), env_of(&[("CLERK_PUBLISHABLE_KEY", PK)]))
        .expect_err("secret in file");
    assert!(matches!(err, ConfigError::SecretInFile { .. }));
    assert!(!err.to_string().contains("oops"));
}

#[test]
fn reports_bad_toml_and_urls() {
    let env = env_of(&[
        ("CLERK_PUBLISHABLE_KEY", PK),
        ("CLERK_SECRET_KEY", "sk_live_x"),
    ]);
    let err = ClerkConfig::from_sources(Some("[clerk]\nload_user = \"yes\""), &env)
        .expect_err("wrong type");
    assert!(matches!(err, ConfigError::InvalidFile { .. }), "{err}");
    let env = env_of(&[
        ("CLERK_PUBLISHABLE_KEY", PK),
        ("CLERK_SECRET_KEY", "sk_live_x"),
        ("CLERK_API_URL", "api.clerk.com"),
    ]);
    let err = ClerkConfig::from_sources(None, env).expect_err("relative api url");
    assert!(err.to_string().contains("CLERK_API_URL"));
}

#[test]
fn debug_redacts_the_secret_key() {
    let env = env_of(&[
        ("CLERK_PUBLISHABLE_KEY", PK),
        ("CLERK_SECRET_KEY", "sk_live_topsecret"),
    ]);
    let c = ClerkConfig::from_sources(None, env).expect("valid");
    let shown = format!("{c:?}");
    assert!(!shown.contains("topsecret"), "{shown}");
}

#[test]
fn telemetry_and_script_urls() {
    let env = env_of(&[
        ("CLERK_PUBLISHABLE_KEY", PK),
        ("CLERK_SECRET_KEY", "sk_live_x"),
        ("CLERK_TELEMETRY_DISABLED", "1"),
        ("CLERK_PROXY_URL", "/__clerk"),
        ("CLERK_JS_VERSION", "6.40.0"),
        ("CLERK_UI_VERSION", "1.36.0"),
    ]);
    let c = ClerkConfig::from_sources(None, env).expect("valid");
    assert!(!c.telemetry);
    let urls = c.script_urls();
    assert_eq!(
        urls.clerk_js,
        "/__clerk/npm/@clerk/clerk-js@6.40.0/dist/clerk.browser.js"
    );
    assert_eq!(
        urls.ui.as_deref(),
        Some("/__clerk/npm/@clerk/ui@1.36.0/dist/ui.browser.js")
    );

    let mut c = c;
    c.proxy_url = None;
    c.clerk_js_version = "5".into();
    let urls = c.script_urls();
    assert_eq!(
        urls.clerk_js,
        "https://clerk.example.com/npm/@clerk/clerk-js@5/dist/clerk.browser.js"
    );
    assert_eq!(urls.ui, None);
}

#[test]
fn script_url_overrides_win() {
    let env = env_of(&[
        ("CLERK_PUBLISHABLE_KEY", PK),
        ("CLERK_SECRET_KEY", "sk_live_x"),
        ("CLERK_JS_URL", "https://cdn.example/clerk.browser.js"),
        ("CLERK_UI_URL", "https://cdn.example/ui.browser.js"),
    ]);
    let urls = ClerkConfig::from_sources(None, env)
        .expect("valid")
        .script_urls();
    assert_eq!(urls.clerk_js, "https://cdn.example/clerk.browser.js");
    assert_eq!(
        urls.ui.as_deref(),
        Some("https://cdn.example/ui.browser.js")
    );
}

#[test]
fn with_keys_points_at_another_instance() {
    let env = env_of(&[
        ("CLERK_PUBLISHABLE_KEY", PK),
        ("CLERK_SECRET_KEY", "sk_live_x"),
    ]);
    let c = ClerkConfig::from_sources(Some(FILE), env)
        .expect("valid")
        .with_keys(
            "pk_test_ZWFzeS1sZW1taW5nLTg1LmNsZXJrLmFjY291bnRzLmRldiQ",
            "sk_test_local",
            "http://127.0.0.1:3000/api",
            Some("/__clerk"),
        )
        .expect("valid keys");
    assert_eq!(c.api_base(), "http://127.0.0.1:3000/api/v1");
    assert_eq!(c.sign_in_url, "/login");
    assert_eq!(
        c.secret_key.as_ref().map(SecretKey::expose),
        Some("sk_test_local")
    );
}

#[test]
fn satellite_settings_and_redirect_urls() {
    let env = env_of(&[
        ("CLERK_PUBLISHABLE_KEY", PK),
        ("CLERK_SECRET_KEY", "sk_live_x"),
        ("CLERK_DOMAIN", "satellite.example.com"),
        ("CLERK_IS_SATELLITE", "true"),
        ("CLERK_SIGN_IN_FORCE_REDIRECT_URL", "/welcome"),
        (
            "CLERK_AFTER_SIGN_UP_URL",
            "https://app.example.com/onboarding",
        ),
    ]);
    let c = ClerkConfig::from_sources(None, env).expect("valid");
    assert!(c.is_satellite);
    assert_eq!(c.domain.as_deref(), Some("satellite.example.com"));
    assert_eq!(c.sign_in_force_redirect_url.as_deref(), Some("/welcome"));
    assert_eq!(
        c.after_sign_up_url.as_deref(),
        Some("https://app.example.com/onboarding")
    );
    // The older name fills the fallback clerk-js is loaded with.
    assert_eq!(
        c.sign_up_fallback_redirect_url,
        "https://app.example.com/onboarding"
    );
    assert!(c.treat_pending_as_signed_out);
}

#[test]
fn the_newer_fallback_setting_wins_over_the_older_name() {
    let env = env_of(&[
        ("CLERK_PUBLISHABLE_KEY", PK),
        ("CLERK_SECRET_KEY", "sk_live_x"),
        ("CLERK_AFTER_SIGN_IN_URL", "/old"),
        ("CLERK_SIGN_IN_FALLBACK_REDIRECT_URL", "/new"),
    ]);
    let c = ClerkConfig::from_sources(None, env).expect("valid");
    assert_eq!(c.sign_in_fallback_redirect_url, "/new");
    assert_eq!(c.after_sign_in_url.as_deref(), Some("/old"));
}

#[test]
fn malformed_settings_name_their_variable() {
    let base = [
        ("CLERK_PUBLISHABLE_KEY", PK),
        ("CLERK_SECRET_KEY", "sk_live_x"),
    ];
    let fails = |extra: (&str, &str), variable: &str| {
        let mut pairs = base.to_vec();
        pairs.push(extra);
        let err = ClerkConfig::from_sources(None, env_of(&pairs)).expect_err("malformed");
        assert!(err.to_string().contains(variable), "{extra:?}: {err}");
    };
    fails(("CLERK_IS_SATELLITE", "maybe"), "CLERK_IS_SATELLITE");
    fails(("CLERK_IS_SATELLITE", "1"), "CLERK_DOMAIN");
    fails(("CLERK_DOMAIN", "https://sat.example.com"), "CLERK_DOMAIN");
    fails(("CLERK_API_VERSION", "2025-01-01"), "CLERK_API_VERSION");
    fails(("CLERK_SIGN_IN_URL", "sign-in"), "CLERK_SIGN_IN_URL");
    fails(("CLERK_SIGN_UP_URL", "//evil.example"), "CLERK_SIGN_UP_URL");
    fails(
        ("CLERK_SIGN_UP_FORCE_REDIRECT_URL", "javascript:alert(1)"),
        "CLERK_SIGN_UP_FORCE_REDIRECT_URL",
    );
    fails(
        ("CLERK_AFTER_SIGN_IN_URL", "ftp://x"),
        "CLERK_AFTER_SIGN_IN_URL",
    );
    fails(
        ("CLERK_WAITLIST_URL", "/\\evil.example"),
        "CLERK_WAITLIST_URL",
    );
}

#[test]
fn pending_sessions_and_issuers_come_from_the_file() {
    let file =
        "[clerk]\ntreat_pending_as_signed_out = false\nissuers = [\"https://clerk.example.com\"]\n";
    let c = ClerkConfig::from_sources(
        Some(file),
        env_of(&[
            ("CLERK_PUBLISHABLE_KEY", PK),
            ("CLERK_SECRET_KEY", "sk_live_x"),
        ]),
    )
    .expect("valid");
    assert!(!c.treat_pending_as_signed_out);
    assert_eq!(c.issuers, vec!["https://clerk.example.com".to_owned()]);
}

#[test]
fn the_waitlist_page_comes_from_the_file_or_the_environment() {
    let file = "[clerk]\nwaitlist_url = \"/waitlist\"\n";
    let keys = [
        ("CLERK_PUBLISHABLE_KEY", PK),
        ("CLERK_SECRET_KEY", "sk_live_x"),
    ];
    let c = ClerkConfig::from_sources(Some(file), env_of(&keys)).expect("valid");
    assert_eq!(c.waitlist_url.as_deref(), Some("/waitlist"));
    let mut pairs = keys.to_vec();
    pairs.push(("CLERK_WAITLIST_URL", "https://example.com/early-access"));
    let c = ClerkConfig::from_sources(Some(file), env_of(&pairs)).expect("valid");
    assert_eq!(
        c.waitlist_url.as_deref(),
        Some("https://example.com/early-access")
    );
    let unset = ClerkConfig::from_sources(None, env_of(&keys)).expect("valid");
    assert_eq!(unset.waitlist_url, None);
}

#[test]
fn task_pages_come_from_the_file_and_must_be_known_tasks_and_paths_or_http_urls() {
    let keys = [
        ("CLERK_PUBLISHABLE_KEY", PK),
        ("CLERK_SECRET_KEY", "sk_live_x"),
    ];
    let file = "[clerk.task_urls]\nchoose-organization = \"/onboarding\"\n";
    let c = ClerkConfig::from_sources(Some(file), env_of(&keys)).expect("valid");
    assert_eq!(
        c.task_urls.get("choose-organization").map(String::as_str),
        Some("/onboarding")
    );
    assert!(ClerkConfig::from_sources(None, env_of(&keys))
        .expect("valid")
        .task_urls
        .is_empty());

    let unknown = "[clerk.task_urls]\nchoose-organisation = \"/onboarding\"\n";
    let err = ClerkConfig::from_sources(Some(unknown), env_of(&keys)).expect_err("a typo");
    assert!(err.to_string().contains("[clerk.task_urls]"), "{err}");
    assert!(err.to_string().contains("choose-organisation"), "{err}");
    let elsewhere = "[clerk.task_urls]\nsetup-mfa = \"//evil.example/mfa\"\n";
    let err = ClerkConfig::from_sources(Some(elsewhere), env_of(&keys)).expect_err("off-site");
    assert!(err.to_string().contains("[clerk.task_urls]"), "{err}");
}

#[test]
fn a_dotenv_parse_error_names_the_variable_not_the_secret() {
    let text = "CLERK_PUBLISHABLE_KEY=pk_test_x\nCLERK_SECRET_KEY sk_live_TOPSECRET\n";
    let error = dotenvy::from_read_iter(text.as_bytes())
        .find_map(Result::err)
        .expect("a parse error");
    let error = super::dotenv_error(&error);
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("TOPSECRET"), "{shown}");
        assert!(shown.contains("CLERK_SECRET_KEY"), "{shown}");
    }
}

#[test]
fn a_development_satellite_needs_the_primarys_sign_in_page_as_a_full_url() {
    let dev = "pk_test_ZWFzeS1sZW1taW5nLTg1LmNsZXJrLmFjY291bnRzLmRldiQ";
    let satellite = |sign_in_url: &str| {
        ClerkConfig::from_sources(
            None,
            env_of(&[
                ("CLERK_PUBLISHABLE_KEY", dev),
                ("CLERK_SECRET_KEY", "sk_test_x"),
                ("CLERK_IS_SATELLITE", "true"),
                ("CLERK_DOMAIN", "satellite.example.com"),
                ("CLERK_SIGN_IN_URL", sign_in_url),
            ]),
        )
    };
    let error = satellite("/sign-in").expect_err("a path cannot start the sync");
    assert!(error.to_string().contains("CLERK_SIGN_IN_URL"), "{error}");
    assert!(satellite("https://primary.example.com/sign-in").is_ok());
}
