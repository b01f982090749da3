//! Notes: the app's example of per-user data. The types the browser and the server share, and
//! the rules for what a note may hold; the queries are in `server/notes.rs`.

use serde::{Deserialize, Serialize};

/// The permission an organization member needs to delete the organization's notes. Grant it to a
/// role in `Leptos.toml` (`[[clerk_local.organizations.roles]]`) or, with real Clerk, in the
/// Dashboard (Organizations → Roles & Permissions).
pub const DELETE_ORG_NOTES: &str = "org:notes:delete";

/// Longest title and body accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_BODY_CHARS: usize = 10_000;

/// A note, as pages and the JSON API show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: String,
    pub title: String,
    pub body: String,
    /// `None`: personal. `Some(org_…)`: shared with that organization.
    pub org_id: Option<String>,
    /// The Clerk user id of whoever wrote it.
    pub author_id: String,
    /// Unix milliseconds.
    pub created_at: i64,
    pub updated_at: i64,
}

/// What a user sends to create or change a note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteDraft {
    pub title: String,
    #[serde(default)]
    pub body: String,
}

impl NoteDraft {
    /// The draft with surrounding white space removed, or why it cannot be saved.
    pub fn validated(self) -> Result<Self, String> {
        let title = self.title.trim().to_owned();
        let body = self.body.trim().to_owned();
        if title.is_empty() {
            return Err("a note needs a title".into());
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(format!(
                "the title is longer than {MAX_TITLE_CHARS} characters"
            ));
        }
        if body.chars().count() > MAX_BODY_CHARS {
            return Err(format!(
                "the body is longer than {MAX_BODY_CHARS} characters"
            ));
        }
        Ok(Self { title, body })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(title: &str, body: &str) -> NoteDraft {
        NoteDraft {
            title: title.into(),
            body: body.into(),
        }
    }

    #[test]
    fn drafts_are_trimmed() {
        assert_eq!(
            draft("  Hi ", " there\n").validated(),
            Ok(draft("Hi", "there"))
        );
    }

    #[test]
    fn empty_and_oversized_drafts_are_refused() {
        assert!(draft("   ", "body").validated().is_err());
        assert!(draft(&"x".repeat(MAX_TITLE_CHARS + 1), "")
            .validated()
            .is_err());
        assert!(draft("ok", &"x".repeat(MAX_BODY_CHARS + 1))
            .validated()
            .is_err());
        // Characters, not bytes: 200 two-byte characters fit.
        assert!(draft(&"é".repeat(MAX_TITLE_CHARS), "").validated().is_ok());
    }
}
