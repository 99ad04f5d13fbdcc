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

/// Signing exactly as Discord interactions does: `pub fn`s of `providers/discord/sign.rs`.
#[cfg(feature = "discord")]
pub mod discord {
    pub use crate::providers::discord::sign::*;
}

/// Signing exactly as Discord webhook events does: `pub fn`s of `providers/discord_events/sign.rs`.
#[cfg(feature = "discord")]
pub mod discord_events {
    pub use crate::providers::discord_events::sign::*;
}

/// Signing exactly as GitLab does: `pub fn`s of `providers/gitlab/sign.rs`.
#[cfg(feature = "gitlab")]
pub mod gitlab {
    pub use crate::providers::gitlab::sign::*;
}

/// Signing exactly as Linear does: `pub fn`s of `providers/linear/sign.rs`.
#[cfg(feature = "linear")]
pub mod linear {
    pub use crate::providers::linear::sign::*;
}

/// Signing exactly as Mailgun does: `pub fn`s of `providers/mailgun/sign.rs`.
#[cfg(feature = "mailgun")]
pub mod mailgun {
    pub use crate::providers::mailgun::sign::*;
}

/// Signing exactly as Paddle Billing does: `pub fn`s of `providers/paddle/sign.rs`.
#[cfg(feature = "paddle")]
pub mod paddle {
    pub use crate::providers::paddle::sign::*;
}

/// Signing exactly as SendGrid does: `pub fn`s of `providers/sendgrid/sign.rs`.
#[cfg(feature = "sendgrid")]
pub mod sendgrid {
    pub use crate::providers::sendgrid::sign::*;
}

/// Signing exactly as Shopify does: `pub fn`s of `providers/shopify/sign.rs`.
#[cfg(feature = "shopify")]
pub mod shopify {
    pub use crate::providers::shopify::sign::*;
}

/// Signing exactly as Slack does: `pub fn`s of `providers/slack/sign.rs`.
#[cfg(feature = "slack")]
pub mod slack {
    pub use crate::providers::slack::sign::*;
}

/// Signing exactly as Square does: `pub fn`s of `providers/square/sign.rs`.
#[cfg(feature = "square")]
pub mod square {
    pub use crate::providers::square::sign::*;
}

/// Signing exactly as Standard Webhooks does: `pub fn`s of `providers/standard_webhooks/sign.rs`.
#[cfg(feature = "standard-webhooks")]
pub mod standard_webhooks {
    pub use crate::providers::standard_webhooks::sign::*;
}

/// Signing exactly as Twilio does: `pub fn`s of `providers/twilio/sign.rs`.
#[cfg(feature = "twilio")]
pub mod twilio {
    pub use crate::providers::twilio::sign::*;
}

/// Signing exactly as Twitch EventSub does: `pub fn`s of `providers/twitch/sign.rs`.
#[cfg(feature = "twitch")]
pub mod twitch {
    pub use crate::providers::twitch::sign::*;
}

/// Signing exactly as Typeform does: `pub fn`s of `providers/typeform/sign.rs`.
#[cfg(feature = "typeform")]
pub mod typeform {
    pub use crate::providers::typeform::sign::*;
}

/// Signing exactly as Zoom does: `pub fn`s of `providers/zoom/sign.rs`.
#[cfg(feature = "zoom")]
pub mod zoom {
    pub use crate::providers::zoom::sign::*;
}

/// Signing exactly as Meta does: `pub fn`s of `providers/meta/sign.rs`.
#[cfg(feature = "meta")]
pub mod meta {
    pub use crate::providers::meta::sign::*;
}

/// Signing exactly as Google Forms (the Apps Script sender in its docs) does: `pub fn`s of `providers/google_forms/sign.rs`.
#[cfg(feature = "google-forms")]
pub mod google_forms {
    pub use crate::providers::google_forms::sign::*;
}

/// Signing exactly as Intercom does: `pub fn`s of `providers/intercom/sign.rs`.
#[cfg(feature = "intercom")]
pub mod intercom {
    pub use crate::providers::intercom::sign::*;
}

/// Signing exactly as Bitbucket Cloud does: `pub fn`s of `providers/bitbucket/sign.rs`.
#[cfg(feature = "bitbucket")]
pub mod bitbucket {
    pub use crate::providers::bitbucket::sign::*;
}

/// Signing exactly as Sentry does: `pub fn`s of `providers/sentry/sign.rs`.
#[cfg(feature = "sentry")]
pub mod sentry {
    pub use crate::providers::sentry::sign::*;
}

/// Signing exactly as Vercel does: `pub fn`s of `providers/vercel/sign.rs`.
#[cfg(feature = "vercel")]
pub mod vercel {
    pub use crate::providers::vercel::sign::*;
}

/// Signing exactly as Lemon Squeezy does: `pub fn`s of `providers/lemon_squeezy/sign.rs`.
#[cfg(feature = "lemon-squeezy")]
pub mod lemon_squeezy {
    pub use crate::providers::lemon_squeezy::sign::*;
}

/// Signing exactly as Razorpay does: `pub fn`s of `providers/razorpay/sign.rs`.
#[cfg(feature = "razorpay")]
pub mod razorpay {
    pub use crate::providers::razorpay::sign::*;
}

/// Signing exactly as Coinbase Commerce does: `pub fn`s of `providers/coinbase_commerce/sign.rs`.
#[cfg(feature = "coinbase-commerce")]
pub mod coinbase_commerce {
    pub use crate::providers::coinbase_commerce::sign::*;
}

/// Signing exactly as Segment does: `pub fn`s of `providers/segment/sign.rs`.
#[cfg(feature = "segment")]
pub mod segment {
    pub use crate::providers::segment::sign::*;
}

/// Signing exactly as Jira Cloud does: `pub fn`s of `providers/jira/sign.rs`.
#[cfg(feature = "jira")]
pub mod jira {
    pub use crate::providers::jira::sign::*;
}

/// Signing exactly as Gitea does: `pub fn`s of `providers/gitea/sign.rs`.
#[cfg(feature = "gitea")]
pub mod gitea {
    pub use crate::providers::gitea::sign::*;
}

/// Signing exactly as Cal.com does: `pub fn`s of `providers/cal_com/sign.rs`.
#[cfg(feature = "cal-com")]
pub mod cal_com {
    pub use crate::providers::cal_com::sign::*;
}

/// Signing exactly as CircleCI does: `pub fn`s of `providers/circleci/sign.rs`.
#[cfg(feature = "circleci")]
pub mod circleci {
    pub use crate::providers::circleci::sign::*;
}

/// Signing exactly as PagerDuty does: `pub fn`s of `providers/pagerduty/sign.rs`.
#[cfg(feature = "pagerduty")]
pub mod pagerduty {
    pub use crate::providers::pagerduty::sign::*;
}

/// Signing exactly as Clerk does: `pub fn`s of `providers/clerk/sign.rs`.
#[cfg(feature = "clerk")]
pub mod clerk {
    pub use crate::providers::clerk::sign::*;
}

/// Signing exactly as Resend does: `pub fn`s of `providers/resend/sign.rs`.
#[cfg(feature = "resend")]
pub mod resend {
    pub use crate::providers::resend::sign::*;
}

/// Signing exactly as OpenAI does: `pub fn`s of `providers/openai/sign.rs`.
#[cfg(feature = "openai")]
pub mod openai {
    pub use crate::providers::openai::sign::*;
}

/// Signing exactly as Mux does: `pub fn`s of `providers/mux/sign.rs`.
#[cfg(feature = "mux")]
pub mod mux {
    pub use crate::providers::mux::sign::*;
}

/// Signing exactly as Calendly does: `pub fn`s of `providers/calendly/sign.rs`.
#[cfg(feature = "calendly")]
pub mod calendly {
    pub use crate::providers::calendly::sign::*;
}

/// Signing exactly as Telegram does: `pub fn`s of `providers/telegram/sign.rs`.
#[cfg(feature = "telegram")]
pub mod telegram {
    pub use crate::providers::telegram::sign::*;
}

/// Signing exactly as Postmark does: `pub fn`s of `providers/postmark/sign.rs`.
#[cfg(feature = "postmark")]
pub mod postmark {
    pub use crate::providers::postmark::sign::*;
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
