//! Paddle Billing end to end: `Paddle-Signature`, 5 s tolerance, dispatch on
//! `event_type`, typed `Event<T>`.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::extract::State;
use http::StatusCode;
use webhook::testing::{self, paddle, send, signed_request};
use webhook::{router, webhook, Delivery};

const SECRET: &str = "pdl_ntfset_01test_secret";
const PATH: &str = "/webhooks/paddle";

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
struct Transaction {
    id: String,
    status: String,
}

#[webhook(provider = "paddle", event = "transaction.paid")]
async fn transaction_paid(event: webhook::paddle::Event<Transaction>, State(calls): State<Calls>) {
    calls.push(format!(
        "paid {} {} {} {:?} {}",
        event.event_id, event.data.id, event.data.status, event.notification_id, event.occurred_at
    ));
}

#[webhook(provider = "paddle", event = "subscription.*")]
async fn subscription(data: serde_json::Value, delivery: Delivery, State(calls): State<Calls>) {
    calls.push(format!(
        "subscription {} {:?} {}",
        delivery.event, delivery.id, data["id"]
    ));
}

fn app(calls: &Calls) -> axum::Router {
    router![transaction_paid, subscription]
        .secret("paddle", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

fn body(event_type: &str, data: &str) -> String {
    format!(
        r#"{{"event_id":"evt_01","event_type":"{event_type}","occurred_at":"2024-01-01T00:00:00Z","notification_id":"ntf_01","data":{data}}}"#
    )
}

#[tokio::test]
async fn signed_delivery_reaches_the_typed_handler() {
    let calls = Calls::default();
    let body = body("transaction.paid", r#"{"id":"txn_1","status":"paid"}"#);
    let response = send(&app(&calls), paddle::request(PATH, SECRET, body)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        ["paid evt_01 txn_1 paid Some(\"ntf_01\") 2024-01-01T00:00:00Z"]
    );
}

#[tokio::test]
async fn routes_by_event_type_each_handler_gets_only_its_event() {
    let calls = Calls::default();
    let app = app(&calls);
    let created = body("subscription.created", r#"{"id":"sub_1"}"#);
    send(&app, paddle::request(PATH, SECRET, created)).await;
    assert_eq!(
        calls.take(),
        ["subscription subscription.created Some(\"evt_01\") \"sub_1\""]
    );
    let other = body("customer.created", r#"{"id":"ctm_1"}"#);
    let response = send(&app, paddle::request(PATH, SECRET, other)).await;
    assert_eq!(response.json()["status"], "ignored");
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn rotation_header_with_a_bad_h1_still_verifies() {
    let calls = Calls::default();
    let body = body("transaction.paid", r#"{"id":"txn_1","status":"paid"}"#);
    let header = paddle::signature(&[SECRET, "pdl_ntfset_old"], testing::now(), body.as_bytes());
    let request = signed_request(PATH, &[("paddle-signature", header)], body.into());
    assert_eq!(send(&app(&calls), request).await.status, StatusCode::OK);
}

#[tokio::test]
async fn tampered_wrong_secret_and_stale_are_401() {
    let calls = Calls::default();
    let app = app(&calls);
    let body = body("transaction.paid", r#"{"id":"txn_1","status":"paid"}"#);

    let signature = paddle::signature(&[SECRET], testing::now(), body.as_bytes());
    let tampered = body.replace("txn_1", "txn_2");
    let request = signed_request(PATH, &[("paddle-signature", signature)], tampered.into());
    assert_eq!(send(&app, request).await.status, StatusCode::UNAUTHORIZED);

    let wrong = send(
        &app,
        paddle::request(PATH, "pdl_ntfset_wrong", body.clone()),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    let stale = paddle::signature(&[SECRET], testing::now() - 60, body.as_bytes());
    let request = signed_request(PATH, &[("paddle-signature", stale)], body.into());
    let response = send(&app, request).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.text().contains("tolerance"), "{}", response.text());
    assert!(calls.take().is_empty());
}
