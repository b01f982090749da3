-- Organizations Clerk has deleted (organization.deleted), kept by id alone, as deleted_users keeps
-- users: a member's session token names its organization until it expires (up to a minute after
-- the deletion), and a note shared with a deleted organization would be kept by nobody.
-- Clerk never reuses an organization id.
CREATE TABLE deleted_organizations (
    id TEXT PRIMARY KEY,
    deleted_at BIGINT NOT NULL
);
