//! Signing exactly as Razorpay does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

/// The `x-razorpay-event-id` delivery id [`request`] sends.
pub const DELIVERY_ID: &str = "KtPxgtgRsk3CmR";

/// The `X-Razorpay-Signature` value Razorpay sends for `body`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    crate::declared::sign(&super::TEMPLATE, secret, None, None, body)
}

/// A `POST` to `path` carrying `body`, signed with `secret`, with the delivery id [`DELIVERY_ID`].
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[
            ("x-razorpay-signature", signature(secret, &body)),
            ("x-razorpay-event-id", DELIVERY_ID.to_owned()),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    /// Computed independently from the documented scheme (Python's `hmac`), the same
    /// vector `tests/provider_razorpay.rs` sends.
    #[test]
    fn reproduces_the_independent_vector() {
        let body = r#"{"entity":"event","account_id":"acc_BFQ7uQEaa7j2z7","event":"payment.captured","contains":["payment"],"payload":{"payment":{"entity":{"id":"pay_DESlfW9H8K9uqM","amount":100,"currency":"INR"}}},"created_at":1700000000}"#;
        assert_eq!(
            super::signature("razorpay_webhook_secret", body.as_bytes()),
            "0b201b822bd445243d97b9c884aa672b2b048f1f5466ef75c8a930501ba22ff0"
        );
    }
}
