//! Calendly end to end: `Calendly-Webhook-Signature: t=…,v1=…` over `{t}.{body}`. The vector
//! was computed independently with Python's `hmac` from Calendly's documented scheme:
//! `hmac.new(SECRET, b"1700000000." + BODY, hashlib.sha256).hexdigest()`.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{calendly, now, send};
use webhook::{router, webhook};

const SECRET: &str = "calendly_signing_key";
const PATH: &str = "/webhooks/calendly";
const BODY: &str = r#"{"created_at":"2026-01-01T00:00:00.000000Z","created_by":"https://api.calendly.com/users/AAAAAAAAAAAAAAAA","event":"invitee.created","payload":{"email":"test@example.com","name":"John Doe","uri":"https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/AAAAAAAAAAAAAAAA"}}"#;
/// `Calendly-Webhook-Signature` for [`BODY`] at 1700000000, computed outside this crate.
const SIGNATURE: &str =
    "t=1700000000,v1=b65f818429975c58493cb46307ae9c6e5414d3dd3cd95dcd442a53df13611690";

/// What a handler saw.
type Seen = (String, Option<String>);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "calendly", event = "invitee.created")]
async fn handle(event: webhook::calendly::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls.0.lock().unwrap().push((event.event, event.id));
}

fn app(calls: &Calls, tolerance: Option<Duration>) -> axum::Router {
    router![handle]
        .secret("calendly", SECRET)
        .tolerance("calendly", tolerance)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

fn request(signature: &str, body: &str) -> Request<Body> {
    Request::post(PATH)
        .header("content-type", "application/json")
        .header("calendly-webhook-signature", signature)
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn the_independent_vector_verifies_and_dispatches() {
    let calls = Calls::default();
    // The vector is dated 2023: checked without the age window here, with it below.
    let response = send(&app(&calls, None), request(SIGNATURE, BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        *calls.0.lock().unwrap(),
        [("invitee.created".to_owned(), None)]
    );
}

#[tokio::test]
async fn tampered_wrongly_keyed_and_unsigned_requests_are_refused() {
    let calls = Calls::default();
    let app = app(&calls, None);
    let tampered = BODY.replacen("invitee.created", "invitee.createdx", 1);
    let other_key = calendly::signature("not-the-secret", 1_700_000_000, BODY.as_bytes());
    for request in [
        request(SIGNATURE, &tampered),
        request(&SIGNATURE.replace("t=1700000000", "t=1700000001"), BODY),
        request(&other_key, BODY),
        request("t=1700000000", BODY),
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
async fn stale_and_future_signatures_are_refused_fresh_ones_pass() {
    let calls = Calls::default();
    let app = app(&calls, Some(Duration::from_secs(120)));
    for (offset, status) in [
        (0, StatusCode::OK),
        (-110, StatusCode::OK),
        (110, StatusCode::OK),
        (-200, StatusCode::UNAUTHORIZED),
        (200, StatusCode::UNAUTHORIZED),
    ] {
        let signature = calendly::signature(SECRET, now() + offset, BODY.as_bytes());
        let response = send(&app, request(&signature, BODY)).await;
        assert_eq!(
            response.status,
            status,
            "offset {offset}: {}",
            response.text()
        );
    }
    assert!(!calls.0.lock().unwrap().is_empty());
    let response = send(&app, request(SIGNATURE, BODY)).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_testing_helper_signs_as_calendly_does() {
    let calls = Calls::default();
    let response = send(
        &app(&calls, Some(Duration::from_secs(60))),
        calendly::request(PATH, SECRET, BODY),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calendly::signature(SECRET, 1_700_000_000, BODY.as_bytes()),
        SIGNATURE
    );
}
