//! The hand-written floor: what a careful engineer would write for one provider with
//! no framework — read the body, check the HMAC (same crates), parse the whole event
//! into the same types in one pass, `match` on its name, call the handler.

use std::hint::black_box;

use axum::body::{Body, Bytes};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use http::request::Parts;
use http::{Request, StatusCode};
use serde::Deserialize;
use sha2::Sha256;
use webhook::{github, stripe};

use crate::app::{GITHUB_SECRET, SLACK_SECRET, STRIPE_SECRET};
use crate::payloads::AppMention;

/// Seconds a Slack request may be off, as Slack's own guidance says.
const SLACK_TOLERANCE: i64 = 300;

#[derive(Deserialize)]
struct StripeEvent<T> {
    id: String,
    #[serde(rename = "type")]
    event_type: String,
    #[allow(dead_code)]
    created: i64,
    #[allow(dead_code)]
    livemode: bool,
    #[allow(dead_code)]
    api_version: Option<String>,
    data: StripeData<T>,
}

#[derive(Deserialize)]
struct StripeData<T> {
    object: T,
    #[allow(dead_code)]
    previous_attributes: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct SlackCallback<T> {
    #[serde(rename = "type")]
    envelope_type: String,
    #[allow(dead_code)]
    team_id: Option<String>,
    #[allow(dead_code)]
    api_app_id: Option<String>,
    event_id: Option<String>,
    #[allow(dead_code)]
    event_time: Option<i64>,
    event: T,
}

/// The request's head and whole body (at most 1 MiB), or the answer to give instead.
pub async fn read(request: Request<Body>) -> Result<(Parts, Bytes), Response> {
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, 1024 * 1024).await {
        Ok(body) => Ok((parts, body)),
        Err(_) => Err(StatusCode::PAYLOAD_TOO_LARGE.into_response()),
    }
}

/// A header's value as text; empty when it is missing or not text.
pub fn header<'a>(parts: &'a Parts, name: &str) -> &'a str {
    parts
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

pub async fn handle(endpoint: &str, request: Request<Body>) -> Response {
    let (parts, body) = match read(request).await {
        Ok(read) => read,
        Err(answer) => return answer,
    };
    let header = |name: &str| header(&parts, name);
    match endpoint {
        "stripe" => {
            let signature = header("stripe-signature");
            let Some((t, v1)) = stripe_parts(signature) else {
                return StatusCode::UNAUTHORIZED.into_response();
            };
            if !hmac_hex_matches(STRIPE_SECRET, &[t.as_bytes(), b".", &body], v1) {
                return StatusCode::UNAUTHORIZED.into_response();
            }
            let Ok(event) = serde_json::from_slice::<StripeEvent<stripe::Invoice>>(&body) else {
                return StatusCode::BAD_REQUEST.into_response();
            };
            match event.event_type.as_str() {
                "invoice.paid" => black_box((&event.id, &event.data.object.id)),
                _ => return (StatusCode::OK, "ignored").into_response(),
            };
        }
        "slack" => {
            let timestamp = header("x-slack-request-timestamp");
            let Ok(sent) = timestamp.parse::<i64>() else {
                return StatusCode::UNAUTHORIZED.into_response();
            };
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_secs() as i64);
            if (now - sent).abs() > SLACK_TOLERANCE {
                return StatusCode::UNAUTHORIZED.into_response();
            }
            let Some(hex_signature) = header("x-slack-signature").strip_prefix("v0=") else {
                return StatusCode::UNAUTHORIZED.into_response();
            };
            let signed: [&[u8]; 4] = [b"v0:", timestamp.as_bytes(), b":", &body];
            if !hmac_hex_matches(SLACK_SECRET, &signed, hex_signature) {
                return StatusCode::UNAUTHORIZED.into_response();
            }
            let Ok(callback) = serde_json::from_slice::<SlackCallback<AppMention>>(&body) else {
                return StatusCode::BAD_REQUEST.into_response();
            };
            match (
                callback.envelope_type.as_str(),
                callback.event.event_type.as_str(),
            ) {
                ("event_callback", "app_mention") => {
                    black_box((&callback.event_id, &callback.event.text))
                }
                _ => return (StatusCode::OK, "ignored").into_response(),
            };
        }
        _ => {
            let Some(hex_signature) = header("x-hub-signature-256").strip_prefix("sha256=") else {
                return StatusCode::UNAUTHORIZED.into_response();
            };
            if !hmac_hex_matches(GITHUB_SECRET, &[&body], hex_signature) {
                return StatusCode::UNAUTHORIZED.into_response();
            }
            let Ok(event) = serde_json::from_slice::<github::PullRequestEvent>(&body) else {
                return StatusCode::BAD_REQUEST.into_response();
            };
            match (header("x-github-event"), event.action.as_deref()) {
                ("pull_request", Some("opened")) => black_box(&event.number),
                _ => return (StatusCode::OK, "ignored").into_response(),
            };
        }
    }
    (
        StatusCode::OK,
        [("content-type", "application/json")],
        r#"{"status":"handled"}"#,
    )
        .into_response()
}

/// Whether `hex_signature` is the HMAC-SHA256 of `signed` (in pieces) under `secret`,
/// compared in constant time.
pub fn hmac_hex_matches(secret: &str, signed: &[&[u8]], hex_signature: &str) -> bool {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    for piece in signed {
        mac.update(piece);
    }
    hex::decode(hex_signature).is_ok_and(|expected| mac.verify_slice(&expected).is_ok())
}

fn stripe_parts(header: &str) -> Option<(&str, &str)> {
    let mut t = None;
    let mut v1 = None;
    for item in header.split(',') {
        match item.split_once('=') {
            Some(("t", value)) => t = Some(value),
            Some(("v1", value)) if v1.is_none() => v1 = Some(value),
            _ => {}
        }
    }
    Some((t?, v1?))
}
