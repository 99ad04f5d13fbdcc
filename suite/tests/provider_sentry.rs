//! Sentry end to end, with a request signed as Sentry documents it
//! (Sentry-Hook-Signature), the vector computed independently with Python's `hmac`:
//!
//! ```text
//! hmac.new(b"sentry_client_secret", BODY, hashlib.sha256).hexdigest()
//! ```
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{send, sentry};
use webhook::{router, webhook};

const SECRET: &str = "sentry_client_secret";
const PATH: &str = "/webhooks/sentry";
const BODY: &str = r#"{"action":"created","installation":{"uuid":"a8e5d37a-696c-4c54-adb5-b3f28d64c7de"},"data":{"issue":{"id":"1170820242","title":"ZeroDivisionError"}},"actor":{"type":"application","id":"sentry","name":"Sentry"}}"#;
/// `Sentry-Hook-Signature` for [`BODY`] keyed with [`SECRET`], computed outside this crate.
const SIGNATURE: &str = "56fef7268fddeb7063ccc8af9874caf71326d0b3867646b348e1eaf7b824acd3";

/// What a handler saw.
type Seen = (String, Option<String>, serde_json::Value);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "sentry", event = "issue")]
async fn handle(event: webhook::sentry::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls
        .0
        .lock()
        .unwrap()
        .push((event.event, event.id, event.payload));
}

fn app(calls: &Calls) -> axum::Router {
    router![handle]
        .secret("sentry", "old-secret")
        .secret("sentry", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

/// A request as Sentry sends it, with `signature` as its signature header.
fn request(signature: Option<&str>, event: &str, body: &str) -> Request<Body> {
    let _ = event;
    let mut builder = Request::post(PATH)
        .header("content-type", "application/json")
        .header("sentry-hook-resource", event)
        .header("request-id", "e2b0a05e-7f0f-4d8b-9e6c-5c1b8d2f3a4b");
    if let Some(signature) = signature {
        builder = builder.header("sentry-hook-signature", signature);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn the_independent_vector_reaches_the_handler() {
    let calls = Calls::default();
    let response = send(&app(&calls), request(Some(SIGNATURE), "issue", BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let calls = calls.0.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    let (event, id, payload) = &calls[0];
    assert_eq!(event, "issue");
    assert_eq!(id, &Some("e2b0a05e-7f0f-4d8b-9e6c-5c1b8d2f3a4b".to_owned()));
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
        request(Some(SIGNATURE), "issue", &tampered),
        request(None, "issue", BODY),
        sentry::request(PATH, "wrong-secret", "issue", BODY),
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
async fn the_testing_helper_signs_as_sentry_does() {
    let calls = Calls::default();
    let response = send(&app(&calls), sentry::request(PATH, SECRET, "issue", BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.0.lock().unwrap().len(), 1);
    assert_eq!(sentry::signature(SECRET, BODY.as_bytes()), SIGNATURE);
}
