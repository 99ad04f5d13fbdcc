//! CircleCI end to end, with a request signed as CircleCI documents it
//! (circleci-signature), the vector computed independently with Python's `hmac`:
//!
//! ```text
//! hmac.new(b"circleci_signing_secret", BODY, hashlib.sha256).hexdigest()
//! ```
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{circleci, send};
use webhook::{router, webhook};

const SECRET: &str = "circleci_signing_secret";
const PATH: &str = "/webhooks/circleci";
const BODY: &str = r#"{"id":"3888f21b-eaa7-38e3-8f3d-75a63bba8895","type":"workflow-completed","happened_at":"2026-01-01T00:00:00.000Z","webhook":{"id":"cf8c4fdd-0587-4da1-b4ca-4846e9640af9","name":"ci"},"workflow":{"status":"success"}}"#;
/// `circleci-signature` for [`BODY`] keyed with [`SECRET`], computed outside this crate.
const SIGNATURE: &str = "v1=302bb29e15674b3289eb9c3b5ad65c2af646095c1b1b1728e03ab3d37a50fe1d";

/// What a handler saw.
type Seen = (String, Option<String>, serde_json::Value);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "circleci", event = "workflow-completed")]
async fn handle(event: webhook::circleci::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls
        .0
        .lock()
        .unwrap()
        .push((event.event, event.id, event.payload));
}

fn app(calls: &Calls) -> axum::Router {
    router![handle]
        .secret("circleci", "old-secret")
        .secret("circleci", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

/// A request as CircleCI sends it, with `signature` as its signature header.
fn request(signature: Option<&str>, event: &str, body: &str) -> Request<Body> {
    let _ = event;
    let mut builder = Request::post(PATH).header("content-type", "application/json");
    if let Some(signature) = signature {
        builder = builder.header("circleci-signature", signature);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn the_independent_vector_reaches_the_handler() {
    let calls = Calls::default();
    let response = send(
        &app(&calls),
        request(Some(SIGNATURE), "workflow-completed", BODY),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let calls = calls.0.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    let (event, id, payload) = &calls[0];
    assert_eq!(event, "workflow-completed");
    assert_eq!(id, &Some("3888f21b-eaa7-38e3-8f3d-75a63bba8895".to_owned()));
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
        request(Some(SIGNATURE), "workflow-completed", &tampered),
        request(None, "workflow-completed", BODY),
        circleci::request(PATH, "wrong-secret", BODY),
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
async fn the_testing_helper_signs_as_circleci_does() {
    let calls = Calls::default();
    let response = send(&app(&calls), circleci::request(PATH, SECRET, BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.0.lock().unwrap().len(), 1);
    assert_eq!(circleci::signature(SECRET, BODY.as_bytes()), SIGNATURE);
}
