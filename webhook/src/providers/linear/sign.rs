//! Signing exactly as Linear does, for tests (see [`crate::testing`]).
//!
//! Linear signs the body only; the timestamp it checks is the body's own
//! `webhookTimestamp`, so a test body must carry a fresh one
//! (`testing::now() * 1000`).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

use super::verify::SIGNATURE;
use crate::verify::hmac_sha256;

/// The `Linear-Delivery` id [`request`] sends.
pub const DELIVERY_ID: &str = "234d1a4e-b617-4388-90fe-adc3633d6b72";

/// A `Linear-Signature` value for `body`: lowercase hex HMAC-SHA256, no prefix.
pub fn signature(secret: &str, body: &[u8]) -> String {
    SIGNATURE.encode(&hmac_sha256(secret.as_bytes(), &[body]))
}

/// A `POST` to `path` carrying `body`, signed with `secret`, with the delivery id
/// [`DELIVERY_ID`].
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[
            ("linear-signature", signature(secret, &body)),
            ("linear-delivery", DELIVERY_ID.to_owned()),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn reproduces_the_published_vector() {
        let body = br#"{"action":"create","type":"Issue","data":{"id":"x"},"webhookTimestamp":1700000000000}"#;
        assert_eq!(
            super::signature("lin_wh_test_secret", body),
            "dcf3d8d1b4e5129377b59e67febec44a9da58930956844db7c98075805831a74"
        );
    }
}
