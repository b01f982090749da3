//! The `users` table: Clerk's users as its webhooks describe them.

use leptos_clerk::server::User;
use serde::Serialize;
use sqlx::{Any, Database, Row, Transaction};

use super::db::Db;

/// A row of `users`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UserRow {
    pub id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    /// Clerk's timestamps, Unix milliseconds.
    pub created_at: i64,
    pub updated_at: i64,
}

/// Inserts or updates a user. A stale event (older `updated_at` than the row's: deliveries can
/// arrive out of order) changes nothing, and neither does any event about a deleted user.
pub async fn upsert(tx: &mut Transaction<'_, Any>, user: &User) -> Result<(), sqlx::Error> {
    lock_owner(tx, &user.id).await?;
    let deleted = sqlx::query("SELECT id FROM deleted_users WHERE id = $1")
        .bind(&user.id)
        .fetch_optional(&mut **tx)
        .await?;
    if deleted.is_some() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO users (id, first_name, last_name, email, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name, \
         last_name = excluded.last_name, email = excluded.email, updated_at = excluded.updated_at \
         WHERE users.updated_at <= excluded.updated_at",
    )
    .bind(&user.id)
    .bind(&user.first_name)
    .bind(&user.last_name)
    .bind(user.primary_email_address())
    .bind(user.created_at)
    .bind(user.updated_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Deletes a user and everything that is theirs alone: their personal notes. Notes they shared
/// with an organization stay with the organization. The id is remembered, so that a late event
/// cannot bring the user back.
pub async fn delete(tx: &mut Transaction<'_, Any>, user_id: &str) -> Result<(), sqlx::Error> {
    lock_owner(tx, user_id).await?;
    sqlx::query(
        "INSERT INTO deleted_users (id, deleted_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
    )
    .bind(user_id)
    .bind(super::db::now_ms())
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM notes WHERE author_id = $1 AND org_id IS NULL")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Makes the transactions that write one user (or one organization: their ids never look
/// alike) take turns until they end. Without it, on PostgreSQL, a `user.created` that found no
/// tombstone could insert the row after a concurrent `user.deleted` had found none to delete, and
/// bring the user back; a note created while the deletion runs would outlive it. SQLite needs
/// nothing: those transactions write first, and SQLite lets one writer in at a time.
pub(super) async fn lock_owner(
    tx: &mut Transaction<'_, Any>,
    owner_id: &str,
) -> Result<(), sqlx::Error> {
    if tx.backend_name() == sqlx::Postgres::NAME {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(owner_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Deletes an organization's notes (its `organization.deleted` event) and remembers the id, so
/// that a member's session token, which names the organization until it expires, cannot share a
/// new note with it.
pub async fn delete_organization(
    tx: &mut Transaction<'_, Any>,
    org_id: &str,
) -> Result<(), sqlx::Error> {
    lock_owner(tx, org_id).await?;
    sqlx::query(
        "INSERT INTO deleted_organizations (id, deleted_at) VALUES ($1, $2) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(org_id)
    .bind(super::db::now_ms())
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM notes WHERE org_id = $1")
        .bind(org_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The row of one user, if a webhook has created it.
pub async fn find(db: &Db, user_id: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, first_name, last_name, email, created_at, updated_at FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    row.map(|row| {
        Ok(UserRow {
            id: row.try_get("id")?,
            first_name: row.try_get("first_name")?,
            last_name: row.try_get("last_name")?,
            email: row.try_get("email")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::server::test_databases;

    fn user(id: &str) -> User {
        serde_json::from_value(serde_json::json!({
            "object": "user", "id": id, "first_name": "Ada", "email_addresses": [],
            "created_at": 1, "updated_at": 2,
        }))
        .unwrap()
    }

    /// A `user.deleted` arriving while a `user.created` for the same user is still being
    /// applied (two servers, or two deliveries at once) leaves the user deleted.
    #[tokio::test]
    #[ignore = "needs PostgreSQL: scripts/test runs it under scripts/with-postgres"]
    async fn a_deletion_racing_a_creation_is_not_undone() {
        let test_db = test_databases::postgres().await;
        let db = test_db.db.clone();
        let mut creating = db.begin().await.unwrap();
        upsert(&mut creating, &user("user_raced")).await.unwrap();
        let deleting = tokio::spawn({
            let db = db.clone();
            async move {
                let mut tx = db.begin().await.unwrap();
                delete(&mut tx, "user_raced").await.unwrap();
                tx.commit().await.unwrap();
            }
        });
        // Time for the deletion to finish if nothing makes it wait for the creation: without
        // the lock it did, found no row to delete, and the creation's commit restored the user.
        tokio::time::sleep(Duration::from_millis(300)).await;
        creating.commit().await.unwrap();
        deleting.await.unwrap();
        assert_eq!(find(&db, "user_raced").await.unwrap(), None);
    }

    #[tokio::test]
    async fn a_deleted_user_is_not_brought_back() {
        for test_db in test_databases::each().await {
            println!("on {}", test_db.backend);
            let db = test_db.db.clone();
            let mut tx = db.begin().await.unwrap();
            upsert(&mut tx, &user("user_gone")).await.unwrap();
            delete(&mut tx, "user_gone").await.unwrap();
            upsert(&mut tx, &user("user_gone")).await.unwrap();
            tx.commit().await.unwrap();
            assert_eq!(find(&db, "user_gone").await.unwrap(), None);
        }
    }
}
