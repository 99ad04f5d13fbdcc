//! Signing exactly as Typeform does, for tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

use super::verify::SIGNATURE;
use crate::verify::hmac_sha256;

/// A `Typeform-Signature` value for `body`: `sha256=` and the standard base64 of its
/// HMAC-SHA256.
pub fn signature(secret: &str, body: &[u8]) -> String {
    SIGNATURE.encode(&hmac_sha256(secret.as_bytes(), &[body]))
}

/// A `POST` to `path` carrying `body`, signed with `secret`.
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[("typeform-signature", signature(secret, &body))],
        body,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn reproduces_the_published_vector() {
        let body = br#"{"event_id":"01HXYZ","event_type":"form_response","form_response":{}}"#;
        assert_eq!(
            super::signature("typeform_secret", body),
            "sha256=XoVXy/TUV3dDJSB+CRbNbKihAjzR4Vek/GeCcVdUiMc="
        );
    }
}
