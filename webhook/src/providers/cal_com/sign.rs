//! Signing exactly as Cal.com does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

/// The `X-Cal-Signature-256` value Cal.com sends for `body`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    crate::declared::sign(&super::TEMPLATE, secret, None, None, body)
}

/// A `POST` to `path` carrying `body`, signed with `secret`.
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[
            ("x-cal-signature-256", signature(secret, &body)),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    /// Computed independently from the documented scheme (Python's `hmac`), the same
    /// vector `tests/provider_cal_com.rs` sends.
    #[test]
    fn reproduces_the_independent_vector() {
        let body = r#"{"triggerEvent":"BOOKING_CREATED","createdAt":"2026-01-01T00:00:00.000Z","payload":{"type":"30min","title":"30 min between Ada and Grace","uid":"bFJeNb2uX8ANpT3JL5EfXw","startTime":"2026-01-02T10:00:00Z"}}"#;
        assert_eq!(
            super::signature("cal_com_secret", body.as_bytes()),
            "ae672b3d0186164d2016a0b37c7d2dcb9825f2e1c1c4d3c2e526077c42367a3e"
        );
    }
}
