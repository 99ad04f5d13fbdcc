//! Signing exactly as Vercel does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

/// The `x-vercel-signature` value Vercel sends for `body`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    crate::declared::sign(&super::TEMPLATE, secret, None, None, body)
}

/// A `POST` to `path` carrying `body`, signed with `secret`.
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[
            ("x-vercel-signature", signature(secret, &body)),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    /// Computed independently from the documented scheme (Python's `hmac`), the same
    /// vector `tests/provider_vercel.rs` sends.
    #[test]
    fn reproduces_the_independent_vector() {
        let body = r#"{"id":"evt_4p0q8Lmn2","type":"deployment.succeeded","createdAt":1700000000000,"payload":{"deployment":{"id":"dpl_1","url":"app.vercel.app"}}}"#;
        assert_eq!(
            super::signature("vercel_webhook_secret", body.as_bytes()),
            "0160a09541b08dfd1e6ddc66fe1720b17887ffdb"
        );
    }
}
