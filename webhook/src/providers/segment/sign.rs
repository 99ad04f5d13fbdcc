//! Signing exactly as Segment does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

/// The `X-Signature` value Segment sends for `body`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    crate::declared::sign(&super::TEMPLATE, secret, None, None, body)
}

/// A `POST` to `path` carrying `body`, signed with `secret`.
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[
            ("x-signature", signature(secret, &body)),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    /// Computed independently from the documented scheme (Python's `hmac`), the same
    /// vector `tests/provider_segment.rs` sends.
    #[test]
    fn reproduces_the_independent_vector() {
        let body = r#"{"type":"track","event":"Order Completed","messageId":"ajs-next-69a0c1b4","userId":"user_1","properties":{"revenue":42},"timestamp":"2026-01-01T00:00:00.000Z"}"#;
        assert_eq!(
            super::signature("segment_shared_secret", body.as_bytes()),
            "595c68180d24ee8c1581fffd07a6fc35f180f1b4"
        );
    }
}
