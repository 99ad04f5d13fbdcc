//! Signing exactly as Square does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

use super::verify::SIGNATURE;
use crate::verify::hmac_sha256;

/// An `x-square-hmacsha256-signature` value: base64 HMAC-SHA256 of
/// `notification_url + body`.
pub fn signature(signature_key: &str, notification_url: &str, body: &[u8]) -> String {
    let signed = [notification_url.as_bytes(), body];
    SIGNATURE.encode(&hmac_sha256(signature_key.as_bytes(), &signed))
}

/// A `POST` to `path` carrying `body`, signed with `signature_key` for the
/// notification URL `notification_url` (the public URL Square would call).
pub fn request(
    path: &str,
    signature_key: &str,
    notification_url: &str,
    body: impl Into<Bytes>,
) -> Request<Body> {
    let body = body.into();
    let signature = signature(signature_key, notification_url, &body);
    crate::testing::signed_request(path, &[("x-square-hmacsha256-signature", signature)], body)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reproduces_the_published_vectors() {
        let q1 = br#"{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}"#;
        assert_eq!(
            super::signature(
                "Ibxx_5AKakO-3qeNVR61Dw",
                "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9",
                q1
            ),
            "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4="
        );
        assert_eq!(
            super::signature(
                "signature-key",
                "https://webhook.site/webhooks",
                br#"{"data":{"type":"webhooks","id":">id<"}}"#
            ),
            "Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U="
        );
    }
}
