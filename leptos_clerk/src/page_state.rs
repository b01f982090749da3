//! What the server hands the browser inside the page (Clerk's `__clerk_ssr_state` and options),
//! and how it travels: as JSON in a `<script type="application/json">` that `<ClerkScripts/>`
//! writes into the shell's `<head>`. The server writes it with `serde_json`; the browser reads
//! it back with its own `JSON.parse` (`browser/page_state.rs`), so the wasm needs no JSON parser
//! for it.
//!
//! Not Leptos's `SharedValue`: that escapes the JSON once more (with `{:?}`) into its hydration
//! script, which with the serialization was 5% of a signed-in page's server CPU.

use serde::{Deserialize, Serialize};

use crate::{AuthSnapshot, ClerkOptions};

/// The `id` of the element that carries the page state.
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), allow(dead_code))]
pub(crate) const ELEMENT_ID: &str = "__clerk_page_state";

/// The state one page load starts from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct PageState {
    pub auth: AuthSnapshot,
    pub options: ClerkOptions,
}

#[cfg(feature = "ssr")]
impl PageState {
    /// As the text of a `<script>` element: JSON with every `<` escaped (`\u003c`), so that no
    /// value (a user's name, say) can close the element or open a comment.
    pub(crate) fn to_script_text(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|error| {
            tracing::error!("leptos_clerk: the page state is not JSON ({error}); sent empty");
            "{}".to_owned()
        });
        if json.contains('<') {
            json.replace('<', "\\u003c")
        } else {
            json
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn no_value_can_end_the_script_element() {
        let mut state = PageState::default();
        state.auth.user_id = Some("</script><script>alert(1)</script><!--".to_owned());
        let text = state.to_script_text();
        assert!(!text.contains('<'), "{text}");
        let back: PageState = serde_json::from_str(&text).unwrap();
        assert_eq!(back, state);
    }
}
