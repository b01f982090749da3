-- The starter's schema. Portable SQL: the same file runs on SQLite and PostgreSQL.
-- Ids are Clerk's (user_…, org_…) or the app's own (note_…); times are Unix milliseconds.

-- Users as Clerk's webhooks describe them (user.created / user.updated / user.deleted): a local
-- copy for joins and lists. Nothing depends on a row being here: notes are keyed by the verified
-- token's user id, so a user whose webhook has not arrived yet can still write notes.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    first_name TEXT,
    last_name TEXT,
    email TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Notes: personal (org_id NULL, seen by their author only) or shared with an organization
-- (seen and edited by its members; deleted only with the org:notes:delete permission).
CREATE TABLE notes (
    id TEXT PRIMARY KEY,
    author_id TEXT NOT NULL,
    org_id TEXT,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX notes_by_author ON notes (author_id, created_at);
CREATE INDEX notes_by_org ON notes (org_id, created_at);

-- Webhook deliveries already applied, by `svix-id`: a redelivery (Clerk retries until it gets
-- a 2xx) is acknowledged without being applied twice.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_by_age ON webhook_deliveries (received_at);
