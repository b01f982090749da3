//! The Clerk settings: keys from the environment (or `.env`), everything else from the `[clerk]`
//! table of `Leptos.toml`, each overridable by the environment variable Clerk's SDKs use.

mod cookie_names;
mod error;
mod file;
mod scripts;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::time::Duration;

use super::api_keys::{InstanceType, PublishableKey, SecretKey};
use crate::constants::*;
pub(crate) use cookie_names::CookieNames;
pub use error::ConfigError;
pub use scripts::ScriptUrls;

/// Everything `leptos_clerk` needs to know about the Clerk instance and the app.
///
/// Build it with [`from_env`](Self::from_env) (what an app does), or
/// [`from_sources`](Self::from_sources) (same rules, explicit inputs), or
/// [`new`](Self::new) and the public fields. `Debug` never shows the secret key.
///
/// # Usage
/// ```no_run
/// use leptos_clerk::server::{Clerk, ClerkConfig};
///
/// # fn f() -> Result<(), leptos_clerk::server::ConfigError> {
/// let clerk = Clerk::new(ClerkConfig::from_env()?)?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ClerkConfig {
    /// `CLERK_PUBLISHABLE_KEY`.
    pub publishable_key: PublishableKey,
    /// `CLERK_SECRET_KEY`: for the Backend API and fetching the JWKS. Never logged.
    pub secret_key: Option<SecretKey>,
    /// `CLERK_MACHINE_SECRET_KEY`: this server's own machine's secret key (`ak_…`), if it is one
    /// of the instance's machines. Opaque M2M tokens are then verified as that machine, so only
    /// those meant for it (with it in their scopes) pass; without it, with the instance's
    /// secret key, which takes any of the instance's tokens. JWT tokens are checked by their
    /// signature either way (see `M2mAuth::has_scope`). Never logged.
    pub machine_secret_key: Option<SecretKey>,
    /// `CLERK_JWT_KEY`: the instance's PEM public key, to verify tokens without the network.
    pub jwt_key: Option<String>,
    /// `CLERK_API_URL`, default `https://api.clerk.com`.
    pub api_url: String,
    /// `CLERK_API_VERSION`, default `v1`.
    pub api_version: String,
    /// `CLERK_PROXY_URL`: where the Frontend API is proxied (e.g. `/__clerk`).
    pub proxy_url: Option<String>,
    /// `CLERK_SIGN_IN_URL`, default `/sign-in`.
    pub sign_in_url: String,
    /// `CLERK_SIGN_UP_URL`, default `/sign-up`.
    pub sign_up_url: String,
    /// `CLERK_SIGN_IN_FALLBACK_REDIRECT_URL`, default `/`.
    pub sign_in_fallback_redirect_url: String,
    /// `CLERK_SIGN_UP_FALLBACK_REDIRECT_URL`, default `/`.
    pub sign_up_fallback_redirect_url: String,
    /// `CLERK_AFTER_SIGN_OUT_URL`, default `/`.
    pub after_sign_out_url: String,
    /// `CLERK_AUTHORIZED_PARTIES` (comma-separated): origins allowed in `azp`; empty = any.
    /// A development primary also sends satellites' sync answers (`__clerk_redirect_url`) only
    /// to these origins, its own, and `domain`.
    pub authorized_parties: Vec<String>,
    /// Tolerance for token times, default 5 s.
    pub clock_skew: Duration,
    /// Load the signed-in user's profile for page renders (one cached Backend API call).
    pub load_user: bool,
    /// Whether clerk-js may send telemetry (`CLERK_TELEMETRY_DISABLED=1` turns it off).
    pub telemetry: bool,
    /// `CLERK_DOMAIN`: the satellite's domain (e.g. `satellite.example.com`); for a production
    /// satellite the Frontend API is `clerk.<domain>`.
    pub domain: Option<String>,
    /// `CLERK_IS_SATELLITE`: this app is a satellite of another (primary) domain.
    pub is_satellite: bool,
    /// Sync a satellite on first visit even without cookies (Clerk's `satelliteAutoSync`,
    /// default off in Core 3).
    pub satellite_auto_sync: bool,
    /// Accepted token issuers (`iss`); empty (the default) means not checked.
    pub issuers: Vec<String>,
    /// A session with `sts: "pending"` (tasks to finish) is signed out (default `true`, as
    /// Clerk's `treatPendingAsSignedOut`).
    pub treat_pending_as_signed_out: bool,
    /// `CLERK_SIGN_IN_FORCE_REDIRECT_URL`.
    pub sign_in_force_redirect_url: Option<String>,
    /// `CLERK_SIGN_UP_FORCE_REDIRECT_URL`.
    pub sign_up_force_redirect_url: Option<String>,
    /// `CLERK_WAITLIST_URL`: the page hosting `<Waitlist/>`, where `<SignIn/>` and `<SignUp/>`
    /// send visitors when sign-ups go through the waitlist. Unset, Clerk's (the Account
    /// Portal's, or the local instance's `/waitlist`).
    pub waitlist_url: Option<String>,
    /// `CLERK_AFTER_SIGN_IN_URL`: the older name of the sign-in fallback, which it fills when
    /// `CLERK_SIGN_IN_FALLBACK_REDIRECT_URL` is not set.
    pub after_sign_in_url: Option<String>,
    /// `CLERK_AFTER_SIGN_UP_URL`: likewise for the sign-up fallback.
    pub after_sign_up_url: Option<String>,
    /// Organization sync: URL patterns naming the page's organization (`/orgs/:slug`,
    /// `/orgs/:id/(.*)`); a signed-in page load with another active organization is sent
    /// through a handshake that activates it (Clerk's `organizationSyncOptions`).
    pub organization_patterns: Vec<String>,
    /// Organization sync: URL patterns of the personal account (`/me`, `/me/(.*)`).
    pub personal_account_patterns: Vec<String>,
    /// How many verified session tokens to remember until they expire (0 turns the cache off;
    /// default 10 000).
    pub verified_token_cache: usize,
    /// How long the instance's JWKS is used before it is fetched again (default 5 minutes, as
    /// Clerk's `jwksCacheTtlInMs`). Past it, keys that hold the token's `kid` are still used at
    /// once while one background fetch renews them.
    pub jwks_cache_ttl: Duration,
    /// The longest a request waits on the Backend API (a handshake nonce, a token refresh, keys
    /// for an unknown `kid`, the page's user with `load_user`): one attempt, no retry; past it
    /// the request goes on without the answer. Default 2 s.
    pub request_backend_timeout: Duration,
    /// `CLERK_JS_VERSION`, default `6`.
    pub clerk_js_version: String,
    /// `CLERK_UI_VERSION`, default `1`.
    pub clerk_ui_version: String,
    /// `CLERK_JS_URL`: load clerk-js from here instead (self-hosted bundle, CDN pin).
    pub clerk_js_url: Option<String>,
    /// `CLERK_UI_URL`: load Clerk UI from here instead.
    pub clerk_ui_url: Option<String>,
    /// `[clerk.task_urls]`: this app's own pages for session tasks (paths, or absolute http(s)
    /// URLs, as the other redirect settings), by task
    /// (`choose-organization`, `reset-password`, `setup-mfa`), each hosting Clerk's component
    /// for it ([`TaskChooseOrganization`](crate::TaskChooseOrganization), …). clerk-js sends a
    /// pending session there after a sign-in, a sign-up or `setActive` (Clerk's `taskUrls`). A
    /// page load of a protected page still goes to `<sign_in_url>/tasks`, as `@clerk/backend`
    /// sends it, where `<SignIn/>` shows the task itself.
    pub task_urls: BTreeMap<String, String>,
}

impl ClerkConfig {
    /// A configuration with the defaults and no secret key (set `secret_key` or `jwt_key`).
    #[must_use]
    pub fn new(publishable_key: PublishableKey) -> Self {
        Self {
            publishable_key,
            secret_key: None,
            machine_secret_key: None,
            jwt_key: None,
            api_url: DEFAULT_API_URL.to_owned(),
            api_version: DEFAULT_API_VERSION.to_owned(),
            proxy_url: None,
            sign_in_url: DEFAULT_SIGN_IN_URL.to_owned(),
            sign_up_url: DEFAULT_SIGN_UP_URL.to_owned(),
            sign_in_fallback_redirect_url: DEFAULT_AFTER_AUTH_URL.to_owned(),
            sign_up_fallback_redirect_url: DEFAULT_AFTER_AUTH_URL.to_owned(),
            after_sign_out_url: DEFAULT_AFTER_AUTH_URL.to_owned(),
            authorized_parties: Vec::new(),
            clock_skew: Duration::from_secs(DEFAULT_CLOCK_SKEW_SECS),
            load_user: false,
            telemetry: true,
            domain: None,
            is_satellite: false,
            satellite_auto_sync: false,
            issuers: Vec::new(),
            treat_pending_as_signed_out: true,
            sign_in_force_redirect_url: None,
            waitlist_url: None,
            sign_up_force_redirect_url: None,
            after_sign_in_url: None,
            after_sign_up_url: None,
            organization_patterns: Vec::new(),
            personal_account_patterns: Vec::new(),
            verified_token_cache: VERIFIED_TOKEN_CACHE_CAPACITY,
            jwks_cache_ttl: Duration::from_secs(JWKS_CACHE_TTL_SECS),
            request_backend_timeout: Duration::from_millis(DEFAULT_REQUEST_BACKEND_TIMEOUT_MS),
            clerk_js_version: DEFAULT_CLERK_JS_VERSION.to_owned(),
            clerk_ui_version: DEFAULT_CLERK_UI_VERSION.to_owned(),
            clerk_js_url: None,
            clerk_ui_url: None,
            task_urls: BTreeMap::new(),
        }
    }

    /// Loads `.env` (if present), then `Leptos.toml`'s `[clerk]` table (if the file is in the
    /// current directory), then lets the environment override.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_env_and_file(CONFIG_FILE)
    }

    /// [`from_env`](Self::from_env) with another settings file (skipped when it does not exist).
    pub fn from_env_and_file(path: impl AsRef<Path>) -> Result<Self, ConfigError> {
        load_dotenv()?;
        let path = path.as_ref();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(ConfigError::ReadFile {
                    path: path.display().to_string(),
                    source,
                })
            }
        };
        Self::from_sources(text.as_deref(), |name| std::env::var(name).ok())
    }

    /// The rules of [`from_env`](Self::from_env) on explicit inputs: `file` is the settings
    /// file's text, `env` looks a variable up. Empty variables count as unset.
    ///
    /// # Usage
    /// ```
    /// use leptos_clerk::server::ClerkConfig;
    ///
    /// let file = "[clerk]\nsign_in_url = \"/login\"\n";
    /// let config = ClerkConfig::from_sources(Some(file), |name| match name {
    ///     "CLERK_PUBLISHABLE_KEY" => Some("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k".into()),
    ///     "CLERK_SECRET_KEY" => Some("sk_live_xxx".into()),
    ///     _ => None,
    /// })
    /// .unwrap();
    /// assert_eq!(config.sign_in_url, "/login");
    /// ```
    pub fn from_sources(
        file: Option<&str>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let env = |name: &str| {
            env(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let f = match file {
            Some(text) => file::parse(text)?,
            None => file::FileSettings::default(),
        };
        let pk = env(ENV_PUBLISHABLE_KEY)
            .or(f.publishable_key)
            .ok_or(ConfigError::MissingPublishableKey)?;
        let mut c =
            Self::new(PublishableKey::parse(&pk).map_err(ConfigError::InvalidPublishableKey)?);
        c.secret_key = env(ENV_SECRET_KEY).map(SecretKey::new);
        if let Some(secret_key) = &c.secret_key {
            check_key_pair(&c.publishable_key, secret_key)?;
        }
        c.machine_secret_key = env(ENV_MACHINE_SECRET_KEY).map(SecretKey::new);
        c.jwt_key = env(ENV_JWT_KEY);
        set(&mut c.api_url, env(ENV_API_URL).or(f.api_url));
        set(&mut c.api_version, env(ENV_API_VERSION).or(f.api_version));
        c.proxy_url = env(ENV_PROXY_URL).or(f.proxy_url);
        set(&mut c.sign_in_url, env(ENV_SIGN_IN_URL).or(f.sign_in_url));
        set(&mut c.sign_up_url, env(ENV_SIGN_UP_URL).or(f.sign_up_url));
        c.after_sign_in_url = env(ENV_AFTER_SIGN_IN_URL).or(f.after_sign_in_url);
        c.after_sign_up_url = env(ENV_AFTER_SIGN_UP_URL).or(f.after_sign_up_url);
        // The older names are the fallbacks' (clerk-js reads a legacy `afterSignInUrl` so, and
        // warns): used when the newer setting is not given.
        set(
            &mut c.sign_in_fallback_redirect_url,
            env(ENV_SIGN_IN_FALLBACK_REDIRECT_URL)
                .or(f.sign_in_fallback_redirect_url)
                .or_else(|| c.after_sign_in_url.clone()),
        );
        set(
            &mut c.sign_up_fallback_redirect_url,
            env(ENV_SIGN_UP_FALLBACK_REDIRECT_URL)
                .or(f.sign_up_fallback_redirect_url)
                .or_else(|| c.after_sign_up_url.clone()),
        );
        set(
            &mut c.after_sign_out_url,
            env(ENV_AFTER_SIGN_OUT_URL).or(f.after_sign_out_url),
        );
        c.authorized_parties = match env(ENV_AUTHORIZED_PARTIES) {
            Some(list) => split_list(&list),
            None => f.authorized_parties.unwrap_or_default(),
        };
        if let Some(secs) = f.clock_skew_seconds {
            c.clock_skew = Duration::from_secs(secs);
        }
        if let Some(secs) = f.jwks_cache_ttl_seconds {
            c.jwks_cache_ttl = Duration::from_secs(secs);
        }
        if let Some(ms) = f.request_backend_timeout_ms {
            c.request_backend_timeout = Duration::from_millis(ms);
        }
        c.load_user = f.load_user.unwrap_or(c.load_user);
        c.domain = env(ENV_DOMAIN).or(f.domain);
        c.is_satellite = match env(ENV_IS_SATELLITE) {
            Some(v) => parse_bool(ENV_IS_SATELLITE, &v)?,
            None => f.is_satellite.unwrap_or(false),
        };
        c.satellite_auto_sync = f.satellite_auto_sync.unwrap_or(false);
        c.issuers = f.issuers.unwrap_or_default();
        c.treat_pending_as_signed_out = f
            .treat_pending_as_signed_out
            .unwrap_or(c.treat_pending_as_signed_out);
        c.sign_in_force_redirect_url =
            env(ENV_SIGN_IN_FORCE_REDIRECT_URL).or(f.sign_in_force_redirect_url);
        c.sign_up_force_redirect_url =
            env(ENV_SIGN_UP_FORCE_REDIRECT_URL).or(f.sign_up_force_redirect_url);
        c.waitlist_url = env(ENV_WAITLIST_URL).or(f.waitlist_url);
        c.organization_patterns = f.organization_patterns.unwrap_or_default();
        c.personal_account_patterns = f.personal_account_patterns.unwrap_or_default();
        c.telemetry = match env(ENV_TELEMETRY_DISABLED) {
            Some(v) => !is_truthy(&v),
            None => f.telemetry.unwrap_or(c.telemetry),
        };
        set(
            &mut c.clerk_js_version,
            env(ENV_JS_VERSION).or(f.clerk_js_version),
        );
        set(
            &mut c.clerk_ui_version,
            env(ENV_UI_VERSION).or(f.clerk_ui_version),
        );
        c.clerk_js_url = env(ENV_JS_URL).or(f.clerk_js_url);
        c.task_urls = f.task_urls.unwrap_or_default();
        c.clerk_ui_url = env(ENV_UI_URL).or(f.clerk_ui_url);
        c.validate()?;
        Ok(c)
    }

    /// Points the configuration at another instance's keys and URLs (e.g. a local emulation).
    pub fn with_keys(
        mut self,
        publishable_key: &str,
        secret_key: &str,
        api_url: &str,
        proxy_url: Option<&str>,
    ) -> Result<Self, ConfigError> {
        self.publishable_key =
            PublishableKey::parse(publishable_key).map_err(ConfigError::InvalidPublishableKey)?;
        self.secret_key = Some(SecretKey::new(secret_key));
        self.jwt_key = None;
        api_url.clone_into(&mut self.api_url);
        self.proxy_url = proxy_url.map(str::to_owned);
        self.validate()?;
        Ok(self)
    }

    /// Checks what a request would otherwise trip over: a way to verify tokens, and URLs.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.secret_key.is_none() && self.jwt_key.is_none() {
            return Err(ConfigError::MissingSecretKey);
        }
        if let Some(pem) = &self.jwt_key {
            super::tokens::parse_pem_key(pem).map_err(|why| ConfigError::InvalidJwtKey {
                reason: format!("CLERK_JWT_KEY is not a PEM RSA public key ({why})"),
            })?;
        }
        if !(self.api_url.starts_with("https://") || self.api_url.starts_with("http://")) {
            return Err(ConfigError::InvalidUrl {
                variable: ENV_API_URL,
                value: self.api_url.clone(),
                expected: "an absolute URL such as https://api.clerk.com",
            });
        }
        self.validate_redirect_urls()?;
        if self.is_satellite && self.domain.is_none() && self.proxy_url.is_none() {
            return Err(ConfigError::SatelliteWithoutDomain);
        }
        // A development satellite syncs through the primary's sign-in page, on its own origin
        // (what @clerk/backend asserts; with a path the sync would never start).
        if self.is_satellite
            && self.publishable_key.instance_type() == InstanceType::Development
            && !crate::urls::is_absolute_http(&self.sign_in_url)
        {
            return Err(ConfigError::InvalidUrl {
                variable: ENV_SIGN_IN_URL,
                value: self.sign_in_url.clone(),
                expected: "for a development satellite, the primary application's sign-in page \
                           as a full URL (https://primary.example.com/sign-in)",
            });
        }
        if let Some(domain) = &self.domain {
            if domain.contains('/') || domain.contains(char::is_whitespace) || domain.is_empty() {
                return Err(ConfigError::InvalidUrl {
                    variable: ENV_DOMAIN,
                    value: domain.clone(),
                    expected: "a bare host name such as satellite.example.com (no scheme, no path)",
                });
            }
        }
        if !self.api_version.starts_with('v')
            || self.api_version.len() < 2
            || !self.api_version[1..].chars().all(|c| c.is_ascii_digit())
        {
            return Err(ConfigError::InvalidUrl {
                variable: ENV_API_VERSION,
                value: self.api_version.clone(),
                expected: "a Backend API path version such as v1",
            });
        }
        if let Some(proxy) = &self.proxy_url {
            if !(proxy.starts_with('/')
                || proxy.starts_with("https://")
                || proxy.starts_with("http://"))
            {
                return Err(ConfigError::InvalidUrl {
                    variable: ENV_PROXY_URL,
                    value: proxy.clone(),
                    expected: "a path such as /__clerk or an absolute https:// URL",
                });
            }
        }
        Ok(())
    }

    /// Every redirect-URL setting must be a path (`/…`) or an absolute `http(s)` URL.
    fn validate_redirect_urls(&self) -> Result<(), ConfigError> {
        let required = [
            // The older names first: a bad one is also copied into its fallback, and the error
            // must name the variable that was set.
            (ENV_AFTER_SIGN_IN_URL, self.after_sign_in_url.as_ref()),
            (ENV_AFTER_SIGN_UP_URL, self.after_sign_up_url.as_ref()),
            (ENV_SIGN_IN_URL, Some(&self.sign_in_url)),
            (ENV_SIGN_UP_URL, Some(&self.sign_up_url)),
            (
                ENV_SIGN_IN_FALLBACK_REDIRECT_URL,
                Some(&self.sign_in_fallback_redirect_url),
            ),
            (
                ENV_SIGN_UP_FALLBACK_REDIRECT_URL,
                Some(&self.sign_up_fallback_redirect_url),
            ),
            (ENV_AFTER_SIGN_OUT_URL, Some(&self.after_sign_out_url)),
            (
                ENV_SIGN_IN_FORCE_REDIRECT_URL,
                self.sign_in_force_redirect_url.as_ref(),
            ),
            (
                ENV_SIGN_UP_FORCE_REDIRECT_URL,
                self.sign_up_force_redirect_url.as_ref(),
            ),
            (ENV_WAITLIST_URL, self.waitlist_url.as_ref()),
        ];
        for task in self.task_urls.keys() {
            if !SESSION_TASKS.contains(&task.as_str()) {
                return Err(ConfigError::InvalidValue {
                    variable: TASK_URLS_TABLE,
                    value: task.clone(),
                    expected: "a session task: choose-organization, reset-password or setup-mfa",
                });
            }
        }
        let tasks = self
            .task_urls
            .values()
            .map(|url| (TASK_URLS_TABLE, Some(url)));
        for (variable, value) in required.into_iter().chain(tasks) {
            let Some(value) = value else { continue };
            // A path must stay a path in the browser: `/\host` resolves to another host.
            let ok = crate::urls::is_same_origin_path(value)
                || url::Url::parse(value)
                    .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
            if !ok || value.chars().any(char::is_control) {
                return Err(ConfigError::InvalidUrl {
                    variable,
                    value: value.clone(),
                    expected: "a path such as /sign-in or an absolute https:// URL",
                });
            }
        }
        Ok(())
    }

    /// The Backend API base URL with its version, e.g. `https://api.clerk.com/v1`.
    #[must_use]
    pub fn api_base(&self) -> String {
        versioned_base(&self.api_url, &self.api_version)
    }
}

pub(crate) fn versioned_base(api_url: &str, api_version: &str) -> String {
    format!(
        "{}/{}",
        api_url.trim_end_matches('/'),
        api_version.trim_matches('/')
    )
}

impl fmt::Debug for ClerkConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClerkConfig")
            .field("publishable_key", &self.publishable_key)
            .field("secret_key", &self.secret_key)
            .field("machine_secret_key", &self.machine_secret_key)
            .field("jwt_key", &self.jwt_key.as_ref().map(|_| "[pem]"))
            .field("api_url", &self.api_url)
            .field("api_version", &self.api_version)
            .field("proxy_url", &self.proxy_url)
            .field("sign_in_url", &self.sign_in_url)
            .field("sign_up_url", &self.sign_up_url)
            .field(
                "sign_in_fallback_redirect_url",
                &self.sign_in_fallback_redirect_url,
            )
            .field(
                "sign_up_fallback_redirect_url",
                &self.sign_up_fallback_redirect_url,
            )
            .field("after_sign_out_url", &self.after_sign_out_url)
            .field("authorized_parties", &self.authorized_parties)
            .field("clock_skew", &self.clock_skew)
            .field("load_user", &self.load_user)
            .field("telemetry", &self.telemetry)
            .field("domain", &self.domain)
            .field("is_satellite", &self.is_satellite)
            .field("satellite_auto_sync", &self.satellite_auto_sync)
            .field("issuers", &self.issuers)
            .field(
                "treat_pending_as_signed_out",
                &self.treat_pending_as_signed_out,
            )
            .field(
                "sign_in_force_redirect_url",
                &self.sign_in_force_redirect_url,
            )
            .field(
                "sign_up_force_redirect_url",
                &self.sign_up_force_redirect_url,
            )
            .field("waitlist_url", &self.waitlist_url)
            .field("after_sign_in_url", &self.after_sign_in_url)
            .field("after_sign_up_url", &self.after_sign_up_url)
            .field("organization_patterns", &self.organization_patterns)
            .field("personal_account_patterns", &self.personal_account_patterns)
            .field("verified_token_cache", &self.verified_token_cache)
            .field("jwks_cache_ttl", &self.jwks_cache_ttl)
            .field("request_backend_timeout", &self.request_backend_timeout)
            .field("clerk_js_version", &self.clerk_js_version)
            .field("clerk_ui_version", &self.clerk_ui_version)
            .field("clerk_js_url", &self.clerk_js_url)
            .field("clerk_ui_url", &self.clerk_ui_url)
            .field("task_urls", &self.task_urls)
            .finish()
    }
}

/// Loads `.env` from the working directory (not its parents) into the process environment; a
/// missing file is fine, a broken one is not.
pub(crate) fn load_dotenv() -> Result<(), ConfigError> {
    match dotenvy::from_path(".env") {
        Ok(_) => Ok(()),
        Err(e) if e.not_found() => Ok(()),
        Err(e) => Err(dotenv_error(&e)),
    }
}

/// The parse error without the line itself: a `.env` line may hold the secret key. The name it
/// starts with is enough to find it.
fn dotenv_error(error: &dotenvy::Error) -> ConfigError {
    let message = match error {
        dotenvy::Error::LineParse(line, at) => {
            let name: String = line
                .trim_start()
                .trim_start_matches("export ")
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .take(64)
                .collect();
            format!(
                "the line starting with `{name}` cannot be parsed at character {at} (the line \
                 is not shown: it may hold a secret)"
            )
        }
        other => other.to_string(),
    };
    ConfigError::DotEnv { message }
}

/// A secret key must be Clerk's, and of the publishable key's instance type: a `pk_test_` with an
/// `sk_live_` is two instances' keys, whose tokens would never verify.
fn check_key_pair(publishable: &PublishableKey, secret: &SecretKey) -> Result<(), ConfigError> {
    let key = secret.expose();
    let is_clerks = ["sk_test_", "sk_live_", "test_", "live_"]
        .iter()
        .any(|prefix| key.len() > prefix.len() && key.starts_with(prefix));
    if !is_clerks {
        return Err(ConfigError::InvalidSecretKey);
    }
    let name = |instance_type| match instance_type {
        InstanceType::Development => "development",
        InstanceType::Production => "production",
    };
    let (publishable, secret) = (publishable.instance_type(), secret.instance_type());
    if publishable != secret {
        return Err(ConfigError::KeysOfDifferentInstances {
            publishable: name(publishable),
            secret: name(secret),
        });
    }
    Ok(())
}

fn set(field: &mut String, value: Option<String>) {
    if let Some(value) = value {
        *field = value;
    }
}

fn split_list(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn parse_bool(variable: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError::InvalidValue {
            variable,
            value: value.to_owned(),
            expected: "true or false",
        }),
    }
}

fn is_truthy(value: &str) -> bool {
    matches!(
        value.to_ascii_lowercase().as_str(),
        "1" | "true" | "yes" | "on"
    )
}

#[cfg(test)]
mod tests;
