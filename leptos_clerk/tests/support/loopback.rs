//! Stand-ins on loopback: serves `app` on a free port of 127.0.0.1 for the rest of the test and
//! returns its base URL. Each test binary includes this file with
//! `#[path = "support/loopback.rs"] mod loopback;`.
#![allow(dead_code)]

pub async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}
