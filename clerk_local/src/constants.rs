//! Every path prefix, cookie name, query parameter and file name the local instance uses, once.

/// Where the Frontend API lives on the app's origin: clerk-js's `proxyUrl`.
pub const PROXY_PATH: &str = "/__clerk";
/// Everything that is not the Frontend API (Backend API, test hooks) lives under this prefix.
pub const LOCAL_PATH: &str = "/__clerk_local";
/// The Backend API base, relative to the origin; routes are `{API_PATH}/v1/...`.
pub const API_PATH: &str = "/__clerk_local/api";
/// Lists the requests no route answered, so tests can assert there were none.
pub const UNHANDLED_PATH: &str = "/__clerk_local/unhandled";
/// The app's pages the environment names (`display_config`): Clerk's `<SignUp/>` and
/// `<Waitlist/>` are expected there, as `<SignIn/>` at `/sign-in`.
pub const SIGN_UP_PATH: &str = "/sign-up";
pub const WAITLIST_PATH: &str = "/waitlist";
/// Test hook: the newest one-time code sent to `?email=` (no email is really sent). Answers only
/// with the secret key as `Authorization: Bearer`.
pub const TEST_CODES_PATH: &str = "/__clerk_local/test/codes";

/// The Frontend API host the publishable key encodes. clerk-js never contacts it (the proxy URL
/// wins), but it must contain a `.` and it becomes the tokens' `iss`.
pub const FAPI_HOST: &str = "clerk.local.test";
/// A production key (the default instance type); development keys start with `pk_test_`.
pub const PUBLISHABLE_KEY_PREFIX: &str = "pk_live_";
pub const SECRET_KEY_PREFIX: &str = "sk_live_";
pub const TEST_PUBLISHABLE_KEY_PREFIX: &str = "pk_test_";
pub const TEST_SECRET_KEY_PREFIX: &str = "sk_test_";
/// The host a development key encodes: shaped like Clerk's own development hosts
/// (`<word>-<word>-<n>.clerk.accounts.dev`), since clerk-js runs its dev-browser code only for
/// those. Never contacted: clerk-js calls the proxy URL.
pub const DEVELOPMENT_FAPI_HOST: &str = "local-instance-0.clerk.accounts.dev";
/// The dev browser: its token travels as this query parameter on every Frontend API request
/// and, on the app's domain, as this (readable, not HttpOnly) cookie, written by clerk-js.
pub const DEV_BROWSER_PARAM: &str = "__clerk_db_jwt";
pub const DEV_BROWSER_COOKIE: &str = "__clerk_db_jwt";
/// Clerk's dev browser ids start with this.
pub const DEV_BROWSER_ID_PREFIX: &str = "dvb_";
/// Overrides `[clerk_local] instance_type` (for a second server in the other mode).
pub const INSTANCE_TYPE_ENV: &str = "CLERK_LOCAL_INSTANCE_TYPE";
/// Overrides `[clerk_local] email_verification` (`true` or `false`), as Clerk's dashboard
/// switches "Verify at sign-up": a second server tests the other way.
pub const EMAIL_VERIFICATION_ENV: &str = "CLERK_LOCAL_EMAIL_VERIFICATION";
/// Overrides `[clerk_local] require_name` (`true` or `false`): a second server tests a sign-up
/// that must give its names.
pub const REQUIRE_NAME_ENV: &str = "CLERK_LOCAL_REQUIRE_NAME";
/// Overrides `[clerk_local.organizations] personal_accounts` (`true` or `false`).
pub const PERSONAL_ACCOUNTS_ENV: &str = "CLERK_LOCAL_PERSONAL_ACCOUNTS";

/// Session tokens live as long as Clerk's default: 60 s, with `nbf` 10 s in the past.
pub const TOKEN_LIFETIME_SECS: i64 = 60;
pub const TOKEN_NOT_BEFORE_SKEW_SECS: i64 = 10;
/// The `cat` header of a Clerk session token (`@clerk/backend` `jwtCategories.ts`).
pub const SESSION_TOKEN_CATEGORY: &str = "cl_B7d4PD111AAA";
/// The `cat` header of a JWT-template token.
pub const TEMPLATE_TOKEN_CATEGORY: &str = "cl_B7d4PD222AAA";
/// The `cat` of an M2M token in JWT format.
pub const M2M_TOKEN_CATEGORY: &str = "cl_B7d4PD333AAA";

/// Clerk's defaults: a session expires 7 days after sign-in and is abandoned after 30.
pub const SESSION_LIFETIME_MS: i64 = 7 * DAY_MS;
pub const SESSION_ABANDON_MS: i64 = 30 * DAY_MS;
pub const SIGN_IN_ABANDON_MS: i64 = DAY_MS;
/// Ended, revoked, removed and expired sessions stay visible to the Backend API this long after
/// they ended, and at most this many of them (the newest): enough for tests and dashboards,
/// bounded so `state.json` does not grow forever.
pub const ENDED_SESSION_RETENTION_MS: i64 = 7 * DAY_MS;
pub const MAX_ENDED_SESSIONS: usize = 1_000;
/// Clerk's default: an instance invitation expires 30 days after it was made.
pub const INVITATION_LIFETIME_DAYS: i64 = 30;
/// `POST /v1/users/{id}/lock` locks the user out this long: Clerk's default lockout duration.
pub const USER_LOCKOUT_MS: i64 = 60 * 60 * 1000;
/// Clients without a session that were not used for this long are dropped.
pub const IDLE_CLIENT_LIFETIME_MS: i64 = DAY_MS;
/// Clients without a session kept in memory at most (anyone can make them).
pub const MAX_CLIENTS_WITHOUT_SESSION: usize = 1_000;
/// The server exchanges a handshake nonce right after the redirect; a few minutes is plenty.
pub const HANDSHAKE_NONCE_LIFETIME_MS: i64 = 5 * 60 * 1000;
/// The handshake nonce or token cookie: set on the redirect to the app, used by its next request.
pub const HANDSHAKE_CARRIER_MAX_AGE_SECS: i64 = 60;
pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Clerk's (bcrypt's) longest password.
pub const MAX_PASSWORD_LENGTH: usize = 72;

/// Cookies: `__client` is the browser's client (HttpOnly, FAPI's own), the rest are read by servers.
pub const CLIENT_COOKIE: &str = "__client";
pub const CLIENT_UAT_COOKIE: &str = "__client_uat";
pub const SESSION_COOKIE: &str = "__session";
pub const COOKIE_MAX_AGE_SECS: i64 = 365 * 24 * 60 * 60;

/// First-factor strategies the instance verifies.
pub const PASSWORD_STRATEGY: &str = "password";
pub const EMAIL_CODE_STRATEGY: &str = "email_code";
pub const TICKET_STRATEGY: &str = "ticket";

/// Query parameters.
/// clerk-js names the session a `/v1/me` request acts for.
pub const SESSION_ID_PARAM: &str = "_clerk_session_id";
pub const METHOD_OVERRIDE_PARAM: &str = "_method";
pub const REDIRECT_URL_PARAM: &str = "redirect_url";
pub const FORMAT_PARAM: &str = "format";
pub const SUFFIXED_COOKIES_PARAM: &str = "suffixed_cookies";
pub const HANDSHAKE_PARAM: &str = "__clerk_handshake";
pub const HANDSHAKE_NONCE_PARAM: &str = "__clerk_handshake_nonce";
/// Cookies that carry the handshake answer (`@clerk/backend` reads them like the parameters).
pub const HANDSHAKE_COOKIE: &str = "__clerk_handshake";
pub const HANDSHAKE_NONCE_COOKIE: &str = "__clerk_handshake_nonce";
pub const NONCE_PARAM: &str = "nonce";
/// An instance invitation's link: its ticket, read by `<SignUp/>`, and the flow it starts.
pub const INVITATION_TICKET_PARAM: &str = "__clerk_ticket";
pub const INVITATION_STATUS_PARAM: &str = "__clerk_status";

/// Escape hatch for the release-build guard.
pub const ALLOW_RELEASE_ENV: &str = "CLERK_LOCAL_ALLOW_RELEASE";
/// Opt-in for listening beyond loopback: the instance lets anyone sign in as anyone.
pub const ALLOW_REMOTE_ENV: &str = "CLERK_LOCAL_ALLOW_REMOTE";
/// What a developer runs to fetch the bundles.
pub const SETUP_COMMAND: &str = "scripts/setup";

/// Bundle files that must exist under `bundles_dir`, and the npm package names that map to them.
pub const CLERK_JS_PACKAGE: &str = "clerk-js";
pub const CLERK_UI_PACKAGE: &str = "ui";
pub const CLERK_JS_BUNDLE: &str = "clerk-js/dist/clerk.browser.js";
pub const CLERK_UI_BUNDLE: &str = "ui/dist/ui.browser.js";

/// Files in `data_dir`.
pub const KEY_FILE: &str = "signing_key.pem";
pub const STATE_FILE: &str = "state.json";

/// A session's status while it may be used, and while a task (choosing an organization) is left.
pub const SESSION_ACTIVE: &str = "active";
pub const SESSION_PENDING: &str = "pending";
/// The one session task the instance sets: an organization must be chosen.
pub const CHOOSE_ORGANIZATION_TASK: &str = "choose-organization";
