//! Signing exactly as the Apps Script in the [module docs](super) does, for tests (see
//! [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

/// The `X-Forms-Delivery` id [`request`] sends (a form response id).
pub const DELIVERY_ID: &str = "2_ABaOnudX8jDbWnJdPmo1yLlKq0MQzdaa5eE0iC0nZc1rq3SkEoXuT9M9fQ";

/// The `X-Forms-Signature` value for `body`, sent as `delivery` at `timestamp` (unix
/// seconds).
pub fn signature(secret: &str, delivery: &str, timestamp: i64, body: &[u8]) -> String {
    let timestamp = timestamp.to_string();
    crate::declared::sign(
        &super::TEMPLATE,
        secret,
        Some(delivery),
        Some(&timestamp),
        body,
    )
}

/// A `POST` to `path` carrying `body`, signed now with `secret`, with the delivery id
/// [`DELIVERY_ID`].
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    let timestamp = crate::testing::now();
    crate::testing::signed_request(
        path,
        &[
            ("x-forms-delivery", DELIVERY_ID.to_owned()),
            ("x-forms-timestamp", timestamp.to_string()),
            (
                "x-forms-signature",
                signature(secret, DELIVERY_ID, timestamp, &body),
            ),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    /// Computed independently with Python's `hmac` from the scheme in the module docs.
    #[test]
    fn reproduces_the_independent_vector() {
        let body = br#"{"eventType":"RESPONSES","formId":"1FAIpQLSf","responseId":"2_ABaOnud","answers":[]}"#;
        assert_eq!(
            super::signature("forms_shared_secret", "2_ABaOnud", 1_700_000_000, body),
            VECTOR
        );
    }

    const VECTOR: &str = "sha256=6B/jd7RdJ5v5FG7VZ5aV+sqQk2qI0PrVD/3DD16rFwU=";
}
