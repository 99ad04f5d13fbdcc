//! Signing exactly as Slack does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

use crate::verify::v0;

/// An `X-Slack-Signature` value for `body` sent at `timestamp` (unix seconds):
/// `v0=` and the lowercase hex HMAC-SHA256 of `v0:{timestamp}:{body}`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    v0::sign(secret.as_bytes(), &timestamp.to_string(), body)
}

/// A `POST` to `path` carrying `body`, signed now with `secret`.
///
/// The `Content-Type` follows the body, as Slack's does: `application/json` for a JSON
/// object (Events API), `application/x-www-form-urlencoded` otherwise (slash commands,
/// interactivity).
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    request_at(path, secret, crate::testing::now(), body)
}

/// Like [`request`], signed as if sent at `timestamp` (for staleness tests).
///
/// # Panics
///
/// When `path` is not a valid URI.
pub fn request_at(
    path: &str,
    secret: &str,
    timestamp: i64,
    body: impl Into<Bytes>,
) -> Request<Body> {
    let body = body.into();
    let content_type = if body.trim_ascii_start().starts_with(b"{") {
        "application/json"
    } else {
        "application/x-www-form-urlencoded"
    };
    Request::post(path)
        .header(http::header::CONTENT_TYPE, content_type)
        .header("x-slack-signature", signature(secret, timestamp, &body))
        .header("x-slack-request-timestamp", timestamp.to_string())
        .body(Body::from(body))
        .expect("a valid path")
}

/// The body of an interactivity request carrying `payload` (JSON text):
/// `payload=<form-encoded JSON>`.
pub fn interaction_body(payload: &str) -> String {
    serde_urlencoded::to_string([("payload", payload)]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reproduces_the_documented_vector() {
        let body = b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        assert_eq!(
            super::signature("8f742231b10e8888abcd99yyyzzz85a5", 1_531_420_618, body),
            "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
        );
    }
}
