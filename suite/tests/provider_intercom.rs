//! Intercom end to end, with a request signed as Intercom documents it
//! (X-Hub-Signature), the vector computed independently with Python's `hmac`:
//!
//! ```text
//! hmac.new(b"intercom_client_secret", BODY, hashlib.sha1).hexdigest()
//! ```
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{intercom, send};
use webhook::{router, webhook};

const SECRET: &str = "intercom_client_secret";
const PATH: &str = "/webhooks/intercom";
const BODY: &str = r#"{"type":"notification_event","app_id":"abc123","id":"notif_ccd8a4d2","topic":"conversation.user.created","delivery_attempts":1,"created_at":1700000000,"data":{"type":"notification_event_data","item":{"type":"conversation","id":"147"}}}"#;
/// `X-Hub-Signature` for [`BODY`] keyed with [`SECRET`], computed outside this crate.
const SIGNATURE: &str = "sha1=76f4f3b6a64964c38e22a4d20cd0c766eabed56e";

/// What a handler saw.
type Seen = (String, Option<String>, serde_json::Value);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "intercom", event = "conversation.user.created")]
async fn handle(event: webhook::intercom::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls
        .0
        .lock()
        .unwrap()
        .push((event.event, event.id, event.payload));
}

fn app(calls: &Calls) -> axum::Router {
    router![handle]
        .secret("intercom", "old-secret")
        .secret("intercom", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

/// A request as Intercom sends it, with `signature` as its signature header.
fn request(signature: Option<&str>, event: &str, body: &str) -> Request<Body> {
    let _ = event;
    let mut builder = Request::post(PATH).header("content-type", "application/json");
    if let Some(signature) = signature {
        builder = builder.header("x-hub-signature", signature);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn the_independent_vector_reaches_the_handler() {
    let calls = Calls::default();
    let response = send(
        &app(&calls),
        request(Some(SIGNATURE), "conversation.user.created", BODY),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let calls = calls.0.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    let (event, id, payload) = &calls[0];
    assert_eq!(event, "conversation.user.created");
    assert_eq!(id, &Some("notif_ccd8a4d2".to_owned()));
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
        request(Some(SIGNATURE), "conversation.user.created", &tampered),
        request(None, "conversation.user.created", BODY),
        intercom::request(PATH, "wrong-secret", BODY),
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
async fn the_testing_helper_signs_as_intercom_does() {
    let calls = Calls::default();
    let response = send(&app(&calls), intercom::request(PATH, SECRET, BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.0.lock().unwrap().len(), 1);
    assert_eq!(intercom::signature(SECRET, BODY.as_bytes()), SIGNATURE);
}
