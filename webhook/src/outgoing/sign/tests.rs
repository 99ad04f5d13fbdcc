//! Signatures checked against published vectors and by this crate's own Standard
//! Webhooks receiver.

use super::*;

/// SW-1 and SW-2 (`/work/shared/test-vectors.md`): the Standard Webhooks Go and Python
/// library tests (`standard-webhooks/standard-webhooks` @ 5fb2ce93).
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SIGNING_KEY: &str = "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=";
const PUBLIC_KEY: &str = "whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=";
const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP: i64 = 1_614_265_330;
const BODY: &[u8] = br#"{"test": 2432232314}"#;

fn key(text: &str) -> SigningKey {
    text.parse().unwrap()
}

#[test]
fn published_vectors() {
    assert_eq!(
        signature(&[key(SECRET)], ID, TIMESTAMP, BODY).unwrap(),
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    );
    assert_eq!(
        signature(&[key(SIGNING_KEY)], ID, TIMESTAMP, BODY).unwrap(),
        "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag=="
    );
    assert_eq!(key(SIGNING_KEY).public_key().as_deref(), Some(PUBLIC_KEY));
    assert_eq!(key(SECRET).public_key(), None);
    assert_eq!(key(SECRET).expose_text(), SECRET);
    assert_eq!(key(SIGNING_KEY).expose_text(), SIGNING_KEY);
}

#[test]
fn rotation_signs_once_per_key_in_order() {
    let both = signature(&[key(SECRET), key(SIGNING_KEY)], ID, TIMESTAMP, BODY).unwrap();
    let items: Vec<&str> = both.split(' ').collect();
    assert_eq!(items.len(), 2);
    assert!(
        items[0].starts_with("v1,") && items[1].starts_with("v1a,"),
        "{both}"
    );
}

#[test]
fn keys_never_show_and_bad_ones_say_what_is_wrong() {
    let printed = format!("{:?} {:?}", key(SECRET), key(SIGNING_KEY));
    assert!(
        !printed.contains("MfKQ9r8G") && !printed.contains("VEVTVFNJ"),
        "{printed}"
    );
    assert!(printed.contains("<redacted>"));
    for (bad, expected) in [
        ("whsec_not base64!", "not valid base64"),
        ("whsec_", "empty"),
        ("whsk_AAAA", "32 bytes"),
        (PUBLIC_KEY, "only verifies"),
        ("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "starts with"),
    ] {
        let message = bad.parse::<SigningKey>().unwrap_err().to_string();
        assert!(message.contains(expected), "{bad}: {message}");
        assert!(
            !message.contains(&bad[bad.len().min(6)..]) || bad.len() <= 6,
            "{message}"
        );
    }
    assert_eq!(signature(&[], ID, 1, b""), Err(SignError::NoKeys));
    for id in ["", "msg 1", "msg\n1"] {
        assert_eq!(signature(&[key(SECRET)], id, 1, b""), Err(SignError::BadId));
    }
}

#[test]
fn generated_keys_and_ids_are_fresh() {
    let a = SigningKey::generate_secret().unwrap().expose_text();
    let b = SigningKey::generate_secret().unwrap().expose_text();
    assert_ne!(a, b);
    assert_eq!(key(&a).expose_text(), a);
    let ed = SigningKey::generate_ed25519().unwrap();
    assert!(ed.expose_text().starts_with("whsk_"));
    let id = new_message_id().unwrap();
    assert!(id.starts_with("msg_") && id.len() == 36, "{id}");
    assert_ne!(id, new_message_id().unwrap());
}

#[cfg(feature = "standard-webhooks")]
mod receiver {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use http::Uri;

    use super::*;
    use crate::providers::standard_webhooks::StandardWebhooks;
    use crate::{Provider, RawRequest, VerifyContext};

    /// What this crate's receiver says of a message signed by `keys`, when it holds
    /// `receiver_keys`.
    fn received(
        keys: &[SigningKey],
        names: HeaderNames,
        receiver_keys: &[&str],
        body: &[u8],
    ) -> bool {
        let now = SystemTime::now();
        let timestamp = now.duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
        let mut headers = HeaderMap::new();
        insert_headers(&mut headers, names, keys, "msg_2lV9", timestamp, body).unwrap();
        let secrets: Vec<_> = receiver_keys
            .iter()
            .map(|text| StandardWebhooks::decode_secret(text).unwrap())
            .collect();
        let uri = Uri::from_static("/webhooks");
        let request = RawRequest {
            headers: &headers,
            uri: &uri,
            body,
        };
        let context = VerifyContext {
            secrets: &secrets,
            tolerance: Some(Duration::from_secs(300)),
            now,
            public_url: None,
        };
        StandardWebhooks::verify(&request, &context).is_ok()
    }

    fn bodies() -> Vec<Vec<u8>> {
        [0, 1, 1024, 1024 * 1024]
            .into_iter()
            .map(|size| (0..size).map(|i| (i % 251) as u8).collect())
            .collect()
    }

    #[test]
    fn the_receiver_accepts_every_size_with_either_scheme_and_header_names() {
        for body in bodies() {
            for names in [HeaderNames::Standard, HeaderNames::Svix] {
                assert!(
                    received(&[key(SECRET)], names, &[SECRET], &body),
                    "{}",
                    body.len()
                );
                assert!(
                    received(&[key(SIGNING_KEY)], names, &[PUBLIC_KEY], &body),
                    "{}",
                    body.len()
                );
            }
        }
    }

    #[test]
    fn during_rotation_a_receiver_holding_either_key_accepts() {
        let old = SigningKey::generate_secret().unwrap();
        let new = SigningKey::generate_secret().unwrap();
        let (old_text, new_text) = (old.expose_text(), new.expose_text());
        let rotating = [old, new.clone()];
        for body in bodies() {
            assert!(received(
                &rotating,
                HeaderNames::Standard,
                &[&old_text],
                &body
            ));
            assert!(received(
                &rotating,
                HeaderNames::Standard,
                &[&new_text],
                &body
            ));
            // After the grace period the old key no longer signs.
            assert!(!received(
                std::slice::from_ref(&new),
                HeaderNames::Standard,
                &[&old_text],
                &body
            ));
        }
        let other = SigningKey::generate_secret().unwrap().expose_text();
        assert!(!received(
            &rotating,
            HeaderNames::Standard,
            &[&other],
            b"{}"
        ));
        // HMAC and Ed25519 during a move from one to the other.
        let mixed = [key(SECRET), key(SIGNING_KEY)];
        assert!(received(
            &mixed,
            HeaderNames::Standard,
            &[PUBLIC_KEY],
            b"{}"
        ));
        assert!(received(&mixed, HeaderNames::Standard, &[SECRET], b"{}"));
    }
}
