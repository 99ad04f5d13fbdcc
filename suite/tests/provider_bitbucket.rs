//! Bitbucket Cloud end to end, with a request signed as Bitbucket Cloud documents it
//! (X-Hub-Signature), the vector computed independently with Python's `hmac`:
//!
//! ```text
//! hmac.new(b"bitbucket_webhook_secret", BODY, hashlib.sha256).hexdigest()
//! ```
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{bitbucket, send};
use webhook::{router, webhook};

const SECRET: &str = "bitbucket_webhook_secret";
const PATH: &str = "/webhooks/bitbucket";
const BODY: &str = r#"{"push":{"changes":[]},"actor":{"display_name":"Ada"},"repository":{"full_name":"team/repo"}}"#;
/// `X-Hub-Signature` for [`BODY`] keyed with [`SECRET`], computed outside this crate.
const SIGNATURE: &str = "sha256=924ee6f951dba6eda21a8528f811eaea141858e95e32c7b81c726dc904b84d82";

/// What a handler saw.
type Seen = (String, Option<String>, serde_json::Value);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "bitbucket", event = "repo:push")]
async fn handle(event: webhook::bitbucket::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls
        .0
        .lock()
        .unwrap()
        .push((event.event, event.id, event.payload));
}

fn app(calls: &Calls) -> axum::Router {
    router![handle]
        .secret("bitbucket", "old-secret")
        .secret("bitbucket", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

/// A request as Bitbucket Cloud sends it, with `signature` as its signature header.
fn request(signature: Option<&str>, event: &str, body: &str) -> Request<Body> {
    let _ = event;
    let mut builder = Request::post(PATH)
        .header("content-type", "application/json")
        .header("x-event-key", event)
        .header("x-request-uuid", "1c7d0c0f-8d4d-4e4b-9a2e-7d2f0c1b2a3c");
    if let Some(signature) = signature {
        builder = builder.header("x-hub-signature", signature);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn the_independent_vector_reaches_the_handler() {
    let calls = Calls::default();
    let response = send(&app(&calls), request(Some(SIGNATURE), "repo:push", BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let calls = calls.0.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    let (event, id, payload) = &calls[0];
    assert_eq!(event, "repo:push");
    assert_eq!(id, &Some("1c7d0c0f-8d4d-4e4b-9a2e-7d2f0c1b2a3c".to_owned()));
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
        request(Some(SIGNATURE), "repo:push", &tampered),
        request(None, "repo:push", BODY),
        bitbucket::request(PATH, "wrong-secret", "repo:push", BODY),
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
async fn the_testing_helper_signs_as_bitbucket_does() {
    let calls = Calls::default();
    let response = send(
        &app(&calls),
        bitbucket::request(PATH, SECRET, "repo:push", BODY),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.0.lock().unwrap().len(), 1);
    assert_eq!(bitbucket::signature(SECRET, BODY.as_bytes()), SIGNATURE);
}
