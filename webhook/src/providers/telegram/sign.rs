//! Sending updates exactly as Telegram does, for tests (see [`crate::testing`]).
//! Telegram signs nothing: it sends the `secret_token` given to `setWebhook`.

use axum::body::Body;
use bytes::Bytes;
use http::Request;

/// A `POST` to `path` carrying the update `body`, with `secret_token` in
/// `X-Telegram-Bot-Api-Secret-Token`.
pub fn request(path: &str, secret_token: &str, body: impl Into<Bytes>) -> Request<Body> {
    crate::testing::signed_request(
        path,
        &[(super::verify::HEADER, secret_token.to_owned())],
        body.into(),
    )
}
