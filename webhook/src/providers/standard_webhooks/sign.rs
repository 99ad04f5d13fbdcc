//! Signing exactly as a Standard Webhooks sender does, for tests (see [`crate::testing`]).

use axum::body::Body;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use bytes::Bytes;
use ed25519_dalek::{Signer as _, SigningKey};
use http::Request;

use crate::verify::hmac_sha256;

/// The `webhook-id` [`request`] sends.
pub const MESSAGE_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";

/// A `v1,<base64>` signature item for `body`, keyed with a `whsec_…` secret.
///
/// # Panics
///
/// When `secret` is not `whsec_` (optional) followed by base64: a test helper.
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
        .expect("a `whsec_` secret is base64");
    let digest = hmac_sha256(&key, &[signed_prefix(id, timestamp).as_bytes(), body]);
    format!("v1,{}", STANDARD.encode(digest))
}

/// A `v1a,<base64>` Ed25519 signature item for `body`, with a signing key given as
/// `whsk_<base64 of the 32-byte seed>` (the prefix is optional).
///
/// # Panics
///
/// When `signing_key` is not base64 of 32 bytes: a test helper.
pub fn signature_ed25519(signing_key: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    let key = signing_key_from(signing_key);
    let mut message = signed_prefix(id, timestamp).into_bytes();
    message.extend_from_slice(body);
    format!("v1a,{}", STANDARD.encode(key.sign(&message).to_bytes()))
}

/// The `whpk_…` public key to configure for a `whsk_…` signing key.
///
/// # Panics
///
/// When `signing_key` is not base64 of 32 bytes: a test helper.
pub fn public_key(signing_key: &str) -> String {
    let key = signing_key_from(signing_key);
    format!("whpk_{}", STANDARD.encode(key.verifying_key().as_bytes()))
}

/// A `POST` to `path` carrying `body`, signed now with the `whsec_…` `secret`, with the
/// `webhook-id` [`MESSAGE_ID`].
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    let timestamp = crate::testing::now();
    crate::testing::signed_request(
        path,
        &[
            ("webhook-id", MESSAGE_ID.to_owned()),
            ("webhook-timestamp", timestamp.to_string()),
            (
                "webhook-signature",
                signature(secret, MESSAGE_ID, timestamp, &body),
            ),
        ],
        body,
    )
}

fn signed_prefix(id: &str, timestamp: i64) -> String {
    format!("{id}.{timestamp}.")
}

fn signing_key_from(text: &str) -> SigningKey {
    let seed: [u8; 32] = STANDARD
        .decode(text.strip_prefix("whsk_").unwrap_or(text))
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .expect("a `whsk_` key is base64 of a 32-byte seed");
    SigningKey::from_bytes(&seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const TS: i64 = 1_614_265_330;

    #[test]
    fn reproduces_the_published_vectors() {
        assert_eq!(
            signature(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                MESSAGE_ID,
                TS,
                BODY
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        let seed = "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=";
        assert_eq!(
            signature_ed25519(seed, MESSAGE_ID, TS, BODY),
            "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag=="
        );
        assert_eq!(
            public_key(seed),
            "whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g="
        );
    }
}
