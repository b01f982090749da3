// `sqlx::migrate!` embeds migrations/ at compile time, and cargo does not see a new file there:
// rebuild when the folder changes (what `sqlx migrate build-script` writes).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
