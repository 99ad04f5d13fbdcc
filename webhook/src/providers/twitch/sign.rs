//! Signing exactly as Twitch EventSub does, for tests (see [`crate::testing`]).

use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use bytes::Bytes;
use http::Request;

use super::verify::SIGNATURE_FORMAT;
use crate::verify::hmac_sha256;

/// The `Twitch-Eventsub-Message-Id` [`request`] sends.
pub const MESSAGE_ID: &str = "e76c6bd4-55c9-4987-8304-da1588d8988b";

/// A `Twitch-Eventsub-Message-Signature` value: `sha256=` and the lowercase hex
/// HMAC-SHA256 of `message_id ‖ timestamp ‖ body`, the timestamp as sent.
pub fn signature(secret: &str, message_id: &str, timestamp: &str, body: &[u8]) -> String {
    let digest = hmac_sha256(
        secret.as_bytes(),
        &[message_id.as_bytes(), timestamp.as_bytes(), body],
    );
    SIGNATURE_FORMAT.encode(&digest)
}

/// A `Twitch-Eventsub-Message-Timestamp` value for `time`: RFC 3339, UTC, nanoseconds.
pub fn timestamp(time: SystemTime) -> String {
    let (seconds, nanos) = match time.duration_since(UNIX_EPOCH) {
        Ok(after) => (
            i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            after.subsec_nanos(),
        ),
        Err(_) => (0, 0),
    };
    super::time::format_rfc3339(seconds, nanos)
}

/// A `POST` to `path` carrying `body`, signed now with `secret`, as a message of
/// `message_type` (`notification`, `webhook_callback_verification`, `revocation`) for
/// `subscription_type`, with the message id [`MESSAGE_ID`].
pub fn request(
    path: &str,
    secret: &str,
    message_type: &str,
    subscription_type: &str,
    body: impl Into<Bytes>,
) -> Request<Body> {
    let body = body.into();
    let timestamp = timestamp(SystemTime::now());
    crate::testing::signed_request(
        path,
        &[
            (
                "twitch-eventsub-message-signature",
                signature(secret, MESSAGE_ID, &timestamp, &body),
            ),
            ("twitch-eventsub-message-id", MESSAGE_ID.to_owned()),
            ("twitch-eventsub-message-timestamp", timestamp),
            ("twitch-eventsub-message-type", message_type.to_owned()),
            (
                "twitch-eventsub-subscription-type",
                subscription_type.to_owned(),
            ),
            ("twitch-eventsub-subscription-version", "1".to_owned()),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn reproduces_the_published_vector() {
        assert_eq!(
            super::signature(
                "twitch_secret_1234",
                super::MESSAGE_ID,
                "2019-11-16T10:11:12.634234626Z",
                br#"{"subscription":{"type":"channel.follow"},"event":{}}"#
            ),
            "sha256=14ed36bac0b83cc9efd5cd32e8735d4890d28666e719bed3753162d63286a9a5"
        );
    }
}
