-- Users Clerk has deleted (user.deleted), kept by id alone: a user.created or user.updated
-- delivered late (a retry after the deletion, a replay from the Dashboard) must not bring their
-- row, name and email back. Clerk never reuses a user id.
CREATE TABLE deleted_users (
    id TEXT PRIMARY KEY,
    deleted_at BIGINT NOT NULL
);
