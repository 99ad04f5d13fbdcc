//! Google Forms end to end: a request exactly as the Apps Script in the provider's docs
//! sends it. The vector was computed independently with Python's `hmac` from the
//! documented scheme: `"sha256=" + base64(hmac.new(SECRET, f"{id}.{ts}.{body}",
//! sha256).digest())`.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{google_forms, now, send};
use webhook::{router, webhook};

const SECRET: &str = "forms_shared_secret";
const PATH: &str = "/webhooks/google_forms";
const BODY: &str =
    r#"{"eventType":"RESPONSES","formId":"1FAIpQLSf","responseId":"2_ABaOnud","answers":[]}"#;
const DELIVERY: &str = "2_ABaOnud";
const SIGNED_AT: i64 = 1_700_000_000;
/// `X-Forms-Signature` of [`BODY`] sent as [`DELIVERY`] at [`SIGNED_AT`], computed
/// outside this crate.
const SIGNATURE: &str = "sha256=6B/jd7RdJ5v5FG7VZ5aV+sqQk2qI0PrVD/3DD16rFwU=";

#[derive(serde::Deserialize)]
struct Submission {
    #[serde(rename = "formId")]
    form_id: String,
    #[serde(rename = "responseId")]
    response_id: String,
}

/// What a handler saw.
type Seen = (String, Option<String>, String, String);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "google_forms", event = "RESPONSES")]
async fn submitted(event: webhook::google_forms::Event<Submission>, State(calls): State<Calls>) {
    calls.0.lock().unwrap().push((
        event.event,
        event.id,
        event.payload.form_id,
        event.payload.response_id,
    ));
}

fn app(calls: &Calls, tolerance: Option<Duration>) -> axum::Router {
    router![submitted]
        .secret("google_forms", SECRET)
        .tolerance("google_forms", tolerance)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

fn request(timestamp: i64, signature: &str, body: &str) -> Request<Body> {
    Request::post(PATH)
        .header("content-type", "application/json")
        .header("x-forms-delivery", DELIVERY)
        .header("x-forms-timestamp", timestamp.to_string())
        .header("x-forms-signature", signature)
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn the_independent_vector_verifies_and_dispatches() {
    let calls = Calls::default();
    let response = send(&app(&calls, None), request(SIGNED_AT, SIGNATURE, BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        *calls.0.lock().unwrap(),
        [(
            "RESPONSES".to_owned(),
            Some(DELIVERY.to_owned()),
            "1FAIpQLSf".to_owned(),
            "2_ABaOnud".to_owned()
        )]
    );
}

#[tokio::test]
async fn tampered_and_wrongly_keyed_requests_are_refused() {
    let calls = Calls::default();
    let app = app(&calls, None);
    let other_key = google_forms::signature("not-the-secret", DELIVERY, SIGNED_AT, BODY.as_bytes());
    for request in [
        request(
            SIGNED_AT,
            SIGNATURE,
            &BODY.replace("1FAIpQLSf", "1FAIpQLSg"),
        ),
        request(SIGNED_AT + 1, SIGNATURE, BODY),
        request(SIGNED_AT, &other_key, BODY),
        request(SIGNED_AT, &SIGNATURE.replace("sha256=", ""), BODY),
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
    // The provider's default window: five minutes either way.
    let app: axum::Router = router![submitted]
        .secret("google_forms", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone());
    for (offset, status) in [
        (0, StatusCode::OK),
        (-290, StatusCode::OK),
        (290, StatusCode::OK),
        (-400, StatusCode::UNAUTHORIZED),
        (400, StatusCode::UNAUTHORIZED),
    ] {
        let at = now() + offset;
        let signature = google_forms::signature(SECRET, DELIVERY, at, BODY.as_bytes());
        let response = send(&app, request(at, &signature, BODY)).await;
        assert_eq!(
            response.status,
            status,
            "offset {offset}: {}",
            response.text()
        );
    }
    assert!(!calls.0.lock().unwrap().is_empty());
}

#[tokio::test]
async fn the_testing_helper_sends_as_the_apps_script_does() {
    let calls = Calls::default();
    let app = app(&calls, Some(Duration::from_secs(300)));
    let response = send(&app, google_forms::request(PATH, SECRET, BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.0.lock().unwrap().len(), 1);
}
