//! Mux end to end: `Mux-Signature: t=…,v1=…` over `{t}.{body}`. The vector
//! was computed independently with Python's `hmac` from Mux's documented scheme:
//! `hmac.new(SECRET, b"1700000000." + BODY, hashlib.sha256).hexdigest()`.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{mux, now, send};
use webhook::{router, webhook};

const SECRET: &str = "mux_signing_secret";
const PATH: &str = "/webhooks/mux";
const BODY: &str = r#"{"type":"video.asset.ready","object":{"type":"asset","id":"0201p02fGKPE7MrbC269XRD7LpcHhrmbu0002"},"id":"3a56ac3d-33da-4366-855b-f592d898409d","environment":{"name":"Production","id":"j0863n"},"data":{"status":"ready"},"created_at":"2026-01-01T00:00:00.000000Z"}"#;
/// `Mux-Signature` for [`BODY`] at 1700000000, computed outside this crate.
const SIGNATURE: &str =
    "t=1700000000,v1=44488160299043b0caac4da54bc0e8e8632da702f5d44272fa76e2c8f0869875";

/// What a handler saw.
type Seen = (String, Option<String>);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "mux", event = "video.asset.ready")]
async fn handle(event: webhook::mux::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls.0.lock().unwrap().push((event.event, event.id));
}

fn app(calls: &Calls, tolerance: Option<Duration>) -> axum::Router {
    router![handle]
        .secret("mux", SECRET)
        .tolerance("mux", tolerance)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

fn request(signature: &str, body: &str) -> Request<Body> {
    Request::post(PATH)
        .header("content-type", "application/json")
        .header("mux-signature", signature)
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
        [(
            "video.asset.ready".to_owned(),
            Some("3a56ac3d-33da-4366-855b-f592d898409d".to_owned())
        )]
    );
}

#[tokio::test]
async fn tampered_wrongly_keyed_and_unsigned_requests_are_refused() {
    let calls = Calls::default();
    let app = app(&calls, None);
    let tampered = BODY.replacen("video.asset.ready", "video.asset.readyx", 1);
    let other_key = mux::signature("not-the-secret", 1_700_000_000, BODY.as_bytes());
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
        let signature = mux::signature(SECRET, now() + offset, BODY.as_bytes());
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
async fn the_testing_helper_signs_as_mux_does() {
    let calls = Calls::default();
    let response = send(
        &app(&calls, Some(Duration::from_secs(60))),
        mux::request(PATH, SECRET, BODY),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        mux::signature(SECRET, 1_700_000_000, BODY.as_bytes()),
        SIGNATURE
    );
}
