//! Signing exactly as Sentry does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

/// The `Request-ID` delivery id [`request`] sends.
pub const DELIVERY_ID: &str = "e2b0a05e-7f0f-4d8b-9e6c-5c1b8d2f3a4b";

/// The `Sentry-Hook-Signature` value Sentry sends for `body`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    crate::declared::sign(&super::TEMPLATE, secret, None, None, body)
}

/// A `POST` to `path` carrying `body` for the event `event` (the `Sentry-Hook-Resource` header), signed with `secret`, with the delivery id [`DELIVERY_ID`].
pub fn request(path: &str, secret: &str, event: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[
            ("sentry-hook-signature", signature(secret, &body)),
            ("sentry-hook-resource", event.to_owned()),
            ("request-id", DELIVERY_ID.to_owned()),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    /// Computed independently from the documented scheme (Python's `hmac`), the same
    /// vector `tests/provider_sentry.rs` sends.
    #[test]
    fn reproduces_the_independent_vector() {
        let body = r#"{"action":"created","installation":{"uuid":"a8e5d37a-696c-4c54-adb5-b3f28d64c7de"},"data":{"issue":{"id":"1170820242","title":"ZeroDivisionError"}},"actor":{"type":"application","id":"sentry","name":"Sentry"}}"#;
        assert_eq!(
            super::signature("sentry_client_secret", body.as_bytes()),
            "56fef7268fddeb7063ccc8af9874caf71326d0b3867646b348e1eaf7b824acd3"
        );
    }
}
