//! Mailgun end to end: the in-body signature, its time window, dispatch on
//! `event-data.event`, typed `Event<T>`.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::extract::State;
use http::StatusCode;
use webhook::testing::{self, mailgun, send, signed_request};
use webhook::{router, webhook, Delivery};

const KEY: &str = "key-mailgun-signing-key";
const PATH: &str = "/webhooks/mailgun";

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
struct Failure {
    recipient: String,
    severity: String,
}

#[webhook(provider = "mailgun", event = "failed")]
async fn failed(event: webhook::mailgun::Event<Failure>, State(calls): State<Calls>) {
    calls.push(format!(
        "failed {} {} {:?} {}",
        event.data.recipient,
        event.data.severity,
        event.id,
        event.token.len()
    ));
}

#[webhook(provider = "mailgun", event = "delivered")]
async fn delivered(data: serde_json::Value, delivery: Delivery, State(calls): State<Calls>) {
    calls.push(format!(
        "delivered {} {}",
        data["recipient"],
        delivery.id.is_some()
    ));
}

fn app(calls: &Calls) -> axum::Router {
    router![failed, delivered]
        .secret("mailgun", KEY)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

const FAILED: &str =
    r#"{"event":"failed","id":"ev_1","severity":"permanent","recipient":"a@example.com"}"#;

#[tokio::test]
async fn signed_delivery_reaches_the_typed_handler_and_routes_by_event() {
    let calls = Calls::default();
    let app = app(&calls);
    let response = send(&app, mailgun::request(PATH, KEY, FAILED)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        ["failed a@example.com permanent Some(\"ev_1\") 50"]
    );
    let delivered = r#"{"event":"delivered","id":"ev_2","recipient":"b@example.com"}"#;
    send(&app, mailgun::request(PATH, KEY, delivered)).await;
    assert_eq!(calls.take(), ["delivered \"b@example.com\" true"]);
    let opened = r#"{"event":"opened","id":"ev_3"}"#;
    let response = send(&app, mailgun::request(PATH, KEY, opened)).await;
    assert_eq!(response.json()["status"], "ignored");
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn tampered_signature_wrong_key_and_stale_are_401() {
    let calls = Calls::default();
    let app = app(&calls);
    let post = |body: String| signed_request(PATH, &[], body.into());

    // The signed part (timestamp + token) changed: refused. (`event-data` is not signed.)
    let token = mailgun::token();
    let body = mailgun::body(KEY, testing::now(), &token, FAILED);
    let tampered = body.replace(&token, &mailgun::token());
    assert_eq!(
        send(&app, post(tampered)).await.status,
        StatusCode::UNAUTHORIZED
    );

    let wrong = send(&app, mailgun::request(PATH, "wrong", FAILED)).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    let stale = mailgun::body(KEY, testing::now() - 301, &mailgun::token(), FAILED);
    let response = send(&app, post(stale)).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.text().contains("tolerance"), "{}", response.text());

    // The future side keeps a margin: the clock may tick between `now` and the check,
    // and 301 s ahead would then be 300 s ahead, inside the window.
    let future = mailgun::body(KEY, testing::now() + 360, &mailgun::token(), FAILED);
    assert_eq!(
        send(&app, post(future)).await.status,
        StatusCode::UNAUTHORIZED
    );

    let unsigned = format!(r#"{{"event-data":{FAILED}}}"#);
    let response = send(&app, post(unsigned)).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.text().contains("signature"), "{}", response.text());
    assert!(calls.take().is_empty());
}
