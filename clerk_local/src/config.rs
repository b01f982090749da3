//! What the local instance needs to know: where to keep its data, where the bundles are, the app's
//! origin and name, and the users to seed. Read from the `[clerk_local]` table of `Leptos.toml`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::constants::{
    EMAIL_VERIFICATION_ENV, INSTANCE_TYPE_ENV, PERSONAL_ACCOUNTS_ENV, REQUIRE_NAME_ENV,
};
use crate::errors::LocalError;
use crate::instance_type::InstanceType;

const DEFAULT_DATA_DIR: &str = ".clerk_local";
const DEFAULT_APPLICATION_NAME: &str = "Local Clerk";

/// Settings for [`LocalInstance::open`](crate::LocalInstance::open).
#[derive(Clone, Debug, Default)]
pub struct LocalConfig {
    /// Where the signing key and the state (users, sessions) persist; git-ignored.
    pub data_dir: PathBuf,
    /// Holds `clerk-js/dist/...` and `ui/dist/...`: the roots of the two npm packages.
    pub bundles_dir: PathBuf,
    /// The origin the browser uses for the app, e.g. `http://127.0.0.1:3000`.
    pub origin: String,
    /// Shown by Clerk's components ("Sign in to …").
    pub application_name: String,
    /// Users created (or updated) at start-up, matched by email address.
    pub users: Vec<SeedUser>,
    /// Sign-ups confirm their email address with a one-time code (written to the log).
    pub email_verification: bool,
    /// `restricted`: only invited email addresses may sign up (other users come from seeds and
    /// the Backend API).
    pub sign_up_mode: SignUpMode,
    /// Sign-ups must give a first and a last name.
    pub require_name: bool,
    /// Shortest password accepted; `None` is Clerk's default, 8.
    pub password_min_length: Option<usize>,
    /// Organizations: off unless enabled, with the roles and permissions they grant.
    pub organizations: OrganizationSettings,
    /// Named JWT templates for `getToken({ template })`.
    pub jwt_templates: Vec<JwtTemplate>,
    /// Where webhooks are delivered, if anywhere.
    pub webhook_url: Option<String>,
    /// Production (`pk_live_`, the default) or development (`pk_test_`, dev browsers).
    pub instance_type: InstanceType,
    /// Social connections shown on sign-in and sign-up (`oauth_google`), each an emulated
    /// provider with a consent page on the instance.
    pub social: Vec<String>,
    /// Users may add an authenticator app (TOTP) and backup codes as a second factor.
    pub mfa: bool,
    /// Who may make API keys in Clerk's components (`<APIKeys/>`, the "API keys" pages of
    /// `<UserProfile/>` and `<OrganizationProfile/>`): Clerk's dashboard setting, off by default.
    pub api_keys: ApiKeySettings,
}

/// `[clerk_local.api_keys]`: `users` and `organizations`, each `false` unless set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKeySettings {
    #[serde(default)]
    pub users: bool,
    #[serde(default)]
    pub organizations: bool,
}

/// Who may sign up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignUpMode {
    /// Anyone (Clerk's default).
    #[default]
    Public,
    /// Only through an invitation: `<SignUp/>` refuses every other address.
    Restricted,
    /// As restricted, and anyone may ask for an invitation with `<Waitlist/>`; the Backend API's
    /// `/v1/waitlist_entries` invites (or rejects) them.
    Waitlist,
}

impl SignUpMode {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Restricted => "restricted",
            Self::Waitlist => "waitlist",
        }
    }
}

/// Clerk's default minimum password length.
pub(crate) const DEFAULT_PASSWORD_MIN_LENGTH: usize = 8;

impl LocalConfig {
    pub(crate) fn password_min_length(&self) -> usize {
        self.password_min_length
            .unwrap_or(DEFAULT_PASSWORD_MIN_LENGTH)
    }
}

/// `[clerk_local.organizations]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationSettings {
    #[serde(default)]
    pub enabled: bool,
    /// The role of whoever creates an organization (a key from `roles`).
    #[serde(default = "default_creator_role")]
    pub creator_role: String,
    /// The role of members added without one.
    #[serde(default = "default_member_role")]
    pub default_role: String,
    #[serde(default = "default_max_memberships")]
    pub max_allowed_memberships: u32,
    #[serde(default = "default_roles")]
    pub roles: Vec<Role>,
    /// Clerk's "Allow personal accounts" (default `true`). Off, every session without an
    /// organization is `pending` with the `choose-organization` task, until one is chosen.
    /// `CLERK_LOCAL_PERSONAL_ACCOUNTS` overrides it.
    #[serde(default = "default_personal_accounts")]
    pub personal_accounts: bool,
}

/// One `[[clerk_local.organizations.roles]]`: `key` like `org:admin`, permissions like
/// `org:dashboard:read` (`org:<feature>:<permission>`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub permissions: Vec<String>,
}

/// One `[[clerk_local.jwt_templates]]`: `claims` are merged over the standard claims, with
/// `{{user.id}}`-style shortcodes replaced (`user.id`, `user.first_name`, `user.last_name`,
/// `user.primary_email_address`, `user.public_metadata`, `org.id`, `org.slug`, `org.role`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JwtTemplate {
    pub name: String,
    #[serde(default = "default_template_lifetime")]
    pub lifetime: i64,
    #[serde(default)]
    pub claims: toml::Table,
}

impl Default for OrganizationSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            creator_role: default_creator_role(),
            default_role: default_member_role(),
            max_allowed_memberships: default_max_memberships(),
            roles: default_roles(),
            personal_accounts: default_personal_accounts(),
        }
    }
}

impl OrganizationSettings {
    /// Whether a session must have an organization to be active (the environment's
    /// `force_organization_selection`).
    pub(crate) fn requires_organization(&self) -> bool {
        self.enabled && !self.personal_accounts
    }

    pub(crate) fn role(&self, key: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.key == key)
    }

    /// Every feature the roles' permissions name, in order of appearance: the org's `fea`.
    pub(crate) fn features(&self) -> Vec<&str> {
        let mut features: Vec<&str> = Vec::new();
        for permission in self.roles.iter().flat_map(|r| &r.permissions) {
            if let Some((feature, _)) = split_permission(permission) {
                if !features.contains(&feature) {
                    features.push(feature);
                }
            }
        }
        features
    }
}

/// `org:dashboard:read` → (`dashboard`, `read`); system permissions (`org:sys_…`) and other
/// shapes are not feature permissions.
pub(crate) fn split_permission(permission: &str) -> Option<(&str, &str)> {
    let rest = permission.strip_prefix("org:")?;
    let (feature, name) = rest.split_once(':')?;
    (!feature.starts_with("sys_") && !name.is_empty()).then_some((feature, name))
}

fn default_creator_role() -> String {
    "org:admin".to_owned()
}

fn default_member_role() -> String {
    "org:member".to_owned()
}

fn default_personal_accounts() -> bool {
    true
}

fn default_max_memberships() -> u32 {
    5
}

fn default_template_lifetime() -> i64 {
    60
}

/// Clerk's two default roles.
fn default_roles() -> Vec<Role> {
    vec![
        Role {
            key: "org:admin".to_owned(),
            name: "Admin".to_owned(),
            description: String::new(),
            permissions: Vec::new(),
        },
        Role {
            key: "org:member".to_owned(),
            name: "Member".to_owned(),
            description: String::new(),
            permissions: Vec::new(),
        },
    ]
}

/// A user to create at start-up: one `[[clerk_local.users]]` table.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct SeedUser {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: String,
    pub password: String,
}

/// The parts of the file we read; every other table belongs to someone else.
#[derive(Deserialize)]
struct SettingsFile {
    #[serde(default)]
    clerk_local: Section,
}

#[derive(Deserialize, Default)]
struct Section {
    data_dir: Option<PathBuf>,
    application_name: Option<String>,
    #[serde(default)]
    users: Vec<SeedUser>,
    #[serde(default)]
    email_verification: bool,
    #[serde(default)]
    sign_up_mode: SignUpMode,
    #[serde(default)]
    require_name: bool,
    password_min_length: Option<usize>,
    #[serde(default)]
    organizations: OrganizationSettings,
    #[serde(default)]
    jwt_templates: Vec<JwtTemplate>,
    webhook_url: Option<String>,
    #[serde(default)]
    instance_type: InstanceType,
    #[serde(default)]
    social: Vec<String>,
    #[serde(default)]
    mfa: bool,
    #[serde(default)]
    api_keys: ApiKeySettings,
}

impl LocalConfig {
    /// Reads the `[clerk_local]` table of a `Leptos.toml`-style file: `data_dir` (relative to the
    /// file's folder; default `.clerk_local`), `application_name`, and `[[clerk_local.users]]`.
    /// `CLERK_LOCAL_INSTANCE_TYPE` (`production` or `development`) overrides `instance_type`, and
    /// `CLERK_LOCAL_EMAIL_VERIFICATION`, `CLERK_LOCAL_REQUIRE_NAME` and
    /// `CLERK_LOCAL_PERSONAL_ACCOUNTS` (`true` or `false`) `email_verification`, `require_name`
    /// and `organizations.personal_accounts`.
    /// A file without the table gives the defaults and no users.
    pub fn from_toml_file(
        path: &Path,
        origin: String,
        bundles_dir: PathBuf,
    ) -> Result<Self, LocalError> {
        let text = std::fs::read_to_string(path).map_err(|source| LocalError::ReadConfig {
            path: path.to_path_buf(),
            source,
        })?;
        let section = toml::from_str::<SettingsFile>(&text)
            .map_err(|source| LocalError::ParseConfig {
                path: path.to_path_buf(),
                source,
            })?
            .clerk_local;
        let base = path.parent().unwrap_or(Path::new(""));
        // The environment wins, so a second server (CI) runs the other type from the same file.
        let instance_type = match std::env::var(INSTANCE_TYPE_ENV) {
            Ok(value) if !value.trim().is_empty() => value.parse()?,
            _ => section.instance_type,
        };
        let email_verification =
            switch_from_env(EMAIL_VERIFICATION_ENV, section.email_verification)?;
        let require_name = switch_from_env(REQUIRE_NAME_ENV, section.require_name)?;
        let mut organizations = section.organizations;
        organizations.personal_accounts =
            switch_from_env(PERSONAL_ACCOUNTS_ENV, organizations.personal_accounts)?;
        Ok(Self {
            data_dir: base.join(
                section
                    .data_dir
                    .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR)),
            ),
            bundles_dir,
            origin,
            application_name: section
                .application_name
                .unwrap_or_else(|| DEFAULT_APPLICATION_NAME.to_owned()),
            users: section.users,
            email_verification,
            sign_up_mode: section.sign_up_mode,
            require_name,
            password_min_length: section.password_min_length,
            organizations,
            jwt_templates: section.jwt_templates,
            webhook_url: section.webhook_url.filter(|u| !u.trim().is_empty()),
            instance_type,
            social: section.social,
            mfa: section.mfa,
            api_keys: section.api_keys,
        })
    }
}

/// The environment variable `name` when it is set, else the file's `setting`.
fn switch_from_env(name: &str, setting: bool) -> Result<bool, LocalError> {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => parse_switch(name, &value),
        _ => Ok(setting),
    }
}

/// A `true`/`false` setting from the environment variable `name`; anything else is a start-up
/// error naming it.
fn parse_switch(name: &str, value: &str) -> Result<bool, LocalError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        other => Err(LocalError::InvalidSetting(format!(
            "{name} {other:?}: expected \"true\" or \"false\""
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_clerk_local_table_and_ignores_the_rest() {
        let dir = std::env::temp_dir().join(format!("clerk_local_config_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("Leptos.toml");
        std::fs::write(
            &file,
            r#"
[clerk]
sign_in_url = "/sign-in"

[clerk_local]
data_dir = ".data"
application_name = "Test App"

email_verification = true
sign_up_mode = "restricted"
instance_type = "development"
webhook_url = "http://127.0.0.1:9/hooks"
mfa = true
social = ["oauth_google"]

[clerk_local.api_keys]
users = true

[[clerk_local.users]]
first_name = "Ada"
email = "ada@example.com"
password = "secret-password"

[clerk_local.organizations]
enabled = true

[[clerk_local.organizations.roles]]
key = "org:admin"
name = "Admin"
permissions = ["org:dashboard:manage", "org:teams:read", "org:sys_memberships:manage"]

[[clerk_local.organizations.roles]]
key = "org:member"
name = "Member"

[[clerk_local.jwt_templates]]
name = "api"
claims = { aud = "api", uid = "{{user.id}}" }
"#,
        )
        .unwrap();
        let config =
            LocalConfig::from_toml_file(&file, "http://x.test".into(), "b".into()).unwrap();
        assert_eq!(config.data_dir, dir.join(".data"));
        assert_eq!(config.application_name, "Test App");
        assert_eq!(config.users.len(), 1);
        assert_eq!(config.users[0].first_name.as_deref(), Some("Ada"));
        assert_eq!(config.users[0].last_name, None);
        if std::env::var_os(EMAIL_VERIFICATION_ENV).is_none() {
            assert!(config.email_verification);
        }
        assert_eq!(config.sign_up_mode, SignUpMode::Restricted);
        if std::env::var_os(INSTANCE_TYPE_ENV).is_none() {
            assert_eq!(config.instance_type, InstanceType::Development);
        }
        assert_eq!(config.password_min_length(), DEFAULT_PASSWORD_MIN_LENGTH);
        assert_eq!(
            config.webhook_url.as_deref(),
            Some("http://127.0.0.1:9/hooks")
        );
        assert!(config.organizations.enabled);
        assert!(config.mfa);
        assert_eq!(
            config.api_keys,
            ApiKeySettings {
                users: true,
                organizations: false
            }
        );
        assert_eq!(config.social, ["oauth_google"]);
        assert_eq!(config.organizations.creator_role, "org:admin");
        // System permissions are not features.
        assert_eq!(config.organizations.features(), ["dashboard", "teams"]);
        assert_eq!(config.jwt_templates[0].name, "api");
        assert_eq!(config.jwt_templates[0].lifetime, 60);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_switch_from_the_environment_is_true_or_false_or_an_error_naming_it() {
        assert!(parse_switch("X", " TRUE ").unwrap());
        assert!(parse_switch("X", "1").unwrap());
        assert!(!parse_switch("X", "false").unwrap());
        assert!(!parse_switch("X", "0").unwrap());
        let error = parse_switch("CLERK_LOCAL_EMAIL_VERIFICATION", "yes").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("CLERK_LOCAL_EMAIL_VERIFICATION \"yes\""),
            "{error}"
        );
    }
}
