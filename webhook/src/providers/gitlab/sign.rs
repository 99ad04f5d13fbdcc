//! Signing exactly as GitLab does, for tests (see [`crate::testing`]).

use axum::body::Body;
use base64::Engine as _;
use bytes::Bytes;
use http::Request;

use crate::secret::Secret;
use crate::verify::hmac_sha256;

/// The `X-Gitlab-Webhook-UUID` [`request`] sends.
pub const WEBHOOK_UUID: &str = "7f4e54a1-f8b4-4d23-a4b9-3a1c6b1e1d2a";
/// The `webhook-id` (and `Idempotency-Key`) [`signed_request`] sends.
pub const WEBHOOK_ID: &str = "msg_2b6e1f0c9a8d4e7f";

/// A `POST` to `path` of the event `event` (`X-Gitlab-Event`, e.g. `Push Hook`)
/// carrying `body`, authenticated the classic way: `X-Gitlab-Token: <token>`.
pub fn request(path: &str, token: &str, event: &str, body: impl Into<Bytes>) -> Request<Body> {
    crate::testing::signed_request(
        path,
        &[
            ("x-gitlab-token", token.to_owned()),
            ("x-gitlab-event", event.to_owned()),
            ("x-gitlab-webhook-uuid", WEBHOOK_UUID.to_owned()),
        ],
        body.into(),
    )
}

/// A `webhook-signature` value: `v1,` and the base64 HMAC-SHA256 of
/// `{id}.{timestamp}.{body}`, keyed as the verifier keys `secret` (a `whsec_<base64>`
/// secret base64-decoded, any other as its bytes).
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    let key = super::verify::signing_key(&Secret::new(secret.as_bytes()));
    let timestamp = timestamp.to_string();
    let digest = hmac_sha256(
        &key,
        &[id.as_bytes(), b".", timestamp.as_bytes(), b".", body],
    );
    format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// A `POST` like [`request`], but signed the Standard Webhooks way at `timestamp`
/// (`webhook-signature`, `webhook-id` = `Idempotency-Key` = [`WEBHOOK_ID`],
/// `webhook-timestamp`) instead of carrying a token.
pub fn signed_request(
    path: &str,
    secret: &str,
    event: &str,
    timestamp: i64,
    body: impl Into<Bytes>,
) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[
            (
                "webhook-signature",
                signature(secret, WEBHOOK_ID, timestamp, &body),
            ),
            ("webhook-id", WEBHOOK_ID.to_owned()),
            ("idempotency-key", WEBHOOK_ID.to_owned()),
            ("webhook-timestamp", timestamp.to_string()),
            ("x-gitlab-event", event.to_owned()),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn reproduces_the_standard_webhooks_vector() {
        assert_eq!(
            super::signature(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1_614_265_330,
                br#"{"test": 2432232314}"#
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }
}
