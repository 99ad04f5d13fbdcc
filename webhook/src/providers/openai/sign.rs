//! Signing exactly as OpenAI does (Standard Webhooks, with `webhook-*` headers), for
//! tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

pub use crate::providers::standard_webhooks::sign::{signature, MESSAGE_ID};

/// A `POST` to `path` carrying `body`, signed now with the `whsec_…` `secret`, with the
/// `webhook-id` [`MESSAGE_ID`], as OpenAI sends it.
///
/// # Panics
///
/// When `secret` is not `whsec_` followed by base64: a test helper.
pub fn request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    let timestamp = crate::testing::now();
    crate::testing::signed_request(
        path,
        &[
            ("webhook-id", MESSAGE_ID.to_owned()),
            ("webhook-timestamp", timestamp.to_string()),
            (
                "webhook-signature",
                signature(secret, MESSAGE_ID, timestamp, &body),
            ),
        ],
        body,
    )
}
