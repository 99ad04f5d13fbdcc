//! Signing exactly as Mailgun does, for tests (see [`crate::testing`]).
//!
//! Mailgun signs `timestamp + token`, and the signature travels in the body.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Body;
use bytes::Bytes;
use http::Request;

use crate::verify::hmac_sha256;

/// `signature.signature` for `timestamp` and `token`: lowercase hex HMAC-SHA256 of
/// their concatenation.
pub fn signature(signing_key: &str, timestamp: i64, token: &str) -> String {
    hex::encode(hmac_sha256(
        signing_key.as_bytes(),
        &[timestamp.to_string().as_bytes(), token.as_bytes()],
    ))
}

/// A fresh 50-character token, different on every call (as Mailgun's are).
pub fn token() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let sequence = NEXT.fetch_add(1, Ordering::Relaxed);
    format!(
        "{:0>50}",
        format!("{:x}{sequence:x}", crate::testing::now())
    )
}

/// A whole Mailgun webhook body: a `signature` object for `timestamp` and `token`,
/// and `event_data` (JSON text) as `event-data`.
pub fn body(signing_key: &str, timestamp: i64, token: &str, event_data: &str) -> String {
    let signature = signature(signing_key, timestamp, token);
    format!(
        r#"{{"signature":{{"timestamp":"{timestamp}","token":"{token}","signature":"{signature}"}},"event-data":{event_data}}}"#
    )
}

/// A `POST` to `path` whose body carries `event_data` (JSON text), signed now with
/// `signing_key` and a fresh [`token`].
pub fn request(path: &str, signing_key: &str, event_data: &str) -> Request<Body> {
    let body = body(signing_key, crate::testing::now(), &token(), event_data);
    crate::testing::signed_request(path, &[], Bytes::from(body))
}

#[cfg(test)]
mod tests {
    #[test]
    fn reproduces_the_published_vector() {
        assert_eq!(
            super::signature(
                "key-mailgun-signing-key",
                1_700_000_000,
                "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0"
            ),
            "065bb50188c88a371d4df8a371c499a8828b94bc4f7b5553b5adaf33af3b94e4"
        );
    }

    #[test]
    fn tokens_are_fresh() {
        assert_ne!(super::token(), super::token());
        assert_eq!(super::token().len(), 50);
    }
}
