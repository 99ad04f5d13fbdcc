//! Lemon Squeezy end to end, with a request signed as Lemon Squeezy documents it
//! (X-Signature), the vector computed independently with Python's `hmac`:
//!
//! ```text
//! hmac.new(b"lemon_signing_secret", BODY, hashlib.sha256).hexdigest()
//! ```
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{lemon_squeezy, send};
use webhook::{router, webhook};

const SECRET: &str = "lemon_signing_secret";
const PATH: &str = "/webhooks/lemon_squeezy";
const BODY: &str = r#"{"meta":{"event_name":"order_created","custom_data":{"user_id":"42"}},"data":{"type":"orders","id":"1","attributes":{"status":"paid","total":999}}}"#;
/// `X-Signature` for [`BODY`] keyed with [`SECRET`], computed outside this crate.
const SIGNATURE: &str = "ce83644398834de149415f55ad93eacfd07cf12cf318bf66af0c0ca1a3c72587";

/// What a handler saw.
type Seen = (String, Option<String>, serde_json::Value);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "lemon_squeezy", event = "order_created")]
async fn handle(
    event: webhook::lemon_squeezy::Event<serde_json::Value>,
    State(calls): State<Calls>,
) {
    calls
        .0
        .lock()
        .unwrap()
        .push((event.event, event.id, event.payload));
}

fn app(calls: &Calls) -> axum::Router {
    router![handle]
        .secret("lemon_squeezy", "old-secret")
        .secret("lemon_squeezy", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

/// A request as Lemon Squeezy sends it, with `signature` as its signature header.
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
    let response = send(
        &app(&calls),
        request(Some(SIGNATURE), "order_created", BODY),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let calls = calls.0.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    let (event, id, payload) = &calls[0];
    assert_eq!(event, "order_created");
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
        request(Some(SIGNATURE), "order_created", &tampered),
        request(None, "order_created", BODY),
        lemon_squeezy::request(PATH, "wrong-secret", BODY),
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
async fn the_testing_helper_signs_as_lemon_squeezy_does() {
    let calls = Calls::default();
    let response = send(&app(&calls), lemon_squeezy::request(PATH, SECRET, BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.0.lock().unwrap().len(), 1);
    assert_eq!(lemon_squeezy::signature(SECRET, BODY.as_bytes()), SIGNATURE);
}
