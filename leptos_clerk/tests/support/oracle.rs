//! Running the real `@clerk/backend` (pinned in /package.json) under node, offline: a script
//! of `tests/` reads the corpus this writes and prints its answers as JSON on stdout. Shared by
//! the conformance suites; never skipped (it fails with the advice to run `npm ci`).
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

use serde::de::DeserializeOwned;
use serde_json::Value;

/// The workspace root, where `node_modules` is.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// Runs `tests/<script>` on `corpus` and reads its answer.
pub fn run_oracle<T: DeserializeOwned>(script: &str, corpus: &Value) -> T {
    let root = repo_root();
    assert!(
        root.join("node_modules/@clerk/backend/package.json")
            .exists(),
        "@clerk/backend is not installed: run `npm ci` in {} (the conformance suites run the \
         real @clerk/backend; they are never skipped)",
        root.display()
    );
    let dir = std::env::temp_dir().join(format!(
        "leptos_clerk_oracle_{}_{}",
        std::process::id(),
        script.replace('/', "_")
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("corpus.json");
    std::fs::write(&path, corpus.to_string()).expect("write corpus");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(script);
    let output = Command::new("node")
        .arg(&script)
        .arg(&path)
        .current_dir(&root)
        .output()
        .expect("run node (is node installed?)");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "the oracle failed ({}): {}\nIf @clerk/backend is missing, run `npm ci`.",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("oracle output is JSON")
}
