//! What the server hands the browser inside the page (Clerk's `__clerk_ssr_state` and options),
//! and how it travels: as JSON text in Leptos's hydration data. The server writes it with
//! `serde_json`; the browser reads it back with its own `JSON.parse` (`browser/page_state.rs`),
//! so the wasm needs no JSON parser for it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{AuthSnapshot, ClerkOptions};

/// The state one page load starts from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct PageState {
    pub auth: AuthSnapshot,
    pub options: ClerkOptions,
}

/// [`PageState`] in the form `SharedValue::new_str` ships: `Display` on the server, `FromStr`
/// while hydrating.
pub(crate) struct PageStateText(pub PageState);

impl fmt::Display for PageStateText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Only the server encodes (Leptos compiles the encoding out of the browser build).
        let json = serde_json::to_string(&self.0).map_err(|_| fmt::Error)?;
        f.write_str(&json)
    }
}

/// The page's JSON could not be read as a [`PageState`].
#[derive(Debug)]
pub(crate) struct UnreadablePageState;

impl FromStr for PageStateText {
    type Err = UnreadablePageState;

    fn from_str(json: &str) -> Result<Self, Self::Err> {
        crate::client::parse_page_state(json)
            .map(Self)
            .ok_or(UnreadablePageState)
    }
}
