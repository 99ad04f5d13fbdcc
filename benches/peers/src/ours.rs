//! What the two extra payloads need on our side: the framework's handlers (a Stripe
//! `checkout.session.completed` and a Standard Webhooks message) and the hand-written
//! floor for them, written like `suite/benches/support/floor.rs`'s.

use std::hint::black_box;

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use hmac::{Hmac, Mac};
use http::{Request, StatusCode};
use serde::Deserialize;
use sha2::Sha256;
use webhook::{router, standard_webhooks, stripe, webhook, Webhooks};

use crate::app::STRIPE_SECRET;
use crate::floor;

/// The secret of the Standard Webhooks specification's own example.
pub const STANDARD_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// Seconds a Standard Webhooks timestamp may be off, as the specification recommends.
const TOLERANCE: i64 = 300;

#[webhook(provider = "stripe", event = "checkout.session.completed")]
async fn checkout_completed(event: stripe::Event<stripe::CheckoutSession>) {
    black_box(&event.data.object.id);
}

#[webhook(provider = "standard_webhooks", event = "invoice.paid")]
async fn message(event: standard_webhooks::Event<stripe::Invoice>) {
    black_box(&event.data.id);
}

/// The framework's router for the two extra payloads.
pub fn webhooks() -> Webhooks<()> {
    router![checkout_completed, message]
        .secret("stripe", STRIPE_SECRET)
        .secret("standard_webhooks", STANDARD_SECRET)
}

#[derive(Deserialize)]
struct StripeEvent<T> {
    id: String,
    #[serde(rename = "type")]
    event_type: String,
    data: StripeData<T>,
}

#[derive(Deserialize)]
struct StripeData<T> {
    object: T,
}

/// A Standard Webhooks message: its type and its data, parsed in one pass.
#[derive(Deserialize)]
pub struct Message<T> {
    #[serde(rename = "type")]
    pub event_type: String,
    pub data: T,
}

/// The floor for `checkout.session.completed`: the Stripe floor with its object type.
pub async fn checkout_floor(request: Request<Body>) -> Response {
    let (parts, body) = match floor::read(request).await {
        Ok(read) => read,
        Err(answer) => return answer,
    };
    let mut t = None;
    let mut v1 = None;
    for item in floor::header(&parts, "stripe-signature").split(',') {
        match item.split_once('=') {
            Some(("t", value)) => t = Some(value),
            Some(("v1", value)) if v1.is_none() => v1 = Some(value),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if !floor::hmac_hex_matches(STRIPE_SECRET, &[t.as_bytes(), b".", &body], v1) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let Ok(event) = serde_json::from_slice::<StripeEvent<stripe::CheckoutSession>>(&body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    match event.event_type.as_str() {
        "checkout.session.completed" => black_box((&event.id, &event.data.object.id)),
        _ => return (StatusCode::OK, "ignored").into_response(),
    };
    handled()
}

/// The floor for a Standard Webhooks message: the `v1` HMAC of `id.timestamp.body`
/// with the decoded `whsec_` key, the timestamp's tolerance, one parse.
pub async fn standard_floor(request: Request<Body>) -> Response {
    let (parts, body) = match floor::read(request).await {
        Ok(read) => read,
        Err(answer) => return answer,
    };
    let id = floor::header(&parts, "webhook-id");
    let timestamp = floor::header(&parts, "webhook-timestamp");
    let Ok(sent) = timestamp.parse::<i64>() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if (webhook::testing::now() - sent).abs() > TOLERANCE {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let key = standard_key();
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    for piece in [id.as_bytes(), b".", timestamp.as_bytes(), b".", &body] {
        mac.update(piece);
    }
    let engine = base64::engine::general_purpose::STANDARD;
    let matched = floor::header(&parts, "webhook-signature")
        .split(' ')
        .filter_map(|item| item.strip_prefix("v1,"))
        .filter_map(|signature| engine.decode(signature).ok())
        .any(|signature| mac.clone().verify_slice(&signature).is_ok());
    if !matched {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let Ok(message) = serde_json::from_slice::<Message<stripe::Invoice>>(&body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    match message.event_type.as_str() {
        "invoice.paid" => black_box((id, &message.data.id)),
        _ => return (StatusCode::OK, "ignored").into_response(),
    };
    handled()
}

/// The `whsec_` secret's key bytes, decoded once (a careful hand-written receiver keeps them).
fn standard_key() -> &'static [u8] {
    static KEY: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        let encoded = STANDARD_SECRET.trim_start_matches("whsec_");
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .expect("the specification's secret is base64")
    })
}

/// The answer every variant gives a handled delivery.
pub fn handled() -> Response {
    (
        StatusCode::OK,
        [("content-type", "application/json")],
        r#"{"status":"handled"}"#,
    )
        .into_response()
}
