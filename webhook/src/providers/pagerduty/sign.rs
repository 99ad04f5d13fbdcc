//! Signing exactly as PagerDuty does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

/// The `X-PagerDuty-Signature` value PagerDuty sends for `body`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    crate::declared::sign(&super::TEMPLATE, secret, None, None, body)
}

/// A `POST` to `path` carrying `body`, signed with `secret`.
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[
            ("x-pagerduty-signature", signature(secret, &body)),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    /// Computed independently from the documented scheme (Python's `hmac`), the same
    /// vector `tests/provider_pagerduty.rs` sends.
    #[test]
    fn reproduces_the_independent_vector() {
        let body = r#"{"event":{"id":"5ac64822-4adc-4fda-ade0-410becf0de4f","event_type":"incident.triggered","resource_type":"incident","occurred_at":"2026-01-01T00:00:00.000Z","data":{"id":"PGR0VU2","type":"incident","title":"A little bump in the road"}}}"#;
        assert_eq!(
            super::signature("pagerduty_webhook_secret", body.as_bytes()),
            "v1=4283c389bbd22167ac541c5ad9cf0cdb5dde2e9f7689ac3c6f66bf1713d09bb4"
        );
    }
}
