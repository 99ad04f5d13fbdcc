//! Signing exactly as Jira Cloud does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

/// The `X-Atlassian-Webhook-Identifier` delivery id [`request`] sends.
pub const DELIVERY_ID: &str = "4c2e1d0a-3b5f-4f7e-8a9b-1c2d3e4f5a6b";

/// The `X-Hub-Signature` value Jira Cloud sends for `body`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    crate::declared::sign(&super::TEMPLATE, secret, None, None, body)
}

/// A `POST` to `path` carrying `body`, signed with `secret`, with the delivery id [`DELIVERY_ID`].
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[
            ("x-hub-signature", signature(secret, &body)),
            ("x-atlassian-webhook-identifier", DELIVERY_ID.to_owned()),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    /// Computed independently from the documented scheme (Python's `hmac`), the same
    /// vector `tests/provider_jira.rs` sends.
    #[test]
    fn reproduces_the_independent_vector() {
        let body = r#"{"timestamp":1700000000000,"webhookEvent":"jira:issue_created","issue_event_type_name":"issue_created","issue":{"id":"10002","key":"PROJ-2","fields":{"summary":"A bug"}}}"#;
        assert_eq!(
            super::signature("jira_admin_webhook_secret", body.as_bytes()),
            "sha256=992c422d3315a477989536b9fa7d4b505b521e2e9e41f6da3bffbf73b84963b6"
        );
    }
}
