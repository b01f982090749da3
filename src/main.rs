//! Starts the server: configuration, router, serve. See `server.rs`.

use std::process::ExitCode;

/// See Cargo.toml: small allocations dominate a page render.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    clerk_leptos_starter::server::load_env_file();
    clerk_leptos_starter::server::init_tracing();
    match clerk_leptos_starter::server::serve().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
