//! Signing exactly as Shopify does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

use super::verify::SIGNATURE;
use crate::verify::hmac_sha256;

/// The `X-Shopify-Webhook-Id` [`request`] sends.
pub const WEBHOOK_ID: &str = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043";
/// The `X-Shopify-Shop-Domain` [`request`] sends.
pub const SHOP_DOMAIN: &str = "example.myshopify.com";
/// The `X-Shopify-API-Version` [`request`] sends.
pub const API_VERSION: &str = "2025-01";

/// An `X-Shopify-Hmac-Sha256` value for `body`: standard base64 of its HMAC-SHA256.
pub fn signature(secret: &str, body: &[u8]) -> String {
    SIGNATURE.encode(&hmac_sha256(secret.as_bytes(), &[body]))
}

/// A `POST` to `path` of the webhook `topic` (e.g. `orders/create`) carrying `body`,
/// signed with `secret`, with the headers Shopify's library requires ([`WEBHOOK_ID`],
/// [`SHOP_DOMAIN`], [`API_VERSION`]).
pub fn request(path: &str, secret: &str, topic: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[
            ("x-shopify-hmac-sha256", signature(secret, &body)),
            ("x-shopify-topic", topic.to_owned()),
            ("x-shopify-shop-domain", SHOP_DOMAIN.to_owned()),
            ("x-shopify-api-version", API_VERSION.to_owned()),
            ("x-shopify-webhook-id", WEBHOOK_ID.to_owned()),
            (
                "x-shopify-triggered-at",
                "2025-01-01T00:00:00.000Z".to_owned(),
            ),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn reproduces_the_published_vector() {
        let body = br#"{"id":820982911946154508,"email":"jon@example.com"}"#;
        assert_eq!(
            super::signature("shpss_test_secret", body),
            "LnwdZPLBbdjkBwPD/lDL1/rYEGby/GHPtL1aAH6Dxjc="
        );
    }
}
