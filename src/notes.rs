//! Notes: the app's example of per-user data. The types the browser and the server share, and
//! the rules for what a note may hold; the queries are in `server/notes.rs`.

use serde::{Deserialize, Serialize};

/// The permission an organization member needs to delete the organization's notes. Grant it to a
/// role in `Leptos.toml` (`[[clerk_local.organizations.roles]]`) or, with real Clerk, in the
/// Dashboard (Organizations → Roles & Permissions).
pub const DELETE_ORG_NOTES: &str = "org:notes:delete";

/// What deleting all of one's personal notes asks (Clerk's reverification): a session token
/// whose `fva` claim says a factor was verified less than a minute before it was made (tokens
/// live 60 seconds, so in practice within one to two minutes). The deletion cannot be undone, so
/// it asks again unless the user proved who they are a moment ago; Clerk's presets start at ten
/// minutes (`Reverification::Strict`).
pub const DELETE_ALL_REVERIFICATION: leptos_clerk::Reverification =
    leptos_clerk::Reverification::Custom {
        level: leptos_clerk::ReverificationLevel::SecondFactor,
        after_minutes: 1,
    };

/// Longest title and body accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_BODY_CHARS: usize = 10_000;

/// How many notes one page of the list holds, unless asked for fewer (or, from the JSON API, up
/// to [`MAX_NOTES_PER_PAGE`]): however many notes there are, one answer stays this size.
pub const NOTES_PER_PAGE: usize = 50;
pub const MAX_NOTES_PER_PAGE: usize = 200;

/// One page of the notes list, newest first, and where the next (older) page starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotesPage {
    pub notes: Vec<Note>,
    /// The `before` cursor of the next page; `None` on the last.
    pub older: Option<String>,
}

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
        Ok(Self {
            title: valid_title(&self.title)?,
            body: valid_body(&self.body)?,
        })
    }
}

/// What `PATCH /api/notes/{id}` sends: the fields to change; the others stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotePatch {
    pub title: Option<String>,
    pub body: Option<String>,
}

impl NotePatch {
    /// The patch with each given field checked as a draft's, or why it cannot be saved.
    pub fn validated(self) -> Result<Self, String> {
        Ok(Self {
            title: self.title.as_deref().map(valid_title).transpose()?,
            body: self.body.as_deref().map(valid_body).transpose()?,
        })
    }
}

impl From<NoteDraft> for NotePatch {
    fn from(draft: NoteDraft) -> Self {
        Self {
            title: Some(draft.title),
            body: Some(draft.body),
        }
    }
}

/// A title: trimmed, not empty, not too long, on one line and with no control characters.
fn valid_title(title: &str) -> Result<String, String> {
    let title = title.trim();
    if title.is_empty() {
        return Err("a note needs a title".into());
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(format!(
            "the title is longer than {MAX_TITLE_CHARS} characters"
        ));
    }
    if title.chars().any(char::is_control) {
        return Err("the title has a control character (a line break, a tab, NUL…)".into());
    }
    Ok(title.to_owned())
}

/// A body: trimmed, not too long, with no control characters but line breaks and tabs
/// (PostgreSQL refuses NUL in text, SQLite would store it: refused on both).
fn valid_body(body: &str) -> Result<String, String> {
    let body = body.trim();
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(format!(
            "the body is longer than {MAX_BODY_CHARS} characters"
        ));
    }
    if body
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("the body has a control character (NUL…)".into());
    }
    Ok(body.to_owned())
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

    #[test]
    fn control_characters_are_refused_but_a_body_keeps_its_lines() {
        assert!(draft("a\0b", "").validated().is_err());
        assert!(draft("two\nlines", "").validated().is_err());
        assert!(draft("ok", "a\0b").validated().is_err());
        assert!(draft("ok", "one\n\ttwo\r\nthree").validated().is_ok());
    }

    #[test]
    fn a_patch_checks_only_what_it_changes() {
        let patch = |title: Option<&str>, body: Option<&str>| NotePatch {
            title: title.map(Into::into),
            body: body.map(Into::into),
        };
        assert_eq!(
            patch(None, Some(" new body ")).validated(),
            Ok(patch(None, Some("new body")))
        );
        assert_eq!(patch(None, None).validated(), Ok(patch(None, None)));
        assert!(patch(Some("  "), None).validated().is_err());
        assert!(patch(None, Some("\0")).validated().is_err());
    }
}
