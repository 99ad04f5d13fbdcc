//! PagerDuty end to end, with a request signed as PagerDuty documents it
//! (X-PagerDuty-Signature), the vector computed independently with Python's `hmac`:
//!
//! ```text
//! hmac.new(b"pagerduty_webhook_secret", BODY, hashlib.sha256).hexdigest()
//! ```
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{pagerduty, send};
use webhook::{router, webhook};

const SECRET: &str = "pagerduty_webhook_secret";
const PATH: &str = "/webhooks/pagerduty";
const BODY: &str = r#"{"event":{"id":"5ac64822-4adc-4fda-ade0-410becf0de4f","event_type":"incident.triggered","resource_type":"incident","occurred_at":"2026-01-01T00:00:00.000Z","data":{"id":"PGR0VU2","type":"incident","title":"A little bump in the road"}}}"#;
/// `X-PagerDuty-Signature` for [`BODY`] keyed with [`SECRET`], computed outside this crate.
const SIGNATURE: &str = "v1=4283c389bbd22167ac541c5ad9cf0cdb5dde2e9f7689ac3c6f66bf1713d09bb4";

/// What a handler saw.
type Seen = (String, Option<String>, serde_json::Value);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "pagerduty", event = "incident.triggered")]
async fn handle(event: webhook::pagerduty::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls
        .0
        .lock()
        .unwrap()
        .push((event.event, event.id, event.payload));
}

fn app(calls: &Calls) -> axum::Router {
    router![handle]
        .secret("pagerduty", "old-secret")
        .secret("pagerduty", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

/// A request as PagerDuty sends it, with `signature` as its signature header.
fn request(signature: Option<&str>, event: &str, body: &str) -> Request<Body> {
    let _ = event;
    let mut builder = Request::post(PATH).header("content-type", "application/json");
    if let Some(signature) = signature {
        builder = builder.header("x-pagerduty-signature", signature);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn the_independent_vector_reaches_the_handler() {
    let calls = Calls::default();
    let response = send(
        &app(&calls),
        request(Some(SIGNATURE), "incident.triggered", BODY),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let calls = calls.0.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    let (event, id, payload) = &calls[0];
    assert_eq!(event, "incident.triggered");
    assert_eq!(id, &Some("5ac64822-4adc-4fda-ade0-410becf0de4f".to_owned()));
    assert_eq!(
        payload,
        &serde_json::from_str::<serde_json::Value>(BODY).unwrap()
    );
}

#[tokio::test]
async fn tampered_body_wrong_secret_and_missing_signature_are_refused() {
    let calls = Calls::default();
    let app = app(&calls);
    let tampered = format!("{BODY} "); // one byte more
    for request in [
        request(Some(SIGNATURE), "incident.triggered", &tampered),
        request(None, "incident.triggered", BODY),
        pagerduty::request(PATH, "wrong-secret", BODY),
    ] {
        let response = send(&app, request).await;
        assert_eq!(
            response.status,
            StatusCode::UNAUTHORIZED,
            "{}",
            response.text()
        );
    }
    assert!(calls.0.lock().unwrap().is_empty());
}

#[tokio::test]
async fn the_testing_helper_signs_as_pagerduty_does() {
    let calls = Calls::default();
    let response = send(&app(&calls), pagerduty::request(PATH, SECRET, BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.0.lock().unwrap().len(), 1);
    assert_eq!(pagerduty::signature(SECRET, BODY.as_bytes()), SIGNATURE);
}
