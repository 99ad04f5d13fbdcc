//! Signing exactly as Intercom does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

/// The `X-Hub-Signature` value Intercom sends for `body`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    crate::declared::sign(&super::TEMPLATE, secret, None, None, body)
}

/// A `POST` to `path` carrying `body`, signed with `secret`.
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[
            ("x-hub-signature", signature(secret, &body)),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    /// Computed independently from the documented scheme (Python's `hmac`), the same
    /// vector `tests/provider_intercom.rs` sends.
    #[test]
    fn reproduces_the_independent_vector() {
        let body = r#"{"type":"notification_event","app_id":"abc123","id":"notif_ccd8a4d2","topic":"conversation.user.created","delivery_attempts":1,"created_at":1700000000,"data":{"type":"notification_event_data","item":{"type":"conversation","id":"147"}}}"#;
        assert_eq!(
            super::signature("intercom_client_secret", body.as_bytes()),
            "sha1=76f4f3b6a64964c38e22a4d20cd0c766eabed56e"
        );
    }
}
