//! Signing exactly as Meta does, and its subscription check, for tests (see
//! [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

use super::verify::SIGNATURE;
use crate::verify::hmac_sha256;

/// An `X-Hub-Signature-256` value for `body`: `sha256=` and the lowercase hex
/// HMAC-SHA256 keyed with the app secret.
pub fn signature(app_secret: &str, body: &[u8]) -> String {
    let digest = hmac_sha256(app_secret.as_bytes(), &[body]);
    format!("{}{}", SIGNATURE.prefix, hex::encode(digest))
}

/// A `POST` to `path` carrying `body`, signed with `app_secret`.
pub fn request(path: &str, app_secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    crate::testing::signed_request(
        path,
        &[("x-hub-signature-256", signature(app_secret, &body))],
        body,
    )
}

/// Meta's subscription check: a `GET` to `path` with `hub.mode=subscribe`,
/// `hub.verify_token` and `hub.challenge`.
///
/// # Panics
///
/// When `path` is not a valid URI: a test helper.
pub fn subscription_check(path: &str, verify_token: &str, challenge: &str) -> Request<Body> {
    let query = serde_urlencoded::to_string([
        ("hub.mode", "subscribe"),
        ("hub.verify_token", verify_token),
        ("hub.challenge", challenge),
    ])
    .expect("strings encode");
    Request::get(format!("{path}?{query}"))
        .body(Body::empty())
        .expect("a valid path")
}
