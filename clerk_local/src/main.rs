//! Runs the local Clerk instance on its own, for apps other than this one:
//!
//! ```text
//! cargo run -p clerk_local -- --port 4000 [--host 127.0.0.1] [--origin http://localhost:4000] \
//!     [--config Leptos.toml] [--bundles vendor/clerk] [--data-dir .clerk_local] \
//!     [--instance-type production|development]
//! ```
//!
//! It prints the keys to paste into that app's `.env`. Listens on loopback only, unless `--host`
//! names another address and `CLERK_LOCAL_ALLOW_REMOTE=1`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clerk_local::{InstanceType, LocalConfig, LocalInstance};

const USAGE: &str = "usage: clerk_local [--port 4000] [--host 127.0.0.1] \
                     [--origin http://localhost:4000] \
                     [--config Leptos.toml] [--bundles vendor/clerk] [--data-dir DIR] \
                     [--instance-type production|development]";

struct Args {
    port: u16,
    host: IpAddr,
    origin: Option<String>,
    config: PathBuf,
    bundles: PathBuf,
    data_dir: Option<PathBuf>,
    instance_type: Option<InstanceType>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        port: 4000,
        host: IpAddr::V4(Ipv4Addr::LOCALHOST),
        origin: None,
        config: PathBuf::from("Leptos.toml"),
        bundles: PathBuf::from("vendor/clerk"),
        data_dir: None,
        instance_type: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value\n{USAGE}"));
        match flag.as_str() {
            "--port" => args.port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--host" => args.host = value()?.parse().map_err(|e| format!("--host: {e}"))?,
            "--origin" => args.origin = Some(value()?),
            "--config" => args.config = value()?.into(),
            "--bundles" => args.bundles = value()?.into(),
            "--data-dir" => args.data_dir = Some(value()?.into()),
            "--instance-type" => {
                args.instance_type = Some(value()?.parse().map_err(|e| format!("{e}"))?)
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "clerk_local=info".into()),
        )
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("clerk_local: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let args = parse_args()?;
    let origin = args
        .origin
        .unwrap_or_else(|| format!("http://localhost:{}", args.port));
    let mut config = LocalConfig::from_toml_file(&args.config, origin.clone(), args.bundles)
        .map_err(|e| e.to_string())?;
    if let Some(data_dir) = args.data_dir {
        config.data_dir = data_dir;
    }
    if let Some(instance_type) = args.instance_type {
        config.instance_type = instance_type;
    }
    let address = SocketAddr::from((args.host, args.port));
    LocalInstance::check_listen_address(address).map_err(|e| e.to_string())?;
    let local = LocalInstance::open(config).map_err(|e| e.to_string())?;

    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| format!("cannot listen on {address}: {e}"))?;
    // A standalone developer tool: printing the secret key is its purpose (paste it into .env).
    println!("CLERK_PUBLISHABLE_KEY={}", local.publishable_key());
    println!("CLERK_SECRET_KEY={}", local.secret_key());
    println!("CLERK_PROXY_URL={}", local.proxy_url());
    println!("CLERK_API_URL={}", local.api_url());
    println!("CLERK_WEBHOOK_SIGNING_SECRET={}", local.webhook_secret());
    println!("listening on http://{address} (playground at {origin}/)");
    axum::serve(listener, local.router().merge(local.playground()))
        .await
        .map_err(|e| format!("server error: {e}"))
}
