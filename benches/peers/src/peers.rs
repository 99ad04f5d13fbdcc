//! The peers, each used the way its documentation shows, on the same request, answering
//! like the floor: async-stripe's webhook crate (verify + its own parse), svix's and
//! standardwebhooks' verifiers followed by a typed parse, octocrab's webhook payloads
//! after an HMAC check written as in the floor.

use std::hint::black_box;
use std::sync::OnceLock;

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::{Request, StatusCode};
use octocrab::models::webhook_events::{WebhookEvent, WebhookEventPayload};
use stripe_webhook::{EventObject, Webhook};
use webhook::stripe;

use crate::app::{GITHUB_SECRET, STRIPE_SECRET};
use crate::floor;
use crate::ours::{handled, Message, STANDARD_SECRET};

/// async-stripe: `Webhook::construct_event` verifies and parses into its `EventObject`.
pub async fn async_stripe(request: Request<Body>) -> Response {
    let (parts, body) = match floor::read(request).await {
        Ok(read) => read,
        Err(answer) => return answer,
    };
    let Ok(payload) = std::str::from_utf8(&body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let signature = floor::header(&parts, "stripe-signature");
    let Ok(event) = Webhook::construct_event(payload, signature, STRIPE_SECRET) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match event.data.object {
        EventObject::InvoicePaid(invoice) => {
            black_box((&event.id, &invoice.id));
        }
        EventObject::CheckoutSessionCompleted(session) => {
            black_box((&event.id, &session.id));
        }
        _ => return (StatusCode::OK, "ignored").into_response(),
    };
    handled()
}

/// svix: `Webhook::verify` on the headers and body, then the typed parse.
pub async fn svix(request: Request<Body>) -> Response {
    static VERIFIER: OnceLock<svix::webhooks::Webhook> = OnceLock::new();
    let verifier =
        VERIFIER.get_or_init(|| svix::webhooks::Webhook::new(STANDARD_SECRET).expect("a secret"));
    let (parts, body) = match floor::read(request).await {
        Ok(read) => read,
        Err(answer) => return answer,
    };
    if verifier.verify(&body, &parts.headers).is_err() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    typed_message(&body)
}

/// standardwebhooks: `Webhook::verify`, then the typed parse.
pub async fn standardwebhooks(request: Request<Body>) -> Response {
    static VERIFIER: OnceLock<standardwebhooks::Webhook> = OnceLock::new();
    let verifier =
        VERIFIER.get_or_init(|| standardwebhooks::Webhook::new(STANDARD_SECRET).expect("a secret"));
    let (parts, body) = match floor::read(request).await {
        Ok(read) => read,
        Err(answer) => return answer,
    };
    if verifier.verify(&body, &parts.headers).is_err() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    typed_message(&body)
}

fn typed_message(body: &[u8]) -> Response {
    let Ok(message) = serde_json::from_slice::<Message<stripe::Invoice>>(body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    match message.event_type.as_str() {
        "invoice.paid" => black_box(&message.data.id),
        _ => return (StatusCode::OK, "ignored").into_response(),
    };
    handled()
}

/// octocrab: the HMAC checked as in the floor (octocrab has no verifier), then
/// `WebhookEvent::try_from_header_and_body`.
pub async fn octocrab(request: Request<Body>) -> Response {
    let (parts, body) = match floor::read(request).await {
        Ok(read) => read,
        Err(answer) => return answer,
    };
    let Some(signature) = floor::header(&parts, "x-hub-signature-256").strip_prefix("sha256=")
    else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if !floor::hmac_hex_matches(GITHUB_SECRET, &[&body], signature) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let event_name = floor::header(&parts, "x-github-event");
    let Ok(event) = WebhookEvent::try_from_header_and_body(event_name, &body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    match event.specific {
        WebhookEventPayload::PullRequest(pull_request) => black_box(pull_request.number),
        _ => return (StatusCode::OK, "ignored").into_response(),
    };
    handled()
}
