//! A signed-out request for a protected page gets a 302 to sign-in naming that page, whoever
//! asks: a browser navigation, `fetch` with `Accept: */*`, curl without `Accept`, a JSON client.
//! Only a server-function call from the server-function client gets leptos's redirect header
//! instead (it must get its answer back); a form post gets a 302. Signed in with a cookie or a
//! Bearer token, every kind gets the page. Every page carries its Content-Security-Policy.

mod support;

use reqwest::header::LOCATION;
use reqwest::Method;
use support::Server;

/// The request kinds, as the headers they send.
fn callers() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        (
            "navigation",
            vec![
                ("accept", "text/html,application/xhtml+xml"),
                ("sec-fetch-dest", "document"),
            ],
        ),
        (
            "fetch",
            vec![("accept", "*/*"), ("sec-fetch-dest", "empty")],
        ),
        ("curl without Accept", vec![]),
        ("JSON client", vec![("accept", "application/json")]),
        (
            "expired cookie",
            vec![("accept", "*/*"), ("cookie", "__session=not.a.jwt")],
        ),
        (
            "bad Bearer token",
            vec![("accept", "*/*"), ("authorization", "Bearer not.a.jwt")],
        ),
    ]
}

#[tokio::test]
async fn every_kind_of_signed_out_request_for_a_protected_page_gets_a_302() {
    let server = Server::start();
    // <RedirectToSignIn/>, ProtectedRoute, and a Resource's require_user()?.
    for page in ["/dashboard", "/organization", "/profile", "/notes"] {
        for (caller, headers) in callers() {
            let mut request = server.request(Method::GET, page);
            for (name, value) in headers {
                request = request.header(name, value);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 302, "{caller} {page}");
            assert_eq!(
                response.headers()[LOCATION],
                format!("/sign-in?redirect_url=%2F{}", &page[1..]).as_str(),
                "{caller} {page}"
            );
            assert!(
                !response.headers().contains_key("serverfnredirect"),
                "{caller} {page}"
            );
        }
    }
}

/// Clerk's pages answer at their own path and at the paths their components route to below it
/// (the app declares only `/sign-in/*any` and the server adds `/sign-in` itself); the account
/// page is protected at both.
#[tokio::test]
async fn clerks_pages_answer_at_their_path_and_below_it() {
    let server = Server::start();
    let (_, token) = server.sign_in_new_user("Paths").await;
    let pages = [
        ("/sign-in", "sign-in"),
        ("/sign-in/factor-one", "sign-in"),
        ("/sign-up", "sign-up"),
        ("/sign-up/continue/verify-email-address", "sign-up"),
        ("/user", "user-profile"),
        ("/user/security", "user-profile"),
    ];
    for (path, component) in pages {
        let response = server.get_accepting_html(path, Some(&token)).await;
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.unwrap();
        let host = format!("data-clerk-component=\"{component}\"");
        assert!(html.contains(&host), "{path} has no {host}");
    }
    for path in ["/user", "/user/security"] {
        let response = server.get_accepting_html(path, None).await;
        assert_eq!(response.status(), 302, "{path}");
        let back = path.replace('/', "%2F");
        assert_eq!(
            response.headers()[LOCATION],
            format!("/sign-in?redirect_url={back}").as_str()
        );
    }
    assert_eq!(
        server.get_accepting_html("/sign-inx", None).await.status(),
        404
    );
    assert!(!server.log_text().contains("no route of the app serves"));
}

/// A sign-in URL on this site that no route serves is said at start-up, naming the variable.
#[tokio::test]
async fn a_sign_in_url_no_route_serves_is_a_start_up_warning() {
    use support::ClerkMode;

    let settings = [("CLERK_SIGN_IN_URL", "/login?from=app")];
    let server = Server::start_with_settings(ClerkMode::Local, None, &settings);
    let log = server.log_text();
    let warning = log
        .lines()
        .find(|line| line.contains("no route of the app serves"))
        .unwrap_or_else(|| panic!("no warning in:\n{log}"));
    assert!(warning.contains("CLERK_SIGN_IN_URL"), "{warning}");
    assert!(warning.contains("serves /login "), "{warning}");
    assert!(
        warning.contains("(sign_in_url in Leptos.toml)"),
        "{warning}"
    );
    assert!(!log.contains("CLERK_SIGN_UP_URL (sign_up_url"), "{log}");
}

/// A sign-in page on another origin (a satellite's primary domain, Clerk's Account Portal) gets
/// the full way back, on the site's public origin, as Clerk's `createRedirect` builds it; a
/// development instance's dev browser goes along.
#[tokio::test]
async fn a_sign_in_page_on_another_origin_gets_the_full_way_back() {
    use support::ClerkMode;

    let portal = "https://accounts.example.com/sign-in";
    let settings = [("CLERK_SIGN_IN_URL", portal)];
    let server = Server::start_with_settings(ClerkMode::LocalDevelopment, None, &settings);
    let page_load = |path: &str| {
        server
            .request(Method::GET, path)
            .header("accept", "text/html")
            .header("sec-fetch-dest", "document")
    };
    let location = |response: reqwest::Response| {
        assert_eq!(response.status(), 302);
        response.headers()[LOCATION].to_str().unwrap().to_owned()
    };

    let direct = location(
        page_load("/dashboard?tab=1")
            .header("cookie", "__clerk_db_jwt=dvb_1")
            .send()
            .await
            .unwrap(),
    );
    let origin = server.base.replace(':', "%3A").replace('/', "%2F");
    assert_eq!(
        direct,
        format!("{portal}?redirect_url={origin}%2Fdashboard%3Ftab%3D1&__clerk_db_jwt=dvb_1")
    );

    // ProtectedRoute's redirect_path (sign_in_redirect_path()) builds the same.
    let protected_route = page_load("/organization").header("cookie", "__clerk_db_jwt=dvb_1");
    assert_eq!(
        location(protected_route.send().await.unwrap()),
        format!("{portal}?redirect_url={origin}%2Forganization&__clerk_db_jwt=dvb_1")
    );

    // Behind a proxy: the origin the browser sees.
    let proxied = page_load("/profile")
        .header("cookie", "__clerk_db_jwt=dvb_1")
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-host", "app.example.com");
    assert_eq!(
        location(proxied.send().await.unwrap()),
        format!(
            "{portal}?redirect_url=https%3A%2F%2Fapp.example.com%2Fprofile&__clerk_db_jwt=dvb_1"
        )
    );
}

#[tokio::test]
async fn a_signed_out_server_function_call_gets_the_redirect_header_or_a_form_302() {
    let server = Server::start();
    let (_, token) = server.sign_in_new_user("Form").await;
    let action = server.profile_form_action(&token).await;
    assert!(action.starts_with("/api/update_name"), "{action}");

    // The server-function client (`fetch`, Accept */*): data back, redirect in a header.
    let response = server
        .request(Method::POST, &action)
        .header("accept", "*/*")
        .header("referer", server.url("/profile"))
        .form(&[("first_name", "A"), ("last_name", "B")])
        .send()
        .await
        .unwrap();
    assert_ne!(response.status(), 302);
    assert!(response.headers().contains_key("serverfnredirect"));
    assert_eq!(
        response.headers()[LOCATION],
        "/sign-in?redirect_url=%2Fprofile"
    );

    // A form post without JavaScript: a 302 to sign-in, back to the page it came from.
    let response = server
        .request(Method::POST, &action)
        .header("accept", "text/html")
        .header("referer", server.url("/profile"))
        .form(&[("first_name", "A"), ("last_name", "B")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()[LOCATION],
        "/sign-in?redirect_url=%2Fprofile"
    );
}

/// The action refuses a name over 100 characters as the JSON API refuses bad input: `422`, not
/// the `500` a server function's error is by default (which clients retry and the request log
/// counts as the server's failure); a good name is saved.
#[tokio::test]
async fn the_profile_action_answers_a_refused_name_with_422() {
    let server = Server::start();
    let (_, token) = server.sign_in_new_user("Status").await;
    let action = server.profile_form_action(&token).await;
    let call = |first_name: String| {
        server
            .request(Method::POST, &action)
            .header("accept", "*/*")
            .bearer_auth(&token)
            .form(&[("first_name", first_name), ("last_name", "B".to_owned())])
            .send()
    };

    let response = call("x".repeat(101)).await.unwrap();
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("longer than 100 characters"), "{body}");

    let response = call("Grace".to_owned()).await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("Grace"));
}

#[tokio::test]
async fn every_kind_of_signed_in_request_for_a_protected_page_gets_the_page() {
    let server = Server::start();
    let (_, token) = server.sign_in_new_user("Kinds").await;
    let cookie = format!("__session={token}; __client_uat=1");
    let credentials = [
        ("cookie", cookie.clone()),
        ("authorization", format!("Bearer {token}")),
    ];
    for page in ["/dashboard", "/organization", "/profile", "/notes"] {
        for (caller, headers) in callers().into_iter().take(4) {
            for (credential, value) in &credentials {
                let mut request = server.request(Method::GET, page).header(*credential, value);
                for (name, value) in &headers {
                    request = request.header(*name, *value);
                }
                let response = request.send().await.unwrap();
                let what = format!("{caller} with {credential}, {page}");
                assert_eq!(response.status(), 200, "{what}");
                assert!(!response.headers().contains_key(LOCATION), "{what}");
                assert_eq!(
                    response.headers()["cache-control"],
                    "private, no-store",
                    "{what}"
                );
                let html = response.text().await.unwrap();
                assert!(html.contains("<html"), "{what}: a page");
                // The user's profile is loaded for page loads only (load_user); a fetch of a
                // page gets the page without it.
                if caller == "navigation" {
                    assert!(html.contains("Kinds"), "{what}: the user's page");
                }
            }
        }
    }
}

/// Every page, signed in or out, streamed or not, the 404 page too, carries a
/// Content-Security-Policy whose nonce is on each of its inline and Clerk scripts and is new
/// for every response; a JSON answer carries none.
#[tokio::test]
async fn every_page_carries_a_policy_whose_nonce_is_on_each_of_its_scripts() {
    let server = Server::start();
    let (_, token) = server.sign_in_new_user("Nonce").await;
    let cookie = format!("__session={token}; __client_uat=1");
    let pages = [
        ("/", None),
        ("/", Some(&cookie)),
        ("/dashboard", Some(&cookie)),
        ("/notes", Some(&cookie)),
        ("/profile", Some(&cookie)),
        ("/no-such-page", None),
    ];
    let mut nonces = Vec::new();
    for (page, cookie) in pages {
        let mut request = server
            .request(Method::GET, page)
            .header("accept", "text/html")
            .header("sec-fetch-dest", "document");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.unwrap();
        let what = format!("{page} (signed in: {})", cookie.is_some());
        let policy = response
            .headers()
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{what}: no policy"))
            .to_str()
            .unwrap()
            .to_owned();
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("{what}: no nonce in {policy}"))
            .to_owned();
        assert!(nonce.len() >= 22, "{what}: 128 bits at least: {nonce}");
        let html = response.text().await.unwrap();
        let scripts: Vec<&str> = html
            .split("<script")
            .skip(1)
            .map(|rest| rest.split('>').next().unwrap())
            .filter(|attributes| !attributes.contains("application/json"))
            .collect();
        assert!(
            scripts.len() >= 3,
            "{what}: clerk-js, Clerk UI, hydration: {scripts:?}"
        );
        for attributes in scripts {
            assert_eq!(
                attributes.matches("nonce=").count(),
                1,
                "{what}: <script{attributes}>"
            );
            assert!(
                attributes.contains(&format!("nonce=\"{nonce}\"")),
                "{what}: <script{attributes}> against {nonce}"
            );
        }
        nonces.push(nonce);
    }
    let mut distinct = nonces.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        nonces.len(),
        "one nonce per response: {nonces:?}"
    );

    let json = server
        .request(Method::GET, "/api/me")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 200);
    assert!(!json.headers().contains_key("content-security-policy"));
}
