//! Cal.com end to end, with a request signed as Cal.com documents it
//! (X-Cal-Signature-256), the vector computed independently with Python's `hmac`:
//!
//! ```text
//! hmac.new(b"cal_com_secret", BODY, hashlib.sha256).hexdigest()
//! ```
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{cal_com, send};
use webhook::{router, webhook};

const SECRET: &str = "cal_com_secret";
const PATH: &str = "/webhooks/cal_com";
const BODY: &str = r#"{"triggerEvent":"BOOKING_CREATED","createdAt":"2026-01-01T00:00:00.000Z","payload":{"type":"30min","title":"30 min between Ada and Grace","uid":"bFJeNb2uX8ANpT3JL5EfXw","startTime":"2026-01-02T10:00:00Z"}}"#;
/// `X-Cal-Signature-256` for [`BODY`] keyed with [`SECRET`], computed outside this crate.
const SIGNATURE: &str = "ae672b3d0186164d2016a0b37c7d2dcb9825f2e1c1c4d3c2e526077c42367a3e";

/// What a handler saw.
type Seen = (String, Option<String>, serde_json::Value);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "cal_com", event = "BOOKING_CREATED")]
async fn handle(event: webhook::cal_com::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls
        .0
        .lock()
        .unwrap()
        .push((event.event, event.id, event.payload));
}

fn app(calls: &Calls) -> axum::Router {
    router![handle]
        .secret("cal_com", "old-secret")
        .secret("cal_com", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

/// A request as Cal.com sends it, with `signature` as its signature header.
fn request(signature: Option<&str>, event: &str, body: &str) -> Request<Body> {
    let _ = event;
    let mut builder = Request::post(PATH).header("content-type", "application/json");
    if let Some(signature) = signature {
        builder = builder.header("x-cal-signature-256", signature);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn the_independent_vector_reaches_the_handler() {
    let calls = Calls::default();
    let response = send(
        &app(&calls),
        request(Some(SIGNATURE), "BOOKING_CREATED", BODY),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let calls = calls.0.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    let (event, id, payload) = &calls[0];
    assert_eq!(event, "BOOKING_CREATED");
    assert_eq!(id, &None);
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
        request(Some(SIGNATURE), "BOOKING_CREATED", &tampered),
        request(None, "BOOKING_CREATED", BODY),
        cal_com::request(PATH, "wrong-secret", BODY),
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
async fn the_testing_helper_signs_as_cal_com_does() {
    let calls = Calls::default();
    let response = send(&app(&calls), cal_com::request(PATH, SECRET, BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.0.lock().unwrap().len(), 1);
    assert_eq!(cal_com::signature(SECRET, BODY.as_bytes()), SIGNATURE);
}
