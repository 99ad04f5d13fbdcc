//! Helpers for your own tests: sign a body exactly as each provider does, and send a
//! request through a router in-process.
//!
//! ```
//! use webhook::{router, stripe, testing, webhook};
//!
//! #[webhook(provider = "stripe", event = "invoice.paid")]
//! async fn invoice_paid(event: stripe::Event<serde_json::Value>) {
//!     assert_eq!(event.event_type, "invoice.paid");
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let app: axum::Router = router![invoice_paid].secret("stripe", "whsec_test").into_router().unwrap();
//! let body = r#"{"id":"evt_1","object":"event","type":"invoice.paid","created":1,"livemode":false,"data":{"object":{}}}"#;
//! let response = testing::send(&app, testing::stripe_request("/webhooks/stripe", "whsec_test", body)).await;
//! assert_eq!(response.status, 200);
//! # }
//! ```

use axum::body::Body;
use bytes::Bytes;
use http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::verify::unix_seconds;

/// The current time as unix seconds.
pub fn now() -> i64 {
    unix_seconds(std::time::SystemTime::now())
}

/// A `Stripe-Signature` header value for `body` signed at `timestamp`, with one `v1`
/// per secret (as Stripe sends during a secret roll).
#[cfg(feature = "stripe")]
pub fn stripe_signature(secrets: &[&str], timestamp: i64, body: &[u8]) -> String {
    crate::providers::stripe::sign::signature_header(secrets, timestamp, body)
}

/// An `X-Hub-Signature-256` header value for `body`.
#[cfg(feature = "github")]
pub fn github_signature(secret: &str, body: &[u8]) -> String {
    crate::providers::github::sign::signature_header(secret, body)
}

/// A `POST` to `path` carrying `body`, signed now with `secret` as Stripe does.
#[cfg(feature = "stripe")]
pub fn stripe_request(path: &str, secret: &str, body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    let signature = stripe_signature(&[secret], now(), &body);
    signed_request(path, &[("stripe-signature", signature)], body)
}

/// A `POST` to `path` carrying `body` for the GitHub event `event` (the
/// `X-GitHub-Event` header), signed with `secret`, with a fixed delivery id.
#[cfg(feature = "github")]
pub fn github_request(
    path: &str,
    secret: &str,
    event: &str,
    body: impl Into<Bytes>,
) -> Request<Body> {
    let body = body.into();
    let signature = github_signature(secret, &body);
    signed_request(
        path,
        &[
            ("x-hub-signature-256", signature),
            ("x-github-event", event.to_owned()),
            (
                "x-github-delivery",
                "72d3162e-cc78-11e3-81ab-4c9367dc0958".to_owned(),
            ),
        ],
        body,
    )
}

/// A JSON `POST` to `path` with the given extra headers.
///
/// # Panics
///
/// When `path` is not a valid URI or a header is not a valid header; this is a test
/// helper, and such a request could not be sent anyway.
pub fn signed_request(path: &str, headers: &[(&str, String)], body: Bytes) -> Request<Body> {
    let mut builder = Request::post(path).header(http::header::CONTENT_TYPE, "application/json");
    for (name, value) in headers {
        builder = builder.header(*name, value.as_str());
    }
    builder
        .body(Body::from(body))
        .expect("a valid path and valid header values")
}

/// What a router answered.
#[derive(Debug, Clone)]
pub struct TestResponse {
    /// The status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
}

impl TestResponse {
    /// The body parsed as JSON (`Value::Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `request` through `router` in-process and collects the whole response.
pub async fn send(router: &axum::Router, request: Request<Body>) -> TestResponse {
    let response = match router.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let (parts, body) = response.into_parts();
    let body = body
        .collect()
        .await
        .map(|collected| collected.to_bytes())
        .unwrap_or_default();
    TestResponse {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}
