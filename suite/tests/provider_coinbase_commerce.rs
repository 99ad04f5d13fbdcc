//! Coinbase Commerce end to end, with a request signed as Coinbase Commerce documents it
//! (X-CC-Webhook-Signature), the vector computed independently with Python's `hmac`:
//!
//! ```text
//! hmac.new(b"coinbase_shared_secret", BODY, hashlib.sha256).hexdigest()
//! ```
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{coinbase_commerce, send};
use webhook::{router, webhook};

const SECRET: &str = "coinbase_shared_secret";
const PATH: &str = "/webhooks/coinbase_commerce";
const BODY: &str = r#"{"id":1,"scheduled_for":"2017-01-31T20:50:02Z","event":{"id":"24934862-d980-46cb-9402-43c81b0cdba6","resource":"event","type":"charge:created","api_version":"2018-03-22","created_at":"2017-01-31T20:49:02Z","data":{"code":"66BEOV2A","name":"The Sovereign Individual"}}}"#;
/// `X-CC-Webhook-Signature` for [`BODY`] keyed with [`SECRET`], computed outside this crate.
const SIGNATURE: &str = "1208a35600d1a8818b40676625c87225dcc4c1a3f7d3ae3e28fed9d22d0071bc";

/// What a handler saw.
type Seen = (String, Option<String>, serde_json::Value);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "coinbase_commerce", event = "charge:created")]
async fn handle(
    event: webhook::coinbase_commerce::Event<serde_json::Value>,
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
        .secret("coinbase_commerce", "old-secret")
        .secret("coinbase_commerce", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

/// A request as Coinbase Commerce sends it, with `signature` as its signature header.
fn request(signature: Option<&str>, event: &str, body: &str) -> Request<Body> {
    let _ = event;
    let mut builder = Request::post(PATH).header("content-type", "application/json");
    if let Some(signature) = signature {
        builder = builder.header("x-cc-webhook-signature", signature);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn the_independent_vector_reaches_the_handler() {
    let calls = Calls::default();
    let response = send(
        &app(&calls),
        request(Some(SIGNATURE), "charge:created", BODY),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let calls = calls.0.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    let (event, id, payload) = &calls[0];
    assert_eq!(event, "charge:created");
    assert_eq!(id, &Some("24934862-d980-46cb-9402-43c81b0cdba6".to_owned()));
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
        request(Some(SIGNATURE), "charge:created", &tampered),
        request(None, "charge:created", BODY),
        coinbase_commerce::request(PATH, "wrong-secret", BODY),
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
async fn the_testing_helper_signs_as_coinbase_commerce_does() {
    let calls = Calls::default();
    let response = send(&app(&calls), coinbase_commerce::request(PATH, SECRET, BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.0.lock().unwrap().len(), 1);
    assert_eq!(
        coinbase_commerce::signature(SECRET, BODY.as_bytes()),
        SIGNATURE
    );
}
