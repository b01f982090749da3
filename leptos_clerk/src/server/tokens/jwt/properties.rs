//! `Jwt::decode` on anything a cookie or header can carry: it never panics, what it accepts is
//! exactly three base64url segments whose first two are JSON objects, and a well-formed token
//! comes back whole.

use proptest::prelude::*;
use serde_json::{Map, Value};

use super::{encode, Jwt};

/// Pieces of almost-tokens: dots, padding, base64url of JSON and of junk, and multi-byte text.
fn token_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            ".",
            "..",
            "=",
            "==",
            "eyJ",
            "e30",
            "W10",
            "bnVsbA",
            "+",
            "/",
            " ",
            "\t",
            "é",
            "日本",
            "\u{1F600}",
            "%2E",
        ])
        .prop_map(str::to_owned),
        any::<Vec<u8>>().prop_map(|bytes| encode(&bytes)),
        "\\{(\"[a-z]{1,3}\":[0-9]{1,3},?){0,3}\\}".prop_map(|json| encode(json.as_bytes())),
        "[A-Za-z0-9_-]{0,12}",
    ]
}

fn json_object() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map("[a-z]{1,6}", any::<i64>(), 0..6).prop_map(|fields| {
        fields
            .into_iter()
            .map(|(k, v)| (k, Value::from(v)))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoding_any_string_never_panics(text in any::<String>()) {
        let _ = Jwt::decode(&text);
    }

    #[test]
    fn what_decodes_has_three_segments_and_json_objects(
        pieces in prop::collection::vec(token_piece(), 0..8),
    ) {
        let token = pieces.concat();
        if let Ok(jwt) = Jwt::decode(&token) {
            let trimmed = token.trim();
            prop_assert_eq!(trimmed.split('.').count(), 3);
            prop_assert!(trimmed.starts_with(jwt.signed));
            prop_assert!(trimmed.trim_end_matches('=').ends_with(jwt.signature));
        }
    }

    #[test]
    fn a_well_formed_token_comes_back_whole(
        payload in json_object(),
        kid in "[a-z0-9_]{0,10}",
        signature in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let header = serde_json::json!({"alg": "RS256", "kid": kid});
        let signed = format!("{}.{}", encode(header.to_string().as_bytes()), encode(Value::Object(payload.clone()).to_string().as_bytes()));
        let token = format!("{signed}.{}", encode(&signature));
        let jwt = Jwt::decode(&token).expect("a well-formed token decodes");
        prop_assert_eq!(jwt.kid(), Some(kid.as_str()));
        prop_assert_eq!(&jwt.payload, &payload);
        prop_assert_eq!(jwt.signed, signed.as_str());
    }
}
