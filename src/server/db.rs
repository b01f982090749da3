//! The database: one connection pool, SQLite or PostgreSQL depending on `DATABASE_URL`, migrated
//! at start-up with the migrations embedded from `migrations/`.
//!
//! sqlx's `Any` driver picks the backend at run time, so one binary and one set of queries
//! serve both. The queries keep to what both understand: `$1` placeholders (SQLite reads them
//! too), `TEXT` and `BIGINT` columns, `ON CONFLICT` upserts.

use std::path::Path;

use sqlx::any::{install_default_drivers, AnyPoolOptions};

/// The pool every handler and server function shares.
pub type Db = sqlx::AnyPool;

/// Where data goes when `DATABASE_URL` is unset: a git-ignored file, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/app.db?mode=rwc";

const MAX_CONNECTIONS: u32 = 8;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL {0:?} is neither sqlite:… nor postgres://…")]
    UnsupportedUrl(String),
    #[error("creating the folder {folder} for the SQLite database: {source}")]
    Folder {
        folder: String,
        source: std::io::Error,
    },
    #[error("connecting to the database ({url}): {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("migrating the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Opens the pool and brings the schema up to date. Safe to call from several servers at once:
/// sqlx takes a lock (an advisory lock on PostgreSQL) while it migrates.
pub async fn connect(url: &str) -> Result<Db, DbError> {
    install_default_drivers();
    let sqlite = sqlite_path(url);
    if sqlite.is_none() && !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
        return Err(DbError::UnsupportedUrl(redact(url)));
    }
    if let Some(folder) = sqlite.and_then(Path::parent) {
        if !folder.as_os_str().is_empty() {
            std::fs::create_dir_all(folder).map_err(|source| DbError::Folder {
                folder: folder.display().to_string(),
                source,
            })?;
        }
    }
    let pool = AnyPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .connect(url)
        .await
        .map_err(|source| DbError::Connect {
            url: redact(url),
            source,
        })?;
    if sqlite.is_some() {
        // Readers no longer wait for a writer (and the setting stays with the file).
        sqlx::query("PRAGMA journal_mode = WAL")
            .execute(&pool)
            .await
            .map_err(|source| DbError::Connect {
                url: redact(url),
                source,
            })?;
    }
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// The file of a `sqlite:` URL (`None` for other URLs and for in-memory databases).
fn sqlite_path(url: &str) -> Option<&Path> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| Path::new(path))
}

/// The URL without its password (in the authority or a `password=` parameter, both of which
/// sqlx reads), for messages. A URL that does not parse is shown as its scheme only: where its
/// password would be cannot be told.
fn redact(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
        return format!("{scheme}:… (not a valid URL)");
    };
    if parsed.password().is_some() {
        let _ = parsed.set_password(Some("***"));
    }
    if parsed.query_pairs().any(|(name, _)| name == "password") {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(name, value)| {
                let value = if name == "password" {
                    "***".into()
                } else {
                    value
                };
                (name.into_owned(), value.into_owned())
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    parsed.to_string()
}

/// What a caller is told about a database failure: the details go to the log only (they may name
/// tables, hosts or values), and the message is the same for the API and for pages.
pub fn report(error: &sqlx::Error) -> &'static str {
    tracing::error!("database: {error}");
    "the database is unavailable"
}

/// Now, in Unix milliseconds (the schema's time unit).
pub fn now_ms() -> i64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(
            sqlite_path(DEFAULT_DATABASE_URL),
            Some(Path::new("data/app.db"))
        );
        assert_eq!(sqlite_path("sqlite:app.db"), Some(Path::new("app.db")));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://localhost/app"), None);
    }

    #[test]
    fn passwords_stay_out_of_messages() {
        let shown = redact("postgres://app:hunter2@db.internal:5432/app");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("db.internal"), "{shown}");
        // As a parameter (sqlx-postgres reads `password=`): the other parameters stay.
        let shown = redact("postgres://app@db.internal/app?password=hunter2&sslmode=require");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("sslmode=require"), "{shown}");
        // A URL that does not parse (a bad port) could hold the password anywhere.
        let shown = redact("postgres://app:hunter2@db.internal:5432x/app");
        assert_eq!(shown, "postgres:… (not a valid URL)");
    }

    #[tokio::test]
    async fn other_databases_are_a_clear_error() {
        let error = connect("mysql://localhost/app").await.unwrap_err();
        assert!(error.to_string().contains("DATABASE_URL"), "{error}");
    }
}
