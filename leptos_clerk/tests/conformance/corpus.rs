//! The corpus: every row of the decision table (spec §2.2), both key kinds, suffixed and plain
//! cookies, header and cookie tokens, malformed input, authorized parties, issuers, clock edges,
//! handshake URLs (proxy, forwarded headers, satellites), handshake resolution, refresh, and
//! `has()` checks.

use serde_json::{json, Value};

use super::case::Case;
use super::support::{header, mint, pem, Bapi, Keys, FAPI_LIVE, FAPI_TEST, PK_LIVE, PK_TEST};

pub struct Corpus {
    pub cases: Vec<Case>,
    pub bapi: Bapi,
}

fn suffix(pk: &str) -> String {
    leptos_clerk::server::PublishableKey::parse(pk)
        .expect("valid key")
        .cookie_suffix()
        .to_owned()
}

fn with(mut v: Value, key: &str, value: Value) -> Value {
    v[key] = value;
    v
}

fn without(mut v: Value, key: &str) -> Value {
    if let Some(map) = v.as_object_mut() {
        map.remove(key);
    }
    v
}

#[allow(clippy::too_many_lines)]
pub fn build(keys: &Keys, now: i64) -> Corpus {
    let claims = |fapi: &str| {
        json!({"azp": "http://localhost:3000", "exp": now + 60, "iat": now, "nbf": now - 10,
            "iss": format!("https://{fapi}"), "sid": "sess_1", "sub": "user_1", "v": 2, "fva": [0, -1]})
    };
    let prod = claims(FAPI_LIVE);
    let dev = claims(FAPI_TEST);
    let sign = |c: &Value| mint(&header(), c, &keys.main);
    let good = sign(&prod);
    let good_dev = sign(&dev);
    let expired = sign(
        &json!({"azp": "http://localhost:3000", "exp": now - 30, "iat": now - 90,
        "nbf": now - 100, "iss": format!("https://{FAPI_LIVE}"), "sid": "sess_1", "sub": "user_1", "v": 2}),
    );
    let expired_refresh = sign(&with(
        serde_json::from_str(&format!(
            r#"{{"azp":"http://localhost:3000","exp":{},"iat":{},"nbf":{},"iss":"https://{FAPI_LIVE}","sub":"user_1","v":2}}"#,
            now - 30,
            now - 90,
            now - 100
        ))
        .expect("json"),
        "sid",
        json!("sess_refresh"),
    ));
    let uat = (now - 100).to_string();
    let uat = uat.as_str();
    let sfx_live = suffix(PK_LIVE);
    let sfx_test = suffix(PK_TEST);
    let s_session = format!("__session_{sfx_live}");
    let s_uat = format!("__client_uat_{sfx_live}");
    let s_refresh = format!("__refresh_{sfx_live}");
    let d_session = format!("__session_{sfx_test}");
    let d_uat = format!("__client_uat_{sfx_test}");

    let org = sign(&with(
        with(
            with(
                prod.clone(),
                "o",
                json!({"id": "org_1", "slg": "acme", "rol": "admin", "per": "manage,read", "fpm": "3,2"}),
            ),
            "fea",
            json!("o:dashboard,o:teams,u:beta"),
        ),
        "pla",
        json!("o:pro,u:free"),
    ));
    let pending_org = sign(&with(
        with(
            prod.clone(),
            "o",
            json!({"id": "org_1", "slg": "acme", "rol": "admin", "per": "read", "fpm": "1"}),
        ),
        "sts",
        json!("pending"),
    ));
    let v1_org = sign(
        &json!({"azp": "http://localhost:3000", "exp": now + 60, "iat": now,
        "nbf": now - 10, "iss": format!("https://{FAPI_LIVE}"), "sid": "sess_1", "sub": "user_1",
        "org_id": "org_9", "org_slug": "nine", "org_role": "org:member", "org_permissions": ["org:x:read"]}),
    );
    let has_checks = [
        json!({"role": "org:admin"}),
        json!({"role": "admin"}),
        json!({"role": "member"}),
        json!({"permission": "org:teams:read"}),
        json!({"permission": "teams:read"}),
        json!({"permission": "org:teams:manage"}),
        json!({"role": "org:admin", "permission": "org:teams:manage"}),
        json!({"role": "org:admin", "permission": "org:dashboard:manage"}),
        json!({"feature": "dashboard"}),
        json!({"feature": "org:dashboard"}),
        json!({"feature": "user:beta"}),
        json!({"feature": "u:dashboard"}),
        json!({"feature": "team:dashboard"}),
        json!({"plan": "pro"}),
        json!({"plan": "user:pro"}),
        json!({"plan": "free"}),
        json!({"plan": "o:pro", "feature": "beta"}),
        json!({"reverification": "strict"}),
        json!({"reverification": "strict_mfa"}),
        json!({"reverification": "lax", "role": "admin"}),
        json!({"reverification": {"level": "first_factor", "afterMinutes": 1}}),
        json!({"reverification": {"level": "second_factor", "afterMinutes": 0}}),
        json!({"role": "org:org:admin"}),
        json!({}),
    ];
    let fva_checks = [
        json!({"reverification": "strict"}),
        json!({"reverification": "strict_mfa"}),
        json!({"reverification": "moderate"}),
        json!({"reverification": "lax"}),
        json!({"reverification": {"level": "first_factor", "afterMinutes": 30}}),
        json!({"reverification": {"level": "multi_factor", "afterMinutes": 120}}),
    ];

    let b64 = |v: &Value| {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let forged_hs256 = format!(
        "{}.{}.{}",
        b64(&json!({"alg": "HS256", "kid": "ins_conformance", "typ": "JWT"})),
        b64(&prod),
        "c2lnbmF0dXJl"
    );
    let mut bad_sig = good.clone();
    bad_sig.truncate(good.rfind('.').unwrap_or(0));
    bad_sig.push_str(".AAAA");

    let directives = |token: &str, suffixed: Option<&str>| {
        let mut d = vec![format!(
            "__session={token}; Path=/; SameSite=Lax; Max-Age=31536000"
        )];
        if let Some(s) = suffixed {
            d.push(format!(
                "__session_{s}={token}; Path=/; SameSite=Lax; Max-Age=31536000"
            ));
        }
        d.push(format!(
            "__client_uat={}; Path=/; SameSite=Lax; Max-Age=31536000",
            now - 5
        ));
        d
    };
    let mut bapi = Bapi::default();
    bapi.nonces
        .insert("nonce-ok".into(), directives(&good, Some(&sfx_live)));
    bapi.nonces
        .insert("nonce-dev".into(), directives(&good_dev, None));
    bapi.nonces.insert(
        "nonce-out".into(),
        vec![
            "__session=; Path=/; SameSite=Lax; Max-Age=0".into(),
            "__client_uat=0; Path=/; SameSite=Lax; Max-Age=31536000".into(),
        ],
    );
    bapi.nonces
        .insert("nonce-expired".into(), directives(&expired, None));
    bapi.refresh.insert(
        "sess_refresh".into(),
        vec![
            format!("__session={good}; Path=/; SameSite=Lax"),
            format!("__session_{sfx_live}={good}; Path=/; SameSite=Lax"),
        ],
    );
    let hs_token = mint(
        &header(),
        &json!({"handshake": directives(&good, None)}),
        &keys.main,
    );
    let hs_token_dev = mint(
        &header(),
        &json!({"handshake": directives(&good_dev, None)}),
        &keys.main,
    );
    let hs_forged = mint(
        &header(),
        &json!({"handshake": directives(&good, None)}),
        &keys.other,
    );
    let hs_template = mint(
        &with(header(), "cat", json!("cl_B7d4PD222AAA")),
        &json!({"handshake": directives(&good, None)}),
        &keys.main,
    );

    let t = |c: Value| sign(&c);
    let mut cases = vec![
        // --- B. cookies, production ---
        Case::prod("prod: no cookies"),
        Case::prod("prod: valid __session + __client_uat").cookies(&[("__session", &good), ("__client_uat", uat)]),
        Case::prod("prod: __session, no __client_uat, page load").cookies(&[("__session", &good)]),
        Case::prod("prod: __session, no __client_uat, POST").post().cookies(&[("__session", &good)]),
        Case::prod("prod: __client_uat>0, no __session, page load").cookies(&[("__client_uat", uat)]),
        Case::prod("prod: __client_uat>0, no __session, POST").post().cookies(&[("__client_uat", uat)]),
        Case::prod("prod: __client_uat>0, no __session, fetch GET").fetch().cookies(&[("__client_uat", uat)]),
        Case::prod("prod: no sec-fetch-dest, Accept text/html").without("sec-fetch-dest").cookies(&[("__client_uat", uat)]),
        Case::prod("prod: no sec-fetch-dest, Accept */*").without("sec-fetch-dest").without("accept").header("accept", "*/*").cookies(&[("__client_uat", uat)]),
        Case::prod("prod: sec-fetch-dest iframe").without("sec-fetch-dest").header("sec-fetch-dest", "iframe").cookies(&[("__client_uat", uat)]),
        Case::prod("prod: expired __session, page load").cookies(&[("__session", &expired), ("__client_uat", uat)]),
        Case::prod("prod: expired __session, POST").post().cookies(&[("__session", &expired), ("__client_uat", uat)]),
        Case::prod("prod: iat before __client_uat").cookies(&[("__session", &good), ("__client_uat", &(now + 5).to_string())]),
        Case::prod("prod: __client_uat=0 with a session").cookies(&[("__session", &good), ("__client_uat", "0")]),
        Case::prod("prod: __client_uat=0, no session").cookies(&[("__client_uat", "0")]),
        Case::prod("prod: __client_uat garbage").cookies(&[("__session", &good), ("__client_uat", "abc")]).fetch(),
        Case::prod("prod: __client_uat with trailing text").cookies(&[("__session", &good), ("__client_uat", &format!("{}xyz", now - 100))]),
        Case::prod("prod: __client_uat negative").cookies(&[("__session", &good), ("__client_uat", "-5")]),
        Case::prod("prod: __session not a JWT").cookies(&[("__session", "not.a.jwt"), ("__client_uat", uat)]),
        Case::prod("prod: __session one segment").cookies(&[("__session", "garbage"), ("__client_uat", uat)]),
        Case::prod("prod: __session bad signature").cookies(&[("__session", &bad_sig), ("__client_uat", uat)]),
        Case::prod("prod: __session signed by another key").cookies(&[("__session", &mint(&header(), &prod, &keys.other)), ("__client_uat", uat)]),
        Case::prod("prod: __session HS256 forgery").cookies(&[("__session", &forged_hs256), ("__client_uat", uat)]),
        Case::prod("prod: __session typ at+jwt (OAuth)").cookies(&[("__session", &mint(&with(header(), "typ", json!("at+jwt")), &prod, &keys.main)), ("__client_uat", uat)]),
        Case::prod("prod: __session JWT-template cat").cookies(&[("__session", &mint(&with(header(), "cat", json!("cl_B7d4PD222AAA")), &prod, &keys.main)), ("__client_uat", uat)]),
        Case::prod("prod: __session M2M cat").cookies(&[("__session", &mint(&with(header(), "cat", json!("cl_B7d4PD333AAA")), &prod, &keys.main)), ("__client_uat", uat)]),
        Case::prod("prod: __session sub mch_ (M2M)").cookies(&[("__session", &t(with(prod.clone(), "sub", json!("mch_1")))), ("__client_uat", uat)]),
        Case::prod("prod: __session ignore cat").cookies(&[("__session", &mint(&with(header(), "cat", json!("cl_I7d4PD111III")), &prod, &keys.main)), ("__client_uat", uat)]),
        Case::prod("prod: __session without cat or typ").cookies(&[("__session", &mint(&json!({"alg": "RS256", "kid": "k"}), &prod, &keys.main)), ("__client_uat", uat)]),
        Case::prod("prod: __session typ JWS").cookies(&[("__session", &mint(&with(header(), "typ", json!("JWS")), &prod, &keys.main)), ("__client_uat", uat)]),
        Case::prod("prod: nbf in the future").cookies(&[("__session", &t(with(prod.clone(), "nbf", json!(now + 30)))), ("__client_uat", uat)]),
        Case::prod("prod: iat in the future").cookies(&[("__session", &t(with(prod.clone(), "iat", json!(now + 30)))), ("__client_uat", uat)]),
        Case::prod("prod: clock edge exp = now - 4").cookies(&[("__session", &t(with(prod.clone(), "exp", json!(now - 4)))), ("__client_uat", uat)]),
        Case::prod("prod: clock edge exp = now - 5").cookies(&[("__session", &t(with(prod.clone(), "exp", json!(now - 5)))), ("__client_uat", uat)]),
        Case::prod("prod: clock edge nbf = now + 5").cookies(&[("__session", &t(with(prod.clone(), "nbf", json!(now + 5)))), ("__client_uat", uat)]),
        Case::prod("prod: clock edge nbf = now + 6").cookies(&[("__session", &t(with(prod.clone(), "nbf", json!(now + 6)))), ("__client_uat", uat)]),
        Case::prod("prod: clock skew 0, exp = now - 1").skew_ms(0).cookies(&[("__session", &t(with(prod.clone(), "exp", json!(now - 1)))), ("__client_uat", uat)]),
        Case::prod("prod: no exp").cookies(&[("__session", &t(without(prod.clone(), "exp"))), ("__client_uat", uat)]),
        Case::prod("prod: exp not a number").cookies(&[("__session", &t(with(prod.clone(), "exp", json!("soon")))), ("__client_uat", uat)]),
        Case::prod("prod: no sub").cookies(&[("__session", &t(without(prod.clone(), "sub"))), ("__client_uat", uat)]),
        Case::prod("prod: authorized party matches").parties(&["http://localhost:3000"]).cookies(&[("__session", &good), ("__client_uat", uat)]),
        Case::prod("prod: authorized party mismatch").parties(&["https://app.example.com"]).cookies(&[("__session", &good), ("__client_uat", uat)]),
        Case::prod("prod: authorized parties set, no azp").parties(&["http://localhost:3000"]).cookies(&[("__session", &t(without(prod.clone(), "azp"))), ("__client_uat", uat)]),
        Case::prod("prod: no azp, no authorized parties").cookies(&[("__session", &t(without(prod.clone(), "azp"))), ("__client_uat", uat)]),
        Case::prod("prod: issuer matches").issuers(&["https://clerk.example.com"]).cookies(&[("__session", &good), ("__client_uat", uat)]),
        Case::prod("prod: issuer mismatch").issuers(&["https://clerk.other.com"]).cookies(&[("__session", &good), ("__client_uat", uat)]),
        Case::prod("prod: v2 organization claims and has()").cookies(&[("__session", &org), ("__client_uat", uat)]).has(&has_checks),
        Case::prod("prod: v1 organization claims and has()").cookies(&[("__session", &v1_org), ("__client_uat", uat)]).has(&has_checks),
        Case::prod("has: fva second factor 20 min ago").cookies(&[("__session", &t(with(prod.clone(), "fva", json!([5, 20])))), ("__client_uat", uat)]).has(&fva_checks),
        Case::prod("has: fva first factor only, 45 min").cookies(&[("__session", &t(with(prod.clone(), "fva", json!([45, -1])))), ("__client_uat", uat)]).has(&fva_checks),
        Case::prod("has: fva never verified").cookies(&[("__session", &t(with(prod.clone(), "fva", json!([-1, -1])))), ("__client_uat", uat)]).has(&fva_checks),
        Case::prod("has: no fva claim").cookies(&[("__session", &t(without(prod.clone(), "fva"))), ("__client_uat", uat)]).has(&fva_checks),
        Case::prod("has: fea with a malformed entry").cookies(&[("__session", &t(with(prod.clone(), "pla", json!("u:free,bogus")))), ("__client_uat", uat)]).has(&[json!({"plan": "free"}), json!({"plan": "user:free"})]),
        Case::prod("has: actor claim").cookies(&[("__session", &t(with(prod.clone(), "act", json!({"sub": "user_admin", "iss": "https://dashboard.clerk.com"})))), ("__client_uat", uat)]),
        Case::prod("prod: pending session is signed out").cookies(&[("__session", &t(with(prod.clone(), "sts", json!("pending")))), ("__client_uat", uat)]).has(&[json!({"plan": "pro"})]),
        Case::prod("prod: pending session kept when asked").keep_pending().cookies(&[("__session", &t(with(prod.clone(), "sts", json!("pending")))), ("__client_uat", uat)]),
        Case::prod("prod: percent-encoded cookie value").cookies(&[("__session", &good.replacen('.', "%2E", 1)), ("__client_uat", uat)]),
        Case::prod("prod: redirect loop counter 3").cookies(&[("__client_uat", uat), ("__clerk_redirect_count", "3")]),
        Case::prod("prod: redirect loop counter 1").cookies(&[("__client_uat", uat), ("__clerk_redirect_count", "1")]),
        Case::prod("prod: redirect counter garbage").cookies(&[("__client_uat", uat), ("__clerk_redirect_count", "x")]),
        Case::prod("prod: cross-origin referrer on a page load").header("referer", "https://satellite.example.org/page").cookies(&[("__session", &good), ("__client_uat", uat)]),
        Case::prod("prod: referrer from the accounts portal").header("referer", "https://accounts.example.com/sign-in").cookies(&[("__session", &good), ("__client_uat", uat)]),
        Case::prod("prod: same-origin referrer").header("referer", "http://localhost:3000/").cookies(&[("__session", &good), ("__client_uat", uat)]),
        // --- A. Authorization header ---
        Case::prod("header: Bearer valid, POST").post().bearer(&good),
        Case::prod("header: Bearer expired, POST").post().bearer(&expired),
        Case::prod("header: Bearer expired, page load").bearer(&expired),
        Case::prod("header: raw token without scheme").post().header("authorization", &good),
        Case::prod("header: lowercase bearer is ignored").post().header("authorization", &format!("bearer {good}")),
        Case::prod("header: Basic ignored, cookies used").header("authorization", "Basic dXNlcjpwdw==").cookies(&[("__session", &good), ("__client_uat", uat)]),
        Case::prod("header: Bearer garbage").post().bearer("garbage"),
        Case::prod("header: lone Bearer word").post().header("authorization", "Bearer"),
        Case::prod("header: wins over cookie").post().bearer(&t(with(prod.clone(), "sub", json!("user_2")))).cookies(&[("__session", &good), ("__client_uat", uat)]),
        Case::prod("header: JWT template").post().bearer(&mint(&with(header(), "cat", json!("cl_B7d4PD222AAA")), &prod, &keys.main)),
        Case::prod("header: M2M subject").post().bearer(&t(with(prod.clone(), "sub", json!("mch_2")))),
        Case::prod("header: nbf in the future, page load").bearer(&t(with(prod.clone(), "nbf", json!(now + 30)))),
        Case::prod("header: authorized party mismatch").post().parties(&["https://app.example.com"]).bearer(&good),
        // --- suffixed cookies ---
        Case::prod("suffixed: only suffixed cookies").cookies(&[(&s_session, &good), (&s_uat, uat)]),
        Case::prod("suffixed: both sets, same").cookies(&[("__session", &good), ("__client_uat", uat), (&s_session, &good), (&s_uat, uat)]),
        Case::prod("suffixed: plain session of another instance").cookies(&[("__session", &t(with(prod.clone(), "iss", json!("https://clerk.other.com")))), ("__client_uat", uat), (&s_session, &good), (&s_uat, uat)]),
        Case::prod("suffixed: plain session without iss wins").cookies(&[("__session", &t(without(prod.clone(), "iss"))), ("__client_uat", uat), (&s_session, &expired), (&s_uat, uat)]),
        Case::prod("suffixed: suffixed uat 0, plain signed in").cookies(&[("__session", &good), ("__client_uat", uat), (&s_uat, "0")]),
        Case::prod("suffixed: suffixed session without suffixed uat").cookies(&[("__session", &good), ("__client_uat", uat), (&s_session, &expired)]),
        Case::prod("suffixed: plain newer than suffixed").cookies(&[("__session", &good), ("__client_uat", uat), (&s_session, &expired), (&s_uat, uat)]),
        Case::prod("suffixed: handshake asks for suffixed cookies").cookies(&[(&s_uat, uat)]),
        Case::prod("suffixed: suffixed refresh cookie refreshes an expired token").cookies(&[(&s_session, &expired_refresh), (&s_uat, uat), (&s_refresh, "rt_1")])
            // The refresh call carries the request's headers: a repeated one joined, as `Headers` joins it.
            .headers(&[("user-agent", "Mozilla/5.0 (conformance)"), ("x-forwarded-for", "203.0.113.7"), ("accept-language", "en"), ("accept-language", "fr;q=0.8")]),
        Case::prod("suffixed: refresh of an unknown session").cookies(&[(&s_session, &expired), (&s_uat, uat), (&s_refresh, "rt_1")]).differs(
            "Clerk puts the Backend API's error code in the reason (…-refresh-resource_not_found); reasons are a closed enum here",
            "handshake", Some("session-token-expired-refresh-fetch-error")),
        Case::prod("suffixed: refresh cookie on a POST").post().cookies(&[(&s_session, &expired), (&s_uat, uat), (&s_refresh, "rt_1")]),
        // --- handshake URL ---
        Case::prod("handshake URL: query kept, dev-browser params dropped").path("/p/a?b=x%20y&__clerk_db_jwt=dvb&c=~&__dev_session=z").cookies(&[("__client_uat", uat)]),
        Case::prod("handshake URL: relative proxy").proxy("/__clerk").cookies(&[("__client_uat", uat)]),
        Case::prod("handshake URL: absolute proxy").proxy("https://proxy.example.com/__clerk/").cookies(&[("__client_uat", uat)]),
        Case::prod("handshake URL: forwarded host and proto").header("x-forwarded-host", "app.example.com, internal").header("x-forwarded-proto", "https").proxy("/__clerk").cookies(&[("__client_uat", uat)]),
        Case::prod("handshake URL: carries the expired session").cookies(&[("__session", &expired), ("__client_uat", uat)]).path("/?x=1"),
        // --- satellites ---
        Case::prod("satellite: no cookies, no sync").satellite("satellite.dev"),
        Case::prod("satellite: __clerk_synced=false").satellite("satellite.dev").path("/dashboard?__clerk_synced=false"),
        Case::prod("satellite: expired session handshakes at clerk.<domain>").satellite("satellite.dev").cookies(&[("__session", &expired), ("__client_uat", uat)]),
        Case::prod("satellite: synced=true falls through").satellite("satellite.dev").path("/?__clerk_synced=true"),
        // --- handshake resolution ---
        Case::prod("resolve: nonce in the query").path("/dashboard?__clerk_handshake_nonce=nonce-ok"),
        Case::prod("resolve: nonce in a cookie").cookies(&[("__clerk_handshake_nonce", "nonce-ok")]),
        Case::prod("resolve: unknown nonce").path("/dashboard?__clerk_handshake_nonce=nonce-unknown"),
        Case::prod("resolve: malformed nonce").path("/dashboard?__clerk_handshake_nonce=..%2Fv1%2Fusers"),
        Case::prod("resolve: nonce on a fetch is not redeemed").fetch().path("/api/items?__clerk_handshake_nonce=nonce-ok").differs(
            "Clerk redeems a nonce on any request; we only on a page load (where a handshake comes back), so a crafted link or cookie cannot make every request call the Backend API",
            "signed-out", Some("session-token-and-uat-missing")),
        Case::prod("resolve: nonce that signs out").path("/?__clerk_handshake_nonce=nonce-out"),
        Case::prod("resolve: nonce with an expired token falls through").path("/?__clerk_handshake_nonce=nonce-expired").cookies(&[("__client_uat", uat)]),
        Case::prod("resolve: handshake token").path(&format!("/?__clerk_handshake={hs_token}")),
        Case::prod("resolve: handshake token from another key falls through").path(&format!("/?__clerk_handshake={hs_forged}")),
        Case::prod("resolve: handshake token of a JWT template falls through").path(&format!("/?__clerk_handshake={hs_template}")),
        // --- development instances ---
        Case::dev("dev: no dev browser, page load"),
        Case::dev("dev: no dev browser, fetch").fetch(),
        Case::dev("dev: dev browser + valid session").cookies(&[("__clerk_db_jwt", "dvb_1"), ("__session", &good_dev), ("__client_uat", uat)]),
        Case::dev("dev: dev browser in the query").path("/dashboard?__clerk_db_jwt=dvb_2&x=1"),
        Case::dev("dev: uat without session, dev browser cookie").cookies(&[("__clerk_db_jwt", "dvb_1"), ("__client_uat", uat)]),
        Case::dev("dev: suffixed dev browser and session").cookies(&[(&format!("__clerk_db_jwt_{sfx_test}"), "dvb_3"), (&d_session, &good_dev), (&d_uat, uat)]),
        Case::dev("dev: expired suffixed session, plain uat 0").cookies(&[("__clerk_db_jwt", "dvb_1"), ("__client_uat", "0"), (&d_session, &sign(&with(dev.clone(), "exp", json!(now - 30)))), (&d_uat, uat)]),
        Case::dev("dev: resolve nonce, redirect to the clean URL").path("/dashboard?__clerk_handshake_nonce=nonce-dev&x=1&__clerk_help=1"),
        Case::dev("dev: resolve handshake token").path(&format!("/dashboard?__clerk_handshake={hs_token_dev}&__clerk_db_jwt=dvb")),
        Case::dev("dev: forged handshake token").path(&format!("/?__clerk_handshake={hs_forged}")).cookies(&[("__clerk_db_jwt", "dvb_1")]).differs(
            "Clerk throws (the request fails) on a bad handshake token in development; we never fail a request: we log and continue as production does",
            "signed-out", Some("session-token-and-uat-missing")),
        Case::dev("dev: primary answers a satellite's sync").parties(&["https://sat.dev"]).path("/?__clerk_redirect_url=https%3A%2F%2Fsat.dev%2Fpage%3F__clerk_synced%3Dfalse%26a%3D1").cookies(&[("__clerk_db_jwt", "dvb_1")]),
        Case::dev("dev: primary answers a sync back to its own origin").path("/?__clerk_redirect_url=http%3A%2F%2Flocalhost%3A3000%2Fback").cookies(&[("__clerk_db_jwt", "dvb_1")]),
        Case::dev("dev: sync answer to an unknown origin is ignored").path("/?__clerk_redirect_url=https%3A%2F%2Fevil.example%2F").cookies(&[("__clerk_db_jwt", "dvb_1")]).differs(
            "Clerk redirects to any __clerk_redirect_url with the visitor's dev-browser token; we accept only the request's origin, authorized_parties and the configured domain, and ignore the parameter otherwise",
            "signed-out", Some("session-token-and-uat-missing")),
        Case::dev("dev: sync answer with credentials in the URL is ignored").parties(&["https://sat.dev"]).path("/?__clerk_redirect_url=https%3A%2F%2Fsat.dev%40evil.example%2F").cookies(&[("__clerk_db_jwt", "dvb_1")]).differs(
            "as above: https://sat.dev@evil.example is evil.example's origin",
            "signed-out", Some("session-token-and-uat-missing")),
        Case::dev("dev: sync answer to javascript: is ignored").path("/?__clerk_redirect_url=javascript%3Aalert(1)").cookies(&[("__clerk_db_jwt", "dvb_1")]).differs(
            "as above: only http(s) targets",
            "signed-out", Some("session-token-and-uat-missing")),
        // --- organization sync ---
        Case::prod("org sync: the URL's organization is active").org_sync(&["/orgs/:slug", "/orgs/:slug/(.*)"], &["/me", "/me/(.*)"]).path("/orgs/acme/settings").cookies(&[("__session", &org), ("__client_uat", uat)]),
        Case::prod("org sync: another organization is active").org_sync(&["/orgs/:slug", "/orgs/:slug/(.*)"], &["/me", "/me/(.*)"]).path("/orgs/globex").cookies(&[("__session", &org), ("__client_uat", uat)]),
        Case::prod("org sync: personal account asked, organization active").org_sync(&["/orgs/:slug"], &["/me", "/me/(.*)"]).path("/me/profile").cookies(&[("__session", &org), ("__client_uat", uat)]),
        Case::prod("org sync: personal account, none active").org_sync(&["/orgs/:slug"], &["/me"]).path("/me").cookies(&[("__session", &good), ("__client_uat", uat)]),
        Case::prod("org sync: loop counter 3 skips activation").org_sync(&["/orgs/:slug"], &[]).path("/orgs/globex").cookies(&[("__session", &org), ("__client_uat", uat), ("__clerk_redirect_count", "3")]),
        Case::prod("org sync: by id, case-insensitive path").org_sync(&["/O/:id"], &[]).path("/o/org_2").cookies(&[("__session", &org), ("__client_uat", uat)]),
        Case::prod("org sync: a handshake carries organization_id").org_sync(&["/orgs/:slug"], &[]).path("/orgs/acme").cookies(&[("__client_uat", uat)]),
        Case::prod("org sync: POST is never redirected").org_sync(&["/orgs/:slug"], &[]).path("/orgs/globex").post().cookies(&[("__session", &org), ("__client_uat", uat)]),
        Case::prod("org sync: a pending session kept signed in is not activated").keep_pending().org_sync(&["/orgs/:slug"], &[]).path("/orgs/globex").cookies(&[("__session", &pending_org), ("__client_uat", uat)]),
        // --- keys and algorithms ---
        Case::prod("keys: RS384 token").cookies(&[("__session", &mint(&with(header(), "alg", json!("RS384")), &prod, &keys.main)), ("__client_uat", uat)]).differs(
            "Clerk turns a PEM key into an RS256-only JWK, so an RS384/RS512 token fails (token-verification-failed); we verify the RSA algorithm the header names (RS256/384/512 only)",
            "signed-in", None),
        Case::prod("keys: RS384 token from another key").cookies(&[("__session", &mint(&with(header(), "alg", json!("RS384")), &prod, &keys.other)), ("__client_uat", uat)]).differs(
            "as above: Clerk cannot check RS384 with a PEM key (token-verification-failed); we check it and find the signature wrong",
            "signed-out", Some("token-invalid-signature")),
        Case::prod("satellite: cross-origin referrer does not force a sync").satellite("satellite.dev").header("referer", "https://elsewhere.example/").cookies(&[("__session", &sign(&with(prod.clone(), "iss", json!("https://clerk.satellite.dev")))), ("__client_uat", uat)]),
        Case::dev("dev: referrer from a development accounts portal").header("referer", "https://foo-bar-1.accounts.dev/sign-in").cookies(&[("__clerk_db_jwt", "dvb_1"), ("__session", &good_dev), ("__client_uat", uat)]),
        Case::dev("dev: satellite needs signInUrl sync").satellite("sat.example.org").sign_in_url("https://primary.example.com/sign-in").path("/?__clerk_synced=false").cookies(&[("__clerk_db_jwt", "dvb_1")]),
        Case::prod("keys: 3072-bit instance key").jwt_key(&pem(&keys.big)).cookies(&[("__session", &mint(&header(), &prod, &keys.big)), ("__client_uat", uat)]).differs(
            "Clerk's PEM loader strips a fixed 2048-bit SPKI prefix and cannot use other key sizes; we parse SPKI and verify RSA keys of 2048 to 8192 bits",
            "signed-in", None),
    ];
    // Fill to a round corpus: every row again for POSTs, where no handshake is ever possible.
    let posts: Vec<Case> = [
        (
            "post: session + uat",
            vec![
                ("__session", good.clone()),
                ("__client_uat", uat.to_owned()),
            ],
        ),
        (
            "post: iat before uat",
            vec![
                ("__session", good.clone()),
                ("__client_uat", (now + 5).to_string()),
            ],
        ),
        (
            "post: nbf in the future",
            vec![
                ("__session", t(with(prod.clone(), "nbf", json!(now + 30)))),
                ("__client_uat", uat.to_owned()),
            ],
        ),
    ]
    .into_iter()
    .map(|(name, cookies)| {
        let refs: Vec<(&str, &str)> = cookies.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Case::prod(name).post().cookies(&refs)
    })
    .collect();
    cases.extend(posts);
    Corpus { cases, bapi }
}
