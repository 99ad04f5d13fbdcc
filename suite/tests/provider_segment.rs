//! Segment end to end, with a request signed as Segment documents it
//! (X-Signature), the vector computed independently with Python's `hmac`:
//!
//! ```text
//! hmac.new(b"segment_shared_secret", BODY, hashlib.sha1).hexdigest()
//! ```
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{segment, send};
use webhook::{router, webhook};

const SECRET: &str = "segment_shared_secret";
const PATH: &str = "/webhooks/segment";
const BODY: &str = r#"{"type":"track","event":"Order Completed","messageId":"ajs-next-69a0c1b4","userId":"user_1","properties":{"revenue":42},"timestamp":"2026-01-01T00:00:00.000Z"}"#;
/// `X-Signature` for [`BODY`] keyed with [`SECRET`], computed outside this crate.
const SIGNATURE: &str = "595c68180d24ee8c1581fffd07a6fc35f180f1b4";

/// What a handler saw.
type Seen = (String, Option<String>, serde_json::Value);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "segment", event = "track")]
async fn handle(event: webhook::segment::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls
        .0
        .lock()
        .unwrap()
        .push((event.event, event.id, event.payload));
}

fn app(calls: &Calls) -> axum::Router {
    router![handle]
        .secret("segment", "old-secret")
        .secret("segment", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

/// A request as Segment sends it, with `signature` as its signature header.
fn request(signature: Option<&str>, event: &str, body: &str) -> Request<Body> {
    let _ = event;
    let mut builder = Request::post(PATH).header("content-type", "application/json");
    if let Some(signature) = signature {
        builder = builder.header("x-signature", signature);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn the_independent_vector_reaches_the_handler() {
    let calls = Calls::default();
    let response = send(&app(&calls), request(Some(SIGNATURE), "track", BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let calls = calls.0.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    let (event, id, payload) = &calls[0];
    assert_eq!(event, "track");
    assert_eq!(id, &Some("ajs-next-69a0c1b4".to_owned()));
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
        request(Some(SIGNATURE), "track", &tampered),
        request(None, "track", BODY),
        segment::request(PATH, "wrong-secret", BODY),
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
async fn the_testing_helper_signs_as_segment_does() {
    let calls = Calls::default();
    let response = send(&app(&calls), segment::request(PATH, SECRET, BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.0.lock().unwrap().len(), 1);
    assert_eq!(segment::signature(SECRET, BODY.as_bytes()), SIGNATURE);
}
