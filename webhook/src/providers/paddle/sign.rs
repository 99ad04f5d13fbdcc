//! Signing exactly as Paddle Billing does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

use crate::verify::hmac_sha256;

/// A `Paddle-Signature` value for `body` at `timestamp`: `ts=…` and one `h1=…` per
/// secret, as Paddle sends while a secret is rotated.
pub fn signature(secrets: &[&str], timestamp: i64, body: &[u8]) -> String {
    let timestamp_text = timestamp.to_string();
    let mut header = format!("ts={timestamp_text}");
    for secret in secrets {
        let digest = hmac_sha256(secret.as_bytes(), &[timestamp_text.as_bytes(), b":", body]);
        header.push_str(";h1=");
        header.push_str(&hex::encode(digest));
    }
    header
}

/// A `POST` to `path` carrying `body`, signed now with `secret`.
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    let signature = signature(&[secret], crate::testing::now(), &body);
    crate::testing::signed_request(path, &[("paddle-signature", signature)], body)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reproduces_the_published_vector() {
        let body = br#"{"event_id":"evt_01","event_type":"transaction.paid","occurred_at":"2024-01-01T00:00:00Z","notification_id":"ntf_01","data":{}}"#;
        assert_eq!(
            super::signature(&["pdl_ntfset_01test_secret"], 1_700_000_000, body),
            "ts=1700000000;h1=66517a69ac1a14f394e6acc1ed1e0d74652c96b0f0ea23dfdd36bf14804d9c5c"
        );
    }
}
