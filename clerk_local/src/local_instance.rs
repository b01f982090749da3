//! `LocalInstance`: opens the data folder, owns the keys and the store, and hands out the
//! settings an app needs to talk to it as if it were Clerk, and the routes that serve it.

use std::fmt;
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;

use crate::codes::Codes;
use crate::config::LocalConfig;
use crate::constants::{ALLOW_RELEASE_ENV, ALLOW_REMOTE_ENV, API_PATH, KEY_FILE, PROXY_PATH};
use crate::cookies::SetCookies;
use crate::errors::LocalError;
use crate::guard;
use crate::instance::Instance;
use crate::keys::SigningKeys;
use crate::origins::Origins;
use crate::password::PasswordPolicy;
use crate::router;
use crate::store::{HandshakeNonces, Store};
use crate::throttle::FailureThrottle;
use crate::unhandled::Unhandled;
use crate::webhooks::Webhooks;

/// An emulated Clerk instance: Frontend API, Backend API and the browser bundles, served by
/// [`router`](Self::router) on the app's own origin. Cheap to clone.
#[derive(Clone)]
pub struct LocalInstance {
    inner: Arc<Instance>,
}

impl LocalInstance {
    /// Opens (or creates) the instance in `config.data_dir`: signing key, secret key, users and
    /// sessions survive restarts, and the seed users are applied.
    ///
    /// Refuses in a release build unless `CLERK_LOCAL_ALLOW_RELEASE=1`, and when the bundles
    /// are missing from `config.bundles_dir` (run `scripts/setup`).
    pub fn open(config: LocalConfig) -> Result<Self, LocalError> {
        let allow = std::env::var(ALLOW_RELEASE_ENV).ok();
        guard::release_guard(!cfg!(debug_assertions), allow.as_deref())?;
        guard::check_bundles(&config.bundles_dir)?;
        guard::check_settings(&config)?;

        let store = Store::open(&config.data_dir, &config.users)?;
        let (instance_id, secret_key, webhook_secret) = store.read(|s| {
            (
                s.instance_id.clone(),
                s.secret_key.clone(),
                s.webhook_secret.clone(),
            )
        });
        let keys = SigningKeys::load_or_create(&config.data_dir.join(KEY_FILE), &instance_id)?;
        let origin = config.origin.trim_end_matches('/').to_owned();
        let passwords = PasswordPolicy {
            min_length: config.password_min_length(),
        };
        let instance_type = config.instance_type;
        let fapi_host = instance_type.frontend_api_host();
        let publishable_key = format!(
            "{}{}",
            instance_type.publishable_key_prefix(),
            STANDARD_NO_PAD.encode(format!("{fapi_host}$"))
        );
        // One secret per data folder; its prefix follows the instance type.
        let secret_key = instance_type.secret_key(&secret_key);
        Ok(Self {
            inner: Arc::new(Instance {
                cookies: SetCookies::new(&origin, &publishable_key),
                origins: Origins::new(&origin),
                origin,
                data_dir: config.data_dir,
                application_name: config.application_name,
                bundles_dir: config.bundles_dir,
                publishable_key,
                secret_key,
                keys,
                store,
                nonces: HandshakeNonces::default(),
                unhandled: Unhandled::default(),
                email_verification: config.email_verification,
                sign_up_mode: config.sign_up_mode,
                require_name: config.require_name,
                mfa: config.mfa,
                api_keys: config.api_keys,
                passwords,
                organizations: config.organizations,
                jwt_templates: config.jwt_templates,
                codes: Codes::default(),
                password_failures: FailureThrottle::default(),
                webhooks: Webhooks::new(config.webhook_url, webhook_secret),
                instance_id,
                instance_type,
                issuer: format!("https://{fapi_host}"),
                oauth_identities: crate::oauth::seed_identities(&config.users),
                social: config.social,
                oauth_round_trips: Default::default(),
            }),
        })
    }

    /// Refuses to serve the instance on `address` unless it is a loopback address or
    /// `CLERK_LOCAL_ALLOW_REMOTE=1`: every other address (`0.0.0.0` included) lets other
    /// machines sign in as anyone. Call it with the address the server will listen on.
    pub fn check_listen_address(address: std::net::SocketAddr) -> Result<(), LocalError> {
        let allow = std::env::var(ALLOW_REMOTE_ENV).ok();
        guard::bind_guard(address, allow.as_deref())
    }

    /// The publishable key for [`frontend_api_host`](Self::frontend_api_host): `pk_live_…` for a
    /// production instance, `pk_test_…` for a development one (clerk-js and servers then run
    /// their dev-browser paths).
    pub fn publishable_key(&self) -> String {
        self.inner.publishable_key.clone()
    }

    /// `sk_live_…` (`sk_test_…` for a development instance), generated once and kept in the data
    /// folder. Guards the Backend API.
    pub fn secret_key(&self) -> String {
        self.inner.secret_key.clone()
    }

    /// clerk-js's `proxyUrl`: the Frontend API on the app's origin.
    pub fn proxy_url(&self) -> String {
        format!("{}{PROXY_PATH}", self.inner.origin)
    }

    /// The Backend API base URL (routes are `{api_url}/v1/...`).
    pub fn api_url(&self) -> String {
        format!("{}{API_PATH}", self.inner.origin)
    }

    /// `whsec_…`: the Standard Webhooks signing secret of the webhooks this instance sends.
    pub fn webhook_secret(&self) -> String {
        self.inner.webhooks.secret().to_owned()
    }

    /// Where the signing key, users and sessions are kept.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.inner.data_dir
    }

    /// The host the publishable key encodes; tokens carry `iss = https://<host>`.
    pub fn frontend_api_host(&self) -> String {
        self.inner.instance_type.frontend_api_host().to_owned()
    }

    /// Production or development, as configured.
    pub fn instance_type(&self) -> crate::InstanceType {
        self.inner.instance_type
    }

    /// Everything the instance serves: bundles and Frontend API under `/__clerk`, the Backend
    /// API under `/__clerk_local/api`. Merge it into the app's router.
    pub fn router(&self) -> axum::Router {
        router::router(Arc::clone(&self.inner))
    }

    /// Waits (up to 10 s) until every change made so far is in the data folder. Changes are
    /// written by a thread of the instance's own, soon after they are made; call this before a
    /// graceful shutdown, or before reading the folder.
    pub fn flush(&self) {
        self.inner.store.flush();
    }

    /// The playground page at `/`: the real bundles with Clerk's components mounted by `?c=`.
    /// For the standalone binary and the contract tests; an app keeps its own `/`.
    pub fn playground(&self) -> axum::Router {
        crate::playground::router(Arc::clone(&self.inner))
    }
}

/// Never prints the secret key.
impl fmt::Debug for LocalInstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalInstance")
            .field("origin", &self.inner.origin)
            .field("publishable_key", &self.inner.publishable_key)
            .field("secret_key", &"sk_…")
            .finish_non_exhaustive()
    }
}
