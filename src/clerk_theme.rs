//! A dark `appearance` for Clerk's components, which the account page switches to.

use serde_json::{json, Value};

/// Clerk's `appearance` object: its `variables` are the few colours every component derives
/// its palette from (Clerk's "Themes" guide).
pub fn dark() -> Value {
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

/// Whether `appearance` is the one [`dark`] makes.
pub fn is_dark(appearance: &Value) -> bool {
    appearance.get("variables").is_some()
}
