//! Signing exactly as Bitbucket Cloud does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

/// The `X-Request-UUID` delivery id [`request`] sends.
pub const DELIVERY_ID: &str = "1c7d0c0f-8d4d-4e4b-9a2e-7d2f0c1b2a3c";

/// The `X-Hub-Signature` value Bitbucket Cloud sends for `body`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    crate::declared::sign(&super::TEMPLATE, secret, None, None, body)
}

/// A `POST` to `path` carrying `body` for the event `event` (the `X-Event-Key` header), signed with `secret`, with the delivery id [`DELIVERY_ID`].
pub fn request(path: &str, secret: &str, event: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[
            ("x-hub-signature", signature(secret, &body)),
            ("x-event-key", event.to_owned()),
            ("x-request-uuid", DELIVERY_ID.to_owned()),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    /// Computed independently from the documented scheme (Python's `hmac`), the same
    /// vector `tests/provider_bitbucket.rs` sends.
    #[test]
    fn reproduces_the_independent_vector() {
        let body = r#"{"push":{"changes":[]},"actor":{"display_name":"Ada"},"repository":{"full_name":"team/repo"}}"#;
        assert_eq!(
            super::signature("bitbucket_webhook_secret", body.as_bytes()),
            "sha256=924ee6f951dba6eda21a8528f811eaea141858e95e32c7b81c726dc904b84d82"
        );
    }
}
