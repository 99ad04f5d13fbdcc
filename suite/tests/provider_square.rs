//! Square end to end: the signed notification URL, dispatch on `type`, typed `Event<T>`.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::extract::State;
use http::StatusCode;
use webhook::testing::{send, signed_request, square};
use webhook::{router, webhook, BuildError, Delivery};

const KEY: &str = "Ibxx_5AKakO-3qeNVR61Dw";
const PATH: &str = "/webhooks/square";
const BASE: &str = "https://example.com";
const URL: &str = "https://example.com/webhooks/square";

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
struct PaymentObject {
    payment: Payment,
}

#[derive(serde::Deserialize)]
struct Payment {
    id: String,
    status: String,
}

#[webhook(provider = "square", event = "payment.created")]
async fn payment_created(event: webhook::square::Event<PaymentObject>, State(calls): State<Calls>) {
    calls.push(format!(
        "payment {} {:?} {} {} {}",
        event.event_id,
        event.merchant_id,
        event.data.object_type,
        event.data.object.payment.id,
        event.data.object.payment.status
    ));
}

#[webhook(provider = "square", event = "refund.*")]
async fn refunds(delivery: Delivery, State(calls): State<Calls>) {
    calls.push(format!("refund {} {:?}", delivery.event, delivery.id));
}

fn app(calls: &Calls, public_url: &str) -> axum::Router {
    router![payment_created, refunds]
        .secret("square", KEY)
        .public_url("square", public_url)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

fn body(event_type: &str, object_type: &str, object: &str) -> String {
    format!(
        r#"{{"merchant_id":"MLEFBHHSJGVHD","type":"{event_type}","event_id":"ev_1","created_at":"2024-01-01T00:00:00Z","data":{{"type":"{object_type}","id":"obj_1","object":{object}}}}}"#
    )
}

fn payment() -> String {
    body(
        "payment.created",
        "payment",
        r#"{"payment":{"id":"pay_1","status":"COMPLETED"}}"#,
    )
}

#[tokio::test]
async fn signed_delivery_reaches_the_typed_handler_with_a_base_or_full_url() {
    for public_url in [BASE, URL] {
        let calls = Calls::default();
        let request = square::request(PATH, KEY, URL, payment());
        let response = send(&app(&calls, public_url), request).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.text());
        assert_eq!(
            calls.take(),
            ["payment ev_1 Some(\"MLEFBHHSJGVHD\") payment pay_1 COMPLETED"]
        );
    }
}

#[tokio::test]
async fn routes_by_type_each_handler_gets_only_its_event() {
    let calls = Calls::default();
    let app = app(&calls, BASE);
    let refund = body("refund.updated", "refund", r#"{"refund":{}}"#);
    send(&app, square::request(PATH, KEY, URL, refund)).await;
    assert_eq!(calls.take(), ["refund refund.updated Some(\"ev_1\")"]);
    let other = body("customer.created", "customer", "{}");
    let response = send(&app, square::request(PATH, KEY, URL, other)).await;
    assert_eq!(response.json()["status"], "ignored");
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn tampered_wrong_key_and_wrong_url_are_401() {
    let calls = Calls::default();
    let with_base = app(&calls, BASE);

    let signature = square::signature(KEY, URL, payment().as_bytes());
    let tampered = payment().replace("pay_1", "pay_2");
    let request = signed_request(
        PATH,
        &[("x-square-hmacsha256-signature", signature)],
        tampered.into(),
    );
    assert_eq!(
        send(&with_base, request).await.status,
        StatusCode::UNAUTHORIZED
    );

    let wrong_key = square::request(PATH, "wrong", URL, payment());
    assert_eq!(
        send(&with_base, wrong_key).await.status,
        StatusCode::UNAUTHORIZED
    );

    let other_url = square::request(
        PATH,
        KEY,
        "https://attacker.example/webhooks/square",
        payment(),
    );
    assert_eq!(
        send(&with_base, other_url).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert!(calls.take().is_empty());
}

#[test]
fn without_a_public_url_the_router_does_not_build() {
    let error = router![payment_created, refunds]
        .secret("square", KEY)
        .into_router()
        .unwrap_err();
    assert!(
        matches!(
            &error,
            BuildError::MissingPublicUrl { endpoint, provider: "square" } if endpoint == "square"
        ),
        "{error}"
    );
    assert!(
        error.to_string().contains(".public_url(\"square\""),
        "{error}"
    );
}
