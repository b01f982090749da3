//! Throwaway databases for the unit tests: a SQLite file always, and a fresh PostgreSQL schema
//! too when `TEST_POSTGRES_URL` names a server (`scripts/test` runs the database tests again
//! under `scripts/with-postgres`). The queries are written for both, so they are tested on both.

use rand::distributions::{Alphanumeric, DistString};

use super::db::{connect, Db};

/// One migrated, empty database.
pub struct TestDb {
    pub db: Db,
    /// "SQLite" or "PostgreSQL", for assertion messages.
    pub backend: &'static str,
    /// The SQLite file's folder, removed on drop.
    _folder: Option<TempFolder>,
}

/// Every database the tests can reach here: SQLite, and PostgreSQL when configured.
pub async fn each() -> Vec<TestDb> {
    let mut databases = vec![sqlite().await];
    if let Ok(url) = std::env::var("TEST_POSTGRES_URL") {
        databases.push(postgres_at(&url).await);
    }
    databases
}

/// A PostgreSQL database, for tests of what only PostgreSQL does (concurrent transactions).
pub async fn postgres() -> TestDb {
    let url = std::env::var("TEST_POSTGRES_URL").expect("TEST_POSTGRES_URL=postgres://…");
    postgres_at(&url).await
}

async fn sqlite() -> TestDb {
    let folder = TempFolder::new();
    let url = format!("sqlite://{}?mode=rwc", folder.0.join("app.db").display());
    TestDb {
        db: connect(&url).await.expect("opening a SQLite test database"),
        backend: "SQLite",
        _folder: Some(folder),
    }
}

/// A schema of its own on the server, so tests running at once never see each other's rows.
/// The server is a throwaway one: the schema is left to it.
async fn postgres_at(url: &str) -> TestDb {
    let schema = format!("test_{}", random_name().to_lowercase());
    let admin = connect_plain(url).await;
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await
        .expect("creating a test schema");
    admin.close().await;
    let separator = if url.contains('?') { '&' } else { '?' };
    let scoped = format!("{url}{separator}options=-csearch_path%3D{schema}");
    TestDb {
        db: connect(&scoped)
            .await
            .expect("opening the PostgreSQL test schema"),
        backend: "PostgreSQL",
        _folder: None,
    }
}

async fn connect_plain(url: &str) -> Db {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(url)
        .await
        .expect("connecting to TEST_POSTGRES_URL")
}

fn random_name() -> String {
    Alphanumeric.sample_string(&mut rand::thread_rng(), 12)
}

struct TempFolder(std::path::PathBuf);

impl TempFolder {
    fn new() -> Self {
        let path = std::env::temp_dir().join(format!("starter-test-db-{}", random_name()));
        std::fs::create_dir_all(&path).expect("creating a temporary folder");
        Self(path)
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
