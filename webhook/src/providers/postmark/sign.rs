//! Sending exactly as Postmark does, for tests (see [`crate::testing`]). Postmark signs
//! nothing: it sends the webhook URL's Basic credentials.

use axum::body::Body;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use bytes::Bytes;
use http::Request;

/// The `Authorization` value for the `user:password` credentials.
pub fn authorization(credentials: &str) -> String {
    format!("Basic {}", STANDARD.encode(credentials))
}

/// A `POST` to `path` carrying `body`, with `credentials` (`user:password`) as HTTP
/// Basic authorization.
pub fn request(path: &str, credentials: &str, body: impl Into<Bytes>) -> Request<Body> {
    crate::testing::signed_request(
        path,
        &[("authorization", authorization(credentials))],
        body.into(),
    )
}
