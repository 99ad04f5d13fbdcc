//! Signing exactly as CircleCI does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

/// The `circleci-signature` value CircleCI sends for `body`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    crate::declared::sign(&super::TEMPLATE, secret, None, None, body)
}

/// A `POST` to `path` carrying `body`, signed with `secret`.
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[
            ("circleci-signature", signature(secret, &body)),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    /// Computed independently from the documented scheme (Python's `hmac`), the same
    /// vector `tests/provider_circleci.rs` sends.
    #[test]
    fn reproduces_the_independent_vector() {
        let body = r#"{"id":"3888f21b-eaa7-38e3-8f3d-75a63bba8895","type":"workflow-completed","happened_at":"2026-01-01T00:00:00.000Z","webhook":{"id":"cf8c4fdd-0587-4da1-b4ca-4846e9640af9","name":"ci"},"workflow":{"status":"success"}}"#;
        assert_eq!(
            super::signature("circleci_signing_secret", body.as_bytes()),
            "v1=302bb29e15674b3289eb9c3b5ad65c2af646095c1b1b1728e03ab3d37a50fe1d"
        );
    }
}
