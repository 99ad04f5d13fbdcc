//! Vercel end to end, with a request signed as Vercel documents it
//! (x-vercel-signature), the vector computed independently with Python's `hmac`:
//!
//! ```text
//! hmac.new(b"vercel_webhook_secret", BODY, hashlib.sha1).hexdigest()
//! ```
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{send, vercel};
use webhook::{router, webhook};

const SECRET: &str = "vercel_webhook_secret";
const PATH: &str = "/webhooks/vercel";
const BODY: &str = r#"{"id":"evt_4p0q8Lmn2","type":"deployment.succeeded","createdAt":1700000000000,"payload":{"deployment":{"id":"dpl_1","url":"app.vercel.app"}}}"#;
/// `x-vercel-signature` for [`BODY`] keyed with [`SECRET`], computed outside this crate.
const SIGNATURE: &str = "0160a09541b08dfd1e6ddc66fe1720b17887ffdb";

/// What a handler saw.
type Seen = (String, Option<String>, serde_json::Value);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "vercel", event = "deployment.succeeded")]
async fn handle(event: webhook::vercel::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls
        .0
        .lock()
        .unwrap()
        .push((event.event, event.id, event.payload));
}

fn app(calls: &Calls) -> axum::Router {
    router![handle]
        .secret("vercel", "old-secret")
        .secret("vercel", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

/// A request as Vercel sends it, with `signature` as its signature header.
fn request(signature: Option<&str>, event: &str, body: &str) -> Request<Body> {
    let _ = event;
    let mut builder = Request::post(PATH).header("content-type", "application/json");
    if let Some(signature) = signature {
        builder = builder.header("x-vercel-signature", signature);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn the_independent_vector_reaches_the_handler() {
    let calls = Calls::default();
    let response = send(
        &app(&calls),
        request(Some(SIGNATURE), "deployment.succeeded", BODY),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let calls = calls.0.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    let (event, id, payload) = &calls[0];
    assert_eq!(event, "deployment.succeeded");
    assert_eq!(id, &Some("evt_4p0q8Lmn2".to_owned()));
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
        request(Some(SIGNATURE), "deployment.succeeded", &tampered),
        request(None, "deployment.succeeded", BODY),
        vercel::request(PATH, "wrong-secret", BODY),
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
async fn the_testing_helper_signs_as_vercel_does() {
    let calls = Calls::default();
    let response = send(&app(&calls), vercel::request(PATH, SECRET, BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.0.lock().unwrap().len(), 1);
    assert_eq!(vercel::signature(SECRET, BODY.as_bytes()), SIGNATURE);
}
