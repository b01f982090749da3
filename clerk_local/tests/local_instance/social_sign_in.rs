//! Social sign-in through the emulated Google: the Frontend API's external-account flow as
//! clerk-js's `authenticateWithRedirect` and `handleRedirectCallback` drive it, the consent page
//! in between, account linking by verified email, and the round trip's `state` as CSRF guard.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::support::{app_code, Answer, Browser, Server, EMAIL};

const GOOGLE: &str = "oauth_google";
const CALLBACK: &str = "/?c=sign-in#/sso-callback";

async fn server() -> Server {
    Server::start_edited(|config| config.social = vec![GOOGLE.into()]).await
}

/// `authenticateWithRedirect`: the attempt, and the consent page's path and query.
async fn start(browser: &mut Browser, server: &Server, attempts: &str) -> (Answer, String) {
    let answer = browser
        .post(
            &format!("/__clerk/v1/client/{attempts}"),
            &[
                ("strategy", GOOGLE),
                ("redirect_url", &format!("{}{CALLBACK}", server.base)),
                ("action_complete_redirect_url", "/?c=user-button"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let verification = match attempts {
        "sign_ins" => &answer.body["response"]["first_factor_verification"],
        _ => &answer.body["response"]["verifications"]["external_account"],
    };
    assert_eq!(verification["status"], "unverified");
    assert_eq!(verification["strategy"], GOOGLE);
    let consent = verification["external_verification_redirect_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let consent = consent
        .strip_prefix(&server.base)
        .expect("the consent page is on the app's origin")
        .to_owned();
    assert!(consent.starts_with("/__clerk/local/oauth/authorize?state="));
    (answer, consent)
}

fn state_of(consent: &str) -> &str {
    consent.split_once("state=").unwrap().1
}

/// Approves `email` on the consent page; returns the callback path it redirects to.
async fn approve(browser: &mut Browser, consent: &str, email: &str, names: [&str; 2]) -> String {
    let (answer, _) = browser
        .page(
            Method::POST,
            "/__clerk/local/oauth/authorize",
            &[
                ("state", state_of(consent)),
                ("action", "approve"),
                ("email", email),
                ("first_name", names[0]),
                ("last_name", names[1]),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let callback = answer.location.unwrap();
    assert!(
        callback.starts_with("/__clerk/v1/oauth_callback?code="),
        "{callback}"
    );
    callback
}

/// Follows the callback; it must send the browser back to the app's sso-callback route.
async fn follow_callback(browser: &mut Browser, server: &Server, callback: &str) {
    let answer = browser.get(callback).await;
    assert_eq!(
        answer.status,
        StatusCode::TEMPORARY_REDIRECT,
        "{}",
        answer.body
    );
    assert_eq!(
        answer.location.as_deref(),
        Some(format!("{}{CALLBACK}", server.base).as_str())
    );
}

async fn client_of(browser: &mut Browser) -> Value {
    browser.get("/__clerk/v1/client").await.body["response"].clone()
}

/// The whole trip through Google in a new browser: `authenticateWithRedirect` for `attempts`,
/// `email` approved on the consent page with `names`, the callback followed. Returns the browser
/// and its client as clerk-js then reads it.
async fn through_google(
    server: &Server,
    attempts: &str,
    email: &str,
    names: [&str; 2],
) -> (Browser, Value) {
    let mut browser = server.browser();
    let (_, consent) = start(&mut browser, server, attempts).await;
    let callback = approve(&mut browser, &consent, email, names).await;
    follow_callback(&mut browser, server, &callback).await;
    let client = client_of(&mut browser).await;
    (browser, client)
}

async fn backend_user(server: &Server, email: &str) -> Value {
    let path = format!("/v1/users?email_address={}", email.replace('@', "%40"));
    let (status, users) = server.api(Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    users[0].clone()
}

fn assert_google_account(account: &Value, email: &str) {
    assert_eq!(account["object"], "external_account");
    assert_eq!(account["provider"], GOOGLE);
    assert!(account["id"].as_str().unwrap().starts_with("idn_"));
    assert_eq!(account["identification_id"], account["id"]);
    assert!(account["external_account_id"]
        .as_str()
        .unwrap()
        .starts_with("eac_"));
    assert_eq!(account["email_address"], email);
    assert_eq!(account["provider_user_id"].as_str().unwrap().len(), 21);
    assert!(account["approved_scopes"]
        .as_str()
        .unwrap()
        .contains("openid"));
    assert_eq!(account["verification"]["status"], "verified");
    assert_eq!(account["verification"]["strategy"], GOOGLE);
}

#[tokio::test]
async fn the_environment_offers_google_with_a_local_logo() {
    let server = server().await;
    let mut browser = server.browser();
    let env = browser.get("/__clerk/v1/environment").await.body;
    let google = &env["user_settings"]["social"][GOOGLE];
    assert_eq!(google["enabled"], true);
    assert_eq!(google["authenticatable"], true);
    assert_eq!(google["strategy"], GOOGLE);
    assert_eq!(google["name"], "Google");
    let logo = google["logo_url"].as_str().unwrap();
    let logo = logo.strip_prefix(&server.base).expect("a local logo");
    let (answer, svg) = browser.page(Method::GET, logo, &[]).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(svg.starts_with("<svg"));

    // Off unless enabled.
    let plain = Server::start().await;
    let env = plain.browser().get("/__clerk/v1/environment").await.body;
    assert_eq!(env["user_settings"]["social"], serde_json::json!({}));
    let refused = plain
        .browser()
        .post(
            "/__clerk/v1/client/sign_ins",
            &[("strategy", GOOGLE), ("redirect_url", "/")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn signing_in_with_google_as_an_existing_user_links_the_account() {
    let server = server().await;
    let mut browser = server.browser();
    let (_, consent) = start(&mut browser, &server, "sign_ins").await;
    let (page, html) = browser.page(Method::GET, &consent, &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        html.contains("Continue as Ada Lovelace &lt;ada@example.com&gt;"),
        "{html}"
    );

    let callback = approve(&mut browser, &consent, EMAIL, ["Ada", "Lovelace"]).await;
    follow_callback(&mut browser, &server, &callback).await;
    let client = client_of(&mut browser).await;
    let sign_in = &client["sign_in"];
    assert_eq!(sign_in["status"], "complete");
    assert_eq!(sign_in["first_factor_verification"]["status"], "verified");
    assert_eq!(sign_in["first_factor_verification"]["strategy"], GOOGLE);
    let user = &client["sessions"][0]["user"];
    assert_eq!(
        user["primary_email_address_id"],
        user["email_addresses"][0]["id"]
    );
    assert_eq!(user["password_enabled"], true);
    assert_google_account(&user["external_accounts"][0], EMAIL);
    assert_eq!(
        user["email_addresses"][0]["linked_to"][0]["id"],
        user["external_accounts"][0]["id"]
    );

    // The Backend API user has the same account, and a second sign-in finds it again.
    let backend = backend_user(&server, EMAIL).await;
    assert_google_account(&backend["external_accounts"][0], EMAIL);
    let mut browser = server.browser();
    let (_, consent) = start(&mut browser, &server, "sign_ins").await;
    let callback = approve(&mut browser, &consent, EMAIL, ["Ada", "Lovelace"]).await;
    follow_callback(&mut browser, &server, &callback).await;
    let backend = backend_user(&server, EMAIL).await;
    assert_eq!(backend["external_accounts"].as_array().unwrap().len(), 1);
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn an_unknown_google_account_is_transferred_to_a_sign_up() {
    let server = server().await;
    let email = "grace@example.com";
    let (mut browser, client) =
        through_google(&server, "sign_ins", email, ["Grace", "Hopper"]).await;
    assert!(client["sessions"].as_array().unwrap().is_empty());
    let verification = &client["sign_in"]["first_factor_verification"];
    assert_eq!(client["sign_in"]["status"], "needs_identifier");
    assert_eq!(verification["status"], "transferable");
    assert_eq!(verification["error"]["code"], "external_account_not_found");

    let transfer = browser
        .post("/__clerk/v1/client/sign_ups", &[("transfer", "true")])
        .await;
    assert_eq!(transfer.status, StatusCode::OK, "{}", transfer.body);
    let sign_up = &transfer.body["response"];
    assert_eq!(sign_up["status"], "complete");
    assert_eq!(sign_up["email_address"], email);
    assert_eq!(
        sign_up["verifications"]["external_account"]["status"],
        "verified"
    );
    let user = &transfer.body["client"]["sessions"][0]["user"];
    assert_eq!(user["first_name"], "Grace");
    assert_eq!(user["password_enabled"], false);
    assert_google_account(&user["external_accounts"][0], email);

    let backend = backend_user(&server, email).await;
    assert_eq!(backend["last_name"], "Hopper");
    assert_google_account(&backend["external_accounts"][0], email);
    // Nothing left to transfer.
    let again = browser
        .post("/__clerk/v1/client/sign_ups", &[("transfer", "true")])
        .await;
    assert_ne!(again.status, StatusCode::OK);
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn a_google_sign_up_for_a_known_address_becomes_a_linked_sign_in() {
    let server = server().await;
    let (mut browser, client) =
        through_google(&server, "sign_ups", EMAIL, ["Ada", "Lovelace"]).await;
    let verification = &client["sign_up"]["verifications"]["external_account"];
    assert_eq!(verification["status"], "transferable");
    assert_eq!(verification["error"]["code"], "external_account_exists");

    let transfer = browser
        .post("/__clerk/v1/client/sign_ins", &[("transfer", "true")])
        .await;
    assert_eq!(transfer.status, StatusCode::OK, "{}", transfer.body);
    assert_eq!(transfer.body["response"]["status"], "complete");
    assert_eq!(transfer.body["response"]["identifier"], EMAIL);
    let backend = backend_user(&server, EMAIL).await;
    assert_google_account(&backend["external_accounts"][0], EMAIL);

    // A new address signs up at once.
    let mut other = server.browser();
    let (_, consent) = start(&mut other, &server, "sign_ups").await;
    let callback = approve(&mut other, &consent, "linus@example.com", ["", ""]).await;
    follow_callback(&mut other, &server, &callback).await;
    let client = client_of(&mut other).await;
    assert_eq!(client["sign_up"]["status"], "complete");
    assert_eq!(client["sessions"][0]["user"]["first_name"], Value::Null);
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn a_cancelled_consent_fails_the_sign_in_with_oauth_access_denied() {
    let server = server().await;
    let mut browser = server.browser();
    let (_, consent) = start(&mut browser, &server, "sign_ins").await;
    let (answer, _) = browser
        .page(
            Method::POST,
            "/__clerk/local/oauth/authorize",
            &[("state", state_of(&consent)), ("action", "cancel")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let callback = answer.location.unwrap();
    assert!(callback.contains("error=access_denied"), "{callback}");
    follow_callback(&mut browser, &server, &callback).await;
    let client = client_of(&mut browser).await;
    assert!(client["sessions"].as_array().unwrap().is_empty());
    let verification = &client["sign_in"]["first_factor_verification"];
    assert_eq!(verification["status"], "failed");
    assert_eq!(verification["error"]["code"], "oauth_access_denied");

    // Clerk UI then resets the attempt with an empty `signIn.create({})`.
    let reset = browser.post("/__clerk/v1/client/sign_ins", &[]).await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    assert_eq!(reset.body["response"]["status"], "needs_identifier");
    assert_eq!(
        reset.body["response"]["first_factor_verification"],
        Value::Null
    );
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn a_state_is_used_once_and_only_by_the_browser_that_started_it() {
    let server = server().await;
    let mut browser = server.browser();
    let (_, consent) = start(&mut browser, &server, "sign_ins").await;

    // Another browser (a victim lured to the attacker's consent or callback URL) gets nothing.
    let mut stranger = server.browser();
    stranger.get("/__clerk/v1/client").await;
    let (page, _) = stranger.page(Method::GET, &consent, &[]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);

    let callback = approve(&mut browser, &consent, EMAIL, ["Ada", "Lovelace"]).await;
    let stolen = stranger.get(&callback).await;
    assert_eq!(stolen.status, StatusCode::BAD_REQUEST);
    assert_eq!(stolen.body["errors"][0]["code"], "oauth_state_invalid");
    // That attempt burnt the state: the callback is dead for its own browser too.
    let replayed = browser.get(&callback).await;
    assert_eq!(replayed.status, StatusCode::BAD_REQUEST);

    // A fresh trip works once, then its replay is refused.
    let (_, consent) = start(&mut browser, &server, "sign_ins").await;
    let callback = approve(&mut browser, &consent, EMAIL, ["Ada", "Lovelace"]).await;
    follow_callback(&mut browser, &server, &callback).await;
    let replayed = browser.get(&callback).await;
    assert_eq!(replayed.status, StatusCode::BAD_REQUEST);
    assert_eq!(replayed.body["errors"][0]["code"], "oauth_state_invalid");
    // A forged code is refused.
    let forged = browser
        .get("/__clerk/v1/oauth_callback?code=x&state=y")
        .await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn redirect_urls_must_be_the_apps() {
    let server = server().await;
    let mut browser = server.browser();
    for (field, url) in [
        ("redirect_url", "https://evil.example/sso-callback"),
        ("action_complete_redirect_url", "//evil.example/"),
    ] {
        let mut form = vec![
            ("strategy", GOOGLE),
            ("redirect_url", "/sso-callback"),
            ("action_complete_redirect_url", "/"),
        ];
        form.retain(|(k, _)| *k != field);
        form.push((field, url));
        let answer = browser.post("/__clerk/v1/client/sign_ins", &form).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{field}");
        assert_eq!(
            answer.body["errors"][0]["meta"]["param_name"],
            "redirect_url"
        );
    }
}

#[tokio::test]
async fn served_bundles_draw_clerks_images_from_the_instance() {
    let server = server().await;
    let bundle = "function n(e,t=\"svg\"){return`https://img.clerk.com/static/${e}.${t}`}";
    std::fs::write(server.bundles.path().join("ui/dist/icons.js"), bundle).unwrap();
    let (answer, text) = server
        .browser()
        .page(Method::GET, "/__clerk/npm/@clerk/ui@1/dist/icons.js", &[])
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        text,
        "function n(e,t=\"svg\"){return`/__clerk/local/img/${e}.${t}`}"
    );
}

#[tokio::test]
async fn with_sign_ups_restricted_an_unknown_google_account_is_refused() {
    let server = Server::start_edited(|config| {
        config.social = vec![GOOGLE.into()];
        config.sign_up_mode = clerk_local::SignUpMode::Restricted;
    })
    .await;
    let (mut browser, client) =
        through_google(&server, "sign_ins", "mallory@example.com", ["", ""]).await;
    let verification = &client["sign_in"]["first_factor_verification"];
    assert_eq!(verification["status"], "failed");
    assert_eq!(verification["error"]["code"], "sign_up_mode_restricted");
    let transfer = browser
        .post("/__clerk/v1/client/sign_ups", &[("transfer", "true")])
        .await;
    assert_ne!(transfer.status, StatusCode::OK);

    // An invited address may sign up through Google.
    let invited = "invited@example.com";
    let (status, _) = server
        .api(
            Method::POST,
            "/v1/invitations",
            Some(serde_json::json!({ "email_address": invited })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, client) = through_google(&server, "sign_ups", invited, ["In", "Vited"]).await;
    assert_eq!(client["sign_up"]["status"], "complete");

    // A known user still signs in.
    let (_, client) = through_google(&server, "sign_ins", EMAIL, ["Ada", "Lovelace"]).await;
    assert_eq!(client["sign_in"]["status"], "complete");
}

#[tokio::test]
async fn a_signed_in_user_connects_and_removes_a_google_account() {
    let server = server().await;
    let mut browser = server.browser();
    browser.sign_in().await;
    let back = format!("{}/?c=user-profile", server.base);
    let created = browser
        .post(
            "/__clerk/v1/me/external_accounts",
            &[("strategy", GOOGLE), ("redirect_url", &back)],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let pending = &created.body["response"];
    assert_eq!(pending["object"], "external_account");
    assert_eq!(pending["verification"]["status"], "unverified");
    let consent = pending["verification"]["external_verification_redirect_url"]
        .as_str()
        .unwrap()
        .strip_prefix(&server.base)
        .unwrap()
        .to_owned();
    let gmail = "ada.lovelace@gmail.example";
    let callback = approve(&mut browser, &consent, gmail, ["Ada", "Lovelace"]).await;
    let answer = browser.get(&callback).await;
    assert_eq!(answer.location.as_deref(), Some(back.as_str()));

    let me = browser.get("/__clerk/v1/me").await.body["response"].clone();
    assert_google_account(&me["external_accounts"][0], gmail);
    let addresses: Vec<&str> = me["email_addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["email_address"].as_str().unwrap())
        .collect();
    assert_eq!(addresses, [EMAIL, gmail]);

    let id = me["external_accounts"][0]["id"].as_str().unwrap();
    let removed = browser
        .post(
            &format!("/__clerk/v1/me/external_accounts/{id}?_method=DELETE"),
            &[],
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    assert_eq!(removed.body["response"]["deleted"], true);
    let backend = backend_user(&server, EMAIL).await;
    assert_eq!(backend["external_accounts"], serde_json::json!([]));
    server.assert_nothing_unhandled().await;
}

#[tokio::test]
async fn a_google_sign_up_without_names_asks_for_them_when_they_are_required() {
    let server = Server::start_edited(|config| {
        config.social = vec![GOOGLE.into()];
        config.require_name = true;
    })
    .await;
    let (mut browser, client) =
        through_google(&server, "sign_ups", "nameless@example.com", ["", ""]).await;
    let sign_up = client["sign_up"].clone();
    assert_eq!(sign_up["status"], "missing_requirements");
    assert_eq!(
        sign_up["missing_fields"],
        serde_json::json!(["first_name", "last_name"])
    );
    assert_eq!(
        sign_up["verifications"]["external_account"]["status"],
        "verified"
    );

    // Clerk UI's "continue" step sends the names; no password is asked for.
    let id = sign_up["id"].as_str().unwrap();
    let done = browser
        .post(
            &format!("/__clerk/v1/client/sign_ups/{id}?_method=PATCH"),
            &[("first_name", "Ada"), ("last_name", "Byron")],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.body["response"]["status"], "complete");
    let backend = backend_user(&server, "nameless@example.com").await;
    assert_eq!(backend["last_name"], "Byron");
    assert_eq!(backend["password_enabled"], false);
    assert_google_account(&backend["external_accounts"][0], "nameless@example.com");
}

#[tokio::test]
async fn google_is_a_first_factor_only_and_refuses_banned_users() {
    let server = Server::start_edited(|config| {
        config.social = vec![GOOGLE.into()];
        config.mfa = true;
    })
    .await;
    // Ada sets up an authenticator app.
    let mut browser = server.browser();
    browser.sign_in().await;
    let totp = browser.post("/__clerk/v1/me/totp", &[]).await;
    let secret = totp.body["response"]["secret"].as_str().unwrap().to_owned();
    let code = app_code(&secret).await;
    let verified = browser
        .post(
            "/__clerk/v1/me/totp/attempt_verification",
            &[("code", &code)],
        )
        .await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.body);

    // Google vouches for the address; the code is still owed.
    let (_, client) = through_google(&server, "sign_ins", EMAIL, ["Ada", "Lovelace"]).await;
    assert_eq!(client["sign_in"]["status"], "needs_second_factor");
    assert!(client["sessions"].as_array().unwrap().is_empty());

    // A banned user is refused, with Clerk's code for Clerk UI to show.
    let user_id = backend_user(&server, EMAIL).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = server
        .api(Method::POST, &format!("/v1/users/{user_id}/ban"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, client) = through_google(&server, "sign_ins", EMAIL, ["Ada", "Lovelace"]).await;
    let verification = &client["sign_in"]["first_factor_verification"];
    assert_eq!(verification["status"], "failed");
    assert_eq!(verification["error"]["code"], "user_banned");
}

#[tokio::test]
async fn a_locked_user_is_refused_through_google_with_the_time_left() {
    let server = server().await;
    let ada = backend_user(&server, EMAIL).await;
    let id = ada["id"].as_str().unwrap();
    let (status, locked) = server
        .api(Method::POST, &format!("/v1/users/{id}/lock"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{locked}");

    let (_, client) = through_google(&server, "sign_ins", EMAIL, ["Ada", "Lovelace"]).await;
    assert!(client["sessions"].as_array().unwrap().is_empty());
    let verification = &client["sign_in"]["first_factor_verification"];
    assert_eq!(verification["status"], "failed");
    // As a password sign-in is refused: the code, and how long the lock lasts.
    assert_eq!(verification["error"]["code"], "user_locked");
    let seconds = verification["error"]["meta"]["lockout_expires_in_seconds"]
        .as_i64()
        .unwrap_or_default();
    assert!((3500..=3600).contains(&seconds), "{verification}");
    server.assert_nothing_unhandled().await;
}
