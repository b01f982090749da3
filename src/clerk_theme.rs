//! The `appearance` given to Clerk's components: Clerk's own look, or a dark one.

use serde_json::{json, Value};

/// Clerk's `appearance` object: its `variables` are the few colours every component derives
/// its palette from (Clerk's "Themes" guide).
pub fn appearance(dark: bool) -> Value {
    if !dark {
        return json!({});
    }
    json!({
        "variables": {
            "colorBackground": "#1d1d21",
            "colorForeground": "#f4f4f5",
            "colorMutedForeground": "#a1a1aa",
            "colorInput": "#2a2a30",
            "colorInputForeground": "#f4f4f5",
            "colorPrimary": "#a5b4fc",
            "colorPrimaryForeground": "#111113",
            "colorNeutral": "#f4f4f5"
        }
    })
}
