//! Signing exactly as Lemon Squeezy does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

/// The `X-Signature` value Lemon Squeezy sends for `body`.
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
    /// vector `tests/provider_lemon_squeezy.rs` sends.
    #[test]
    fn reproduces_the_independent_vector() {
        let body = r#"{"meta":{"event_name":"order_created","custom_data":{"user_id":"42"}},"data":{"type":"orders","id":"1","attributes":{"status":"paid","total":999}}}"#;
        assert_eq!(
            super::signature("lemon_signing_secret", body.as_bytes()),
            "ce83644398834de149415f55ad93eacfd07cf12cf318bf66af0c0ca1a3c72587"
        );
    }
}
