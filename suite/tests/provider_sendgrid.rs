//! SendGrid end to end: ECDSA verification keys, one `batch` dispatch per request,
//! typed `Event<EmailEvent>`.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use http::StatusCode;
use webhook::sendgrid::EmailEvent;
use webhook::testing::{self, send, sendgrid, signed_request};
use webhook::{router, webhook, BuildError, Delivery};

const PRIVATE_KEY: [u8; 32] = [7; 32];
const OTHER_KEY: [u8; 32] = [9; 32];
const PATH: &str = "/webhooks/sendgrid";

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<String>>>);

impl Calls {
    fn push(&self, entry: String) {
        self.0.lock().unwrap().push(entry);
    }
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

#[webhook(provider = "sendgrid", event = "batch")]
async fn bounces(batch: webhook::sendgrid::Event<EmailEvent>, State(calls): State<Calls>) {
    for bounce in batch.of_kind("bounce") {
        calls.push(format!(
            "bounce {} {:?} {}",
            bounce.email, bounce.sg_event_id, bounce.fields["reason"]
        ));
    }
    calls.push(format!("kinds {:?}", batch.kinds));
}

#[webhook(provider = "sendgrid", event = "*")]
async fn raw(events: Vec<serde_json::Value>, delivery: Delivery, State(calls): State<Calls>) {
    let id = delivery.id.unwrap_or_default();
    calls.push(format!(
        "raw {} {} {}",
        delivery.event,
        events.len(),
        id.starts_with("sha256:") && id.len() == 71
    ));
}

fn app(calls: &Calls) -> axum::Router {
    router![bounces, raw]
        .secret("sendgrid", &sendgrid::public_key(&OTHER_KEY))
        .secret("sendgrid", &sendgrid::public_key(&PRIVATE_KEY))
        .tolerance("sendgrid", Some(Duration::from_secs(300)))
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

const BATCH: &str = "[{\"email\":\"a@example.com\",\"event\":\"processed\",\"sg_event_id\":\"ev_1\",\"timestamp\":1},\r\n{\"email\":\"b@example.com\",\"event\":\"bounce\",\"reason\":\"over quota\",\"sg_event_id\":\"ev_2\",\"timestamp\":2}]\r\n";

#[tokio::test]
async fn signed_batch_is_dispatched_once_with_every_event() {
    let calls = Calls::default();
    let response = send(&app(&calls), sendgrid::request(PATH, &PRIVATE_KEY, BATCH)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        [
            "bounce b@example.com Some(\"ev_2\") \"over quota\"",
            "kinds [\"processed\", \"bounce\"]",
            "raw batch 2 true",
        ]
    );
}

#[tokio::test]
async fn tampered_wrong_key_and_stale_are_401() {
    let calls = Calls::default();
    let app = app(&calls);

    let timestamp = testing::now().to_string();
    let signature = sendgrid::signature(&PRIVATE_KEY, &timestamp, BATCH.as_bytes());
    let headers = |signature: String, timestamp: String| {
        [
            ("x-twilio-email-event-webhook-signature", signature),
            ("x-twilio-email-event-webhook-timestamp", timestamp),
        ]
    };
    let tampered = signed_request(
        PATH,
        &headers(signature, timestamp),
        BATCH.replace("over quota", "fine").into(),
    );
    assert_eq!(send(&app, tampered).await.status, StatusCode::UNAUTHORIZED);

    let wrong = sendgrid::request(PATH, &[3; 32], BATCH);
    assert_eq!(send(&app, wrong).await.status, StatusCode::UNAUTHORIZED);

    let stale = (testing::now() - 301).to_string();
    let signature = sendgrid::signature(&PRIVATE_KEY, &stale, BATCH.as_bytes());
    let request = signed_request(PATH, &headers(signature, stale), BATCH.into());
    let response = send(&app, request).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.text().contains("tolerance"), "{}", response.text());
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn a_body_that_is_not_an_array_of_events_is_400() {
    let calls = Calls::default();
    let body = r#"{"event":"bounce"}"#;
    let response = send(&app(&calls), sendgrid::request(PATH, &PRIVATE_KEY, body)).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert!(calls.take().is_empty());
}

#[test]
fn a_garbled_verification_key_fails_at_startup() {
    let error = router![bounces, raw]
        .secret("sendgrid", "sk_live_this_is_an_api_key")
        .into_router()
        .unwrap_err();
    assert!(matches!(error, BuildError::InvalidSecret { .. }), "{error}");
    assert!(error.to_string().contains("base64"), "{error}");
}
