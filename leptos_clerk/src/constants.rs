//! Every name Clerk's protocol fixes, once: cookies, headers, query parameters, environment
//! variables. (`@clerk/backend` keeps the same list in `src/constants.ts`.)
//!
//! The server and the browser halves share this module and each build uses only part of it,
//! hence the `dead_code` allowance.
#![allow(dead_code)]

// --- Cookies (spec §2.1). `__session`, `__client_uat`, `__clerk_db_jwt` and `__refresh` also come
// in a suffixed form, `<name>_<cookie suffix>`.

/// The session token (a 60-second JWT that clerk-js refreshes every 50 s).
pub(crate) const SESSION_COOKIE: &str = "__session";
/// Unix seconds of the client's last update; `0` means signed out.
pub(crate) const CLIENT_UAT_COOKIE: &str = "__client_uat";
pub(crate) const REFRESH_COOKIE: &str = "__refresh";
pub(crate) const DEV_BROWSER_COOKIE: &str = "__clerk_db_jwt";
pub(crate) const HANDSHAKE_COOKIE: &str = "__clerk_handshake";
pub(crate) const HANDSHAKE_NONCE_COOKIE: &str = "__clerk_handshake_nonce";
pub(crate) const REDIRECT_COUNT_COOKIE: &str = "__clerk_redirect_count";

// --- Headers.

/// Debug header on signed-out (and, later, handshake) responses: `signed-out`.
pub(crate) const AUTH_STATUS_HEADER: &str = "x-clerk-auth-status";
/// Debug header: the reason string, e.g. `token-expired`.
pub(crate) const AUTH_REASON_HEADER: &str = "x-clerk-auth-reason";
pub(crate) const AUTH_MESSAGE_HEADER: &str = "x-clerk-auth-message";
pub(crate) const AUTH_STATUS_SIGNED_OUT: &str = "signed-out";
pub(crate) const AUTH_STATUS_HANDSHAKE: &str = "handshake";
pub(crate) const FORWARDED_HOST_HEADER: &str = "x-forwarded-host";
pub(crate) const FORWARDED_PROTO_HEADER: &str = "x-forwarded-proto";
pub(crate) const SEC_FETCH_DEST_HEADER: &str = "sec-fetch-dest";
/// Sent on every Backend API request.
pub(crate) const CLERK_API_VERSION_HEADER: &str = "Clerk-API-Version";

// --- Query parameters.

/// Where the sign-in page sends the user back to.
pub(crate) const REDIRECT_URL_PARAM: &str = "redirect_url";
pub(crate) const CLERK_SYNCED_PARAM: &str = "__clerk_synced";
pub(crate) const SUFFIXED_COOKIES_PARAM: &str = "suffixed_cookies";
pub(crate) const CLERK_REDIRECT_URL_PARAM: &str = "__clerk_redirect_url";
pub(crate) const DEV_BROWSER_PARAM: &str = "__clerk_db_jwt";
pub(crate) const LEGACY_DEV_BROWSER_PARAM: &str = "__dev_session";
pub(crate) const HANDSHAKE_PARAM: &str = "__clerk_handshake";
pub(crate) const HANDSHAKE_HELP_PARAM: &str = "__clerk_help";
pub(crate) const HANDSHAKE_REASON_PARAM: &str = "__clerk_hs_reason";
pub(crate) const HANDSHAKE_NONCE_PARAM: &str = "__clerk_handshake_nonce";
pub(crate) const HANDSHAKE_FORMAT_PARAM: &str = "format";
pub(crate) const SESSION_PARAM: &str = "__session";
pub(crate) const API_VERSION_PARAM: &str = "__clerk_api_version";
/// The organization a handshake should activate (organization sync).
pub(crate) const ORGANIZATION_ID_PARAM: &str = "organization_id";
/// The Frontend API path servers send documents to for a handshake.
pub(crate) const HANDSHAKE_PATH: &str = "v1/client/handshake";
/// How many handshake redirects in a row before giving up (`__clerk_redirect_count`).
pub(crate) const MAX_HANDSHAKE_REDIRECTS: u32 = 3;

// --- Protocol values.

/// The Backend API version this SDK speaks (`@clerk/backend@3.25.0` `SUPPORTED_BAPI_VERSION`).
pub(crate) const BAPI_VERSION: &str = "2026-05-12";
pub(crate) const DEFAULT_API_URL: &str = "https://api.clerk.com";
pub(crate) const DEFAULT_API_VERSION: &str = "v1";
/// The `cat` header of a session token; other categories are not session tokens.
pub(crate) const SESSION_TOKEN_CATEGORY: &str = "cl_B7d4PD111AAA";
/// The `cat` of a machine-to-machine token.
pub(crate) const M2M_TOKEN_CATEGORY: &str = "cl_B7d4PD333AAA";
/// A `cat` some instances stamp on every token class: carries no class information.
pub(crate) const IGNORE_TOKEN_CATEGORY: &str = "cl_I7d4PD111III";
/// `sub` prefix of machine tokens (M2M JWTs are never session tokens).
pub(crate) const M2M_SUBJECT_PREFIX: &str = "mch_";
/// Opaque machine tokens, by their prefix: M2M tokens, OAuth access tokens, API keys.
pub(crate) const M2M_TOKEN_PREFIX: &str = "mt_";
pub(crate) const OAUTH_TOKEN_PREFIX: &str = "oat_";
pub(crate) const API_KEY_PREFIX: &str = "ak_";
/// The `typ` of an OAuth access token in JWT form.
pub(crate) const OAUTH_ACCESS_TOKEN_TYPES: [&str; 2] = ["at+jwt", "application/at+jwt"];
pub(crate) const PUBLISHABLE_KEY_TEST_PREFIX: &str = "pk_test_";
pub(crate) const PUBLISHABLE_KEY_LIVE_PREFIX: &str = "pk_live_";
/// The Backend API error code for a wrong secret key.
pub(crate) const SECRET_KEY_INVALID_CODE: &str = "clerk_key_invalid";
/// `sts` of a session that still has tasks to finish (e.g. choosing an organization).
pub(crate) const SESSION_STATUS_PENDING: &str = "pending";

// --- Environment variables (the names Clerk's SDKs use).

pub(crate) const ENV_PUBLISHABLE_KEY: &str = "CLERK_PUBLISHABLE_KEY";
pub(crate) const ENV_SECRET_KEY: &str = "CLERK_SECRET_KEY";
/// This server's own machine (`machineSecretKey` in Clerk's SDKs).
pub(crate) const ENV_MACHINE_SECRET_KEY: &str = "CLERK_MACHINE_SECRET_KEY";
pub(crate) const ENV_JWT_KEY: &str = "CLERK_JWT_KEY";
pub(crate) const ENV_API_URL: &str = "CLERK_API_URL";
pub(crate) const ENV_API_VERSION: &str = "CLERK_API_VERSION";
pub(crate) const ENV_PROXY_URL: &str = "CLERK_PROXY_URL";
pub(crate) const ENV_SIGN_IN_URL: &str = "CLERK_SIGN_IN_URL";
pub(crate) const ENV_SIGN_UP_URL: &str = "CLERK_SIGN_UP_URL";
pub(crate) const ENV_SIGN_IN_FALLBACK_REDIRECT_URL: &str = "CLERK_SIGN_IN_FALLBACK_REDIRECT_URL";
pub(crate) const ENV_SIGN_UP_FALLBACK_REDIRECT_URL: &str = "CLERK_SIGN_UP_FALLBACK_REDIRECT_URL";
pub(crate) const ENV_AFTER_SIGN_OUT_URL: &str = "CLERK_AFTER_SIGN_OUT_URL";
pub(crate) const ENV_AUTHORIZED_PARTIES: &str = "CLERK_AUTHORIZED_PARTIES";
pub(crate) const ENV_JS_VERSION: &str = "CLERK_JS_VERSION";
pub(crate) const ENV_UI_VERSION: &str = "CLERK_UI_VERSION";
pub(crate) const ENV_JS_URL: &str = "CLERK_JS_URL";
pub(crate) const ENV_UI_URL: &str = "CLERK_UI_URL";
pub(crate) const ENV_TELEMETRY_DISABLED: &str = "CLERK_TELEMETRY_DISABLED";
pub(crate) const ENV_DOMAIN: &str = "CLERK_DOMAIN";
pub(crate) const ENV_IS_SATELLITE: &str = "CLERK_IS_SATELLITE";
pub(crate) const ENV_SIGN_IN_FORCE_REDIRECT_URL: &str = "CLERK_SIGN_IN_FORCE_REDIRECT_URL";
pub(crate) const ENV_SIGN_UP_FORCE_REDIRECT_URL: &str = "CLERK_SIGN_UP_FORCE_REDIRECT_URL";
pub(crate) const ENV_WAITLIST_URL: &str = "CLERK_WAITLIST_URL";
/// The `Leptos.toml` table of this app's session-task pages.
pub(crate) const TASK_URLS_TABLE: &str = "[clerk.task_urls]";
/// The session tasks Clerk has (`SessionTask['key']` in `@clerk/shared`).
pub(crate) const SESSION_TASKS: [&str; 3] = ["choose-organization", "reset-password", "setup-mfa"];
pub(crate) const ENV_AFTER_SIGN_IN_URL: &str = "CLERK_AFTER_SIGN_IN_URL";
pub(crate) const ENV_AFTER_SIGN_UP_URL: &str = "CLERK_AFTER_SIGN_UP_URL";
pub(crate) const ENV_WEBHOOK_SIGNING_SECRET: &str = "CLERK_WEBHOOK_SIGNING_SECRET";

// --- The app's settings file.

/// The app's own settings file, read from the current directory.
pub(crate) const CONFIG_FILE: &str = "Leptos.toml";
/// The table of [`CONFIG_FILE`] holding the Clerk settings.
pub(crate) const CONFIG_TABLE: &str = "clerk";

// --- Defaults of the settings.

pub(crate) const DEFAULT_SIGN_IN_URL: &str = "/sign-in";
pub(crate) const DEFAULT_SIGN_UP_URL: &str = "/sign-up";
pub(crate) const DEFAULT_AFTER_AUTH_URL: &str = "/";
/// clerk-js major version for Core 3 (the loader's default is the bundled major).
pub(crate) const DEFAULT_CLERK_JS_VERSION: &str = "6";
/// `@clerk/ui` major version for Core 3.
pub(crate) const DEFAULT_CLERK_UI_VERSION: &str = "1";
/// Allowed clock skew when checking `exp`, `nbf` and `iat`, in seconds.
pub(crate) const DEFAULT_CLOCK_SKEW_SECS: u64 = 5;

// --- Caches and timeouts (server).

/// How long a fetched JWKS is trusted (`MAX_CACHE_LAST_UPDATED_AT_SECONDS`).
pub(crate) const JWKS_CACHE_TTL_SECS: u64 = 300;
/// Minimum time between two JWKS fetches, so tokens with made-up `kid`s cannot hammer the API.
pub(crate) const JWKS_MIN_REFETCH_SECS: u64 = 5;
/// How long a request waits on the Backend API by default (`request_backend_timeout`).
pub(crate) const DEFAULT_REQUEST_BACKEND_TIMEOUT_MS: u64 = 2_000;
/// Handshake nonces, machine tokens and API keys the Backend API did not know, remembered so a
/// replayed one costs no call.
pub(crate) const RECENT_FAILURE_CAPACITY: usize = 1024;
pub(crate) const RECENT_FAILURE_TTL_SECS: u64 = 60;
/// How long a handshake nonce whose redemption failed for a passing reason (a timeout, a 5xx) is
/// not asked about again.
pub(crate) const TRANSIENT_NONCE_FAILURE_SECS: u64 = 5;
/// The longest handshake nonce sent to the Backend API; Clerk's are far shorter.
pub(crate) const MAX_NONCE_LEN: usize = 256;
/// How long a user loaded for page rendering is reused.
pub(crate) const USER_CACHE_TTL_SECS: u64 = 10;
/// How many verified session tokens are remembered until they expire.
pub(crate) const VERIFIED_TOKEN_CACHE_CAPACITY: usize = 10_000;
/// How many users the page-rendering cache holds at most.
pub(crate) const USER_CACHE_CAPACITY: usize = 1024;
pub(crate) const HTTP_CONNECT_TIMEOUT_SECS: u64 = 5;
pub(crate) const HTTP_TIMEOUT_SECS: u64 = 10;
