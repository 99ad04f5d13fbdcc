//! Signing exactly as Gitea / Forgejo does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

/// The `X-Gitea-Delivery` delivery id [`request`] sends.
pub const DELIVERY_ID: &str = "f6266f16-1bf3-46a5-9ea4-602e06ead473";

/// The `X-Gitea-Signature` value Gitea / Forgejo sends for `body`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    crate::declared::sign(&super::TEMPLATE, secret, None, None, body)
}

/// A `POST` to `path` carrying `body` for the event `event` (the `X-Gitea-Event` header), signed with `secret`, with the delivery id [`DELIVERY_ID`].
pub fn request(path: &str, secret: &str, event: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[
            ("x-gitea-signature", signature(secret, &body)),
            ("x-gitea-event", event.to_owned()),
            ("x-gitea-delivery", DELIVERY_ID.to_owned()),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    /// Computed independently from the documented scheme (Python's `hmac`), the same
    /// vector `tests/provider_gitea.rs` sends.
    #[test]
    fn reproduces_the_independent_vector() {
        let body = r#"{"ref":"refs/heads/main","before":"0000000000000000000000000000000000000000","after":"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678","repository":{"full_name":"team/repo"},"pusher":{"login":"ada"}}"#;
        assert_eq!(
            super::signature("gitea_webhook_secret", body.as_bytes()),
            "88f9c47f0829eed48164b1de1f64189c17d62b736d7c19fcc881521c793afaa2"
        );
    }
}
