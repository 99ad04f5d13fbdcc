//! Signing exactly as Calendly does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

/// The `Calendly-Webhook-Signature` value for `body` signed at `timestamp` (unix seconds):
/// `t=<timestamp>,v1=<hex HMAC-SHA256 of "{timestamp}.{body}">`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    crate::verify::timestamped_list::header_value(secret, timestamp, body)
}

/// A `POST` to `path` carrying `body`, signed now with `secret`.
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    let header = signature(secret, crate::testing::now(), &body);
    crate::testing::signed_request(path, &[(super::HEADER, header)], body)
}
