-- A page of notes reads the author's personal notes newest first (src/server/notes.rs, `list`):
-- an index of the personal notes alone, so that a prolific author of organization notes does not
-- make every page scan those. Deleting a user's personal notes (user.deleted) uses it too.
DROP INDEX notes_by_author;
CREATE INDEX notes_personal_by_author ON notes (author_id, created_at) WHERE org_id IS NULL;
