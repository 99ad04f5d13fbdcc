//! Zoom end to end: `x-zm-signature`, the URL validation handshake, dispatch on `event`.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::extract::State;
use http::StatusCode;
use webhook::testing::{self, send, signed_request, zoom};
use webhook::{router, webhook, Delivery};

const SECRET: &str = "zoom_secret_token";
const PATH: &str = "/webhooks/zoom";

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

#[derive(serde::Deserialize)]
struct MeetingPayload {
    account_id: String,
}

#[webhook(provider = "zoom", event = "meeting.started")]
async fn meeting_started(event: webhook::zoom::Event<MeetingPayload>, State(calls): State<Calls>) {
    calls.push(format!(
        "started {} {:?} {}",
        event.event, event.event_ts, event.payload.account_id
    ));
}

#[webhook(provider = "zoom", event = "meeting.ended")]
async fn meeting_ended(delivery: Delivery, State(calls): State<Calls>) {
    calls.push(format!("ended {} {:?}", delivery.event, delivery.id));
}

#[webhook(provider = "zoom", event = "*")]
async fn everything(State(calls): State<Calls>, payload: serde_json::Value) {
    calls.push(format!("everything {payload}"));
}

fn app(calls: &Calls, secrets: &[&str]) -> axum::Router {
    let mut webhooks = router![meeting_started, meeting_ended, everything];
    for secret in secrets {
        webhooks = webhooks.secret("zoom", secret);
    }
    webhooks
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

fn body(event: &str) -> String {
    format!(r#"{{"event":"{event}","event_ts":1700000000000,"payload":{{"account_id":"a"}}}}"#)
}

#[tokio::test]
async fn signed_delivery_reaches_the_typed_handler_and_routes_by_event() {
    let calls = Calls::default();
    let app = app(&calls, &[SECRET]);
    let response = send(&app, zoom::request(PATH, SECRET, body("meeting.started"))).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        [
            "started meeting.started Some(1700000000000) a",
            "everything {\"account_id\":\"a\"}"
        ]
    );
    send(&app, zoom::request(PATH, SECRET, body("meeting.ended"))).await;
    assert_eq!(
        calls.take(),
        [
            "ended meeting.ended None",
            "everything {\"account_id\":\"a\"}"
        ]
    );
}

#[tokio::test]
async fn url_validation_is_answered_with_the_secret_that_verified_it() {
    // ZM-2 / ZM-3 of shared/test-vectors.md, signed fresh.
    let body = r#"{"event":"endpoint.url_validation","event_ts":1700000000000,"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"}}"#;
    let calls = Calls::default();
    let app = app(&calls, &["some_other_token", SECRET]);
    let response = send(&app, zoom::request(PATH, SECRET, body)).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.headers["content-type"], "application/json",
        "{:?}",
        response.headers
    );
    assert_eq!(
        response.json(),
        serde_json::json!({
            "plainToken": "qgg8vlvZRS6UYooatFL8Aw",
            "encryptedToken": "bd48235863f4a6323ccc4963c594908b7c97f88b4a6a95278f4f093690b12726",
        })
    );
    assert!(calls.take().is_empty(), "no handler runs for the handshake");

    let signed_with_another_token = zoom::request(PATH, "not_configured", body);
    assert_eq!(
        send(&app, signed_with_another_token).await.status,
        StatusCode::UNAUTHORIZED
    );

    let without_token = r#"{"event":"endpoint.url_validation","payload":{}}"#;
    let response = send(&app, zoom::request(PATH, SECRET, without_token)).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn tampered_wrong_secret_and_stale_are_401() {
    let calls = Calls::default();
    let app = app(&calls, &[SECRET]);
    let body = body("meeting.started");
    let now = testing::now();

    let tampered = signed_request(
        PATH,
        &[
            (
                "x-zm-signature",
                zoom::signature(SECRET, now, body.as_bytes()),
            ),
            ("x-zm-request-timestamp", now.to_string()),
        ],
        body.replace("\"a\"", "\"b\"").into(),
    );
    assert_eq!(send(&app, tampered).await.status, StatusCode::UNAUTHORIZED);

    let wrong = send(&app, zoom::request(PATH, "wrong", body.clone())).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    let stale = now - 301;
    let request = signed_request(
        PATH,
        &[
            (
                "x-zm-signature",
                zoom::signature(SECRET, stale, body.as_bytes()),
            ),
            ("x-zm-request-timestamp", stale.to_string()),
        ],
        body.into(),
    );
    let response = send(&app, request).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.text().contains("tolerance"), "{}", response.text());
    assert!(calls.take().is_empty());
}
