//! OpenAI end to end: Standard Webhooks signatures with `webhook-*` headers. The
//! vector below was computed independently with Python's `hmac` from the Standard
//! Webhooks specification (key: base64-decode of the secret after `whsec_`; signed:
//! `{id}.{timestamp}.{body}`; header: `v1,` + base64 of the HMAC-SHA256).
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{now, openai, send};
use webhook::{router, webhook};

/// The secret of the Standard Webhooks specification's tests.
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const PATH: &str = "/webhooks/openai";
const BODY: &str = r#"{"id":"evt_685343a1381c819085d44c354e1b330e","object":"event","created_at":1750287018,"type":"response.completed","data":{"id":"resp_abc123"}}"#;
const ID: &str = "msg_2yZwUhtgs5Ai8T9yRQJXA";
const SIGNED_AT: i64 = 1700000000;
/// `webhook-signature` of [`BODY`] with [`ID`] at [`SIGNED_AT`], computed outside this crate.
const SIGNATURE: &str = "v1,p28ztZWzjOLfUoXmGLvI1JI1B9knr3AgBKQYqkVoHJI=";

/// What a handler saw.
type Seen = (String, Option<String>, serde_json::Value);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "openai", event = "response.completed")]
async fn handle(event: webhook::openai::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls
        .0
        .lock()
        .unwrap()
        .push((event.event_type, event.id, event.data));
}

fn app(calls: &Calls, tolerance: Option<Duration>) -> axum::Router {
    router![handle]
        .secret("openai", SECRET)
        .tolerance("openai", tolerance)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

fn request(timestamp: i64, signature: &str, body: &str) -> Request<Body> {
    Request::post(PATH)
        .header("content-type", "application/json")
        .header("webhook-id", ID)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn the_independent_vector_verifies_and_dispatches_on_type() {
    let calls = Calls::default();
    // The vector is dated 2023: checked without the age window here, with it below.
    let response = send(&app(&calls, None), request(SIGNED_AT, SIGNATURE, BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let calls = calls.0.lock().unwrap().clone();
    let expected_data = serde_json::from_str::<serde_json::Value>(BODY).unwrap()["data"].clone();
    assert_eq!(
        calls,
        [(
            "response.completed".to_owned(),
            Some(ID.to_owned()),
            expected_data
        )]
    );
}

#[tokio::test]
async fn tampered_and_wrongly_keyed_requests_are_refused() {
    let calls = Calls::default();
    let app = app(&calls, None);
    let tampered = BODY.replacen("response.completed", "response.completedx", 1);
    let other_key = openai::signature(
        "whsec_c2VjcmV0LW5vYm9keS1ob2xkcw==",
        ID,
        SIGNED_AT,
        BODY.as_bytes(),
    );
    for request in [
        request(SIGNED_AT, SIGNATURE, &tampered),
        request(SIGNED_AT + 1, SIGNATURE, BODY),
        request(SIGNED_AT, &other_key, BODY),
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
    let app = app(&calls, Some(Duration::from_secs(300)));
    for (offset, status) in [
        (0, StatusCode::OK),
        (-290, StatusCode::OK),
        (290, StatusCode::OK),
        (-400, StatusCode::UNAUTHORIZED),
        (400, StatusCode::UNAUTHORIZED),
    ] {
        let at = now() + offset;
        let signature = openai::signature(SECRET, ID, at, BODY.as_bytes());
        let response = send(&app, request(at, &signature, BODY)).await;
        assert_eq!(
            response.status,
            status,
            "offset {offset}: {}",
            response.text()
        );
    }
    assert!(!calls.0.lock().unwrap().is_empty());
    // The static vector is years old: refused once the window applies.
    let response = send(&app, request(SIGNED_AT, SIGNATURE, BODY)).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_testing_helper_signs_as_openai_does() {
    let calls = Calls::default();
    let request = openai::request(PATH, SECRET, BODY);
    assert!(request.headers().contains_key("webhook-signature"));
    let response = send(&app(&calls, Some(Duration::from_secs(300))), request).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        openai::signature(SECRET, ID, SIGNED_AT, BODY.as_bytes()),
        SIGNATURE
    );
}
