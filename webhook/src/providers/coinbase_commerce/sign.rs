//! Signing exactly as Coinbase Commerce does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

/// The `X-CC-Webhook-Signature` value Coinbase Commerce sends for `body`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    crate::declared::sign(&super::TEMPLATE, secret, None, None, body)
}

/// A `POST` to `path` carrying `body`, signed with `secret`.
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[
            ("x-cc-webhook-signature", signature(secret, &body)),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    /// Computed independently from the documented scheme (Python's `hmac`), the same
    /// vector `tests/provider_coinbase_commerce.rs` sends.
    #[test]
    fn reproduces_the_independent_vector() {
        let body = r#"{"id":1,"scheduled_for":"2017-01-31T20:50:02Z","event":{"id":"24934862-d980-46cb-9402-43c81b0cdba6","resource":"event","type":"charge:created","api_version":"2018-03-22","created_at":"2017-01-31T20:49:02Z","data":{"code":"66BEOV2A","name":"The Sovereign Individual"}}}"#;
        assert_eq!(
            super::signature("coinbase_shared_secret", body.as_bytes()),
            "1208a35600d1a8818b40676625c87225dcc4c1a3f7d3ae3e28fed9d22d0071bc"
        );
    }
}
