//! Signing exactly as Clerk does (Standard Webhooks, with `svix-*` headers), for
//! tests (see [`crate::testing`]).

use axum::body::Body;
use bytes::Bytes;
use http::Request;

pub use crate::providers::standard_webhooks::sign::{signature, MESSAGE_ID};

/// A `POST` to `path` carrying `body`, signed now with the `whsec_…` `secret`, with the
/// `svix-id` [`MESSAGE_ID`], as Clerk sends it.
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
            ("svix-id", MESSAGE_ID.to_owned()),
            ("svix-timestamp", timestamp.to_string()),
            (
                "svix-signature",
                signature(secret, MESSAGE_ID, timestamp, &body),
            ),
        ],
        body,
    )
}
