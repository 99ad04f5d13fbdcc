//! Shopify end to end: base64 HMAC over the body, dispatch on `X-Shopify-Topic`,
//! typed `Event<T>` from headers and body, both header forms.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::extract::State;
use http::StatusCode;
use webhook::testing::{send, shopify, signed_request};
use webhook::{router, webhook, Delivery};

const SECRET: &str = "shpss_test_secret";
const PATH: &str = "/webhooks/shopify";

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
struct Order {
    id: u64,
    email: String,
}

#[webhook(provider = "shopify", event = "orders/create")]
async fn order_created(event: webhook::shopify::Event<Order>, State(calls): State<Calls>) {
    calls.push(format!(
        "order {} {} {} {:?} {:?} {:?} {:?}",
        event.topic,
        event.payload.id,
        event.payload.email,
        event.shop_domain,
        event.api_version,
        event.webhook_id,
        event.triggered_at
    ));
}

#[webhook(provider = "shopify", event = "app/uninstalled")]
async fn uninstalled(body: serde_json::Value, delivery: Delivery, State(calls): State<Calls>) {
    calls.push(format!(
        "uninstalled {} {} secret {}",
        delivery.event, body["domain"], delivery.secret_index
    ));
}

fn app(calls: &Calls) -> axum::Router {
    router![order_created, uninstalled]
        .secret("shopify", "shpss_new_secret")
        .secret("shopify", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

// The body of vector SH-1.
const ORDER: &str = r#"{"id":820982911946154508,"email":"jon@example.com"}"#;

#[tokio::test]
async fn signed_delivery_reaches_the_typed_handler() {
    let calls = Calls::default();
    let request = shopify::request(PATH, SECRET, "orders/create", ORDER);
    let response = send(&app(&calls), request).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        [format!(
            "order orders/create 820982911946154508 jon@example.com Some({:?}) Some({:?}) Some({:?}) Some(\"2025-01-01T00:00:00.000Z\")",
            shopify::SHOP_DOMAIN,
            shopify::API_VERSION,
            shopify::WEBHOOK_ID
        )]
    );
}

#[tokio::test]
async fn routes_by_topic_each_handler_gets_only_its_event() {
    let calls = Calls::default();
    let app = app(&calls);
    let body = r#"{"id":1,"domain":"example.myshopify.com"}"#;
    let response = send(
        &app,
        shopify::request(PATH, SECRET, "app/uninstalled", body),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        [r#"uninstalled app/uninstalled "example.myshopify.com" secret 1"#]
    );

    let response = send(&app, shopify::request(PATH, SECRET, "orders/paid", ORDER)).await;
    assert_eq!(response.json()["status"], "ignored");
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn events_deliveries_use_unprefixed_headers() {
    let calls = Calls::default();
    let request = signed_request(
        PATH,
        &[
            (
                "shopify-hmac-sha256",
                shopify::signature(SECRET, ORDER.as_bytes()),
            ),
            ("shopify-topic", "orders/create".to_owned()),
            ("shopify-shop-domain", "preview.myshopify.com".to_owned()),
            ("shopify-api-version", "unstable".to_owned()),
            ("shopify-webhook-id", "evt-1".to_owned()),
        ],
        ORDER.into(),
    );
    let response = send(&app(&calls), request).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        [
            r#"order orders/create 820982911946154508 jon@example.com Some("preview.myshopify.com") Some("unstable") Some("evt-1") None"#
        ]
    );
}

#[tokio::test]
async fn tampered_wrong_secret_and_unsigned_are_401() {
    let calls = Calls::default();
    let app = app(&calls);
    let signature = shopify::signature(SECRET, ORDER.as_bytes());
    let tampered = ORDER.replace("jon", "jan");
    let request = signed_request(
        PATH,
        &[
            ("x-shopify-hmac-sha256", signature),
            ("x-shopify-topic", "orders/create".to_owned()),
        ],
        tampered.into(),
    );
    assert_eq!(send(&app, request).await.status, StatusCode::UNAUTHORIZED);

    let wrong = shopify::request(PATH, "shpss_wrong", "orders/create", ORDER);
    assert_eq!(send(&app, wrong).await.status, StatusCode::UNAUTHORIZED);

    let unsigned = signed_request(
        PATH,
        &[("x-shopify-topic", "orders/create".to_owned())],
        ORDER.into(),
    );
    let response = send(&app, unsigned).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(
        response.text().contains("X-Shopify-Hmac-Sha256"),
        "{}",
        response.text()
    );
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn missing_topic_is_400() {
    let calls = Calls::default();
    let request = signed_request(
        PATH,
        &[(
            "x-shopify-hmac-sha256",
            shopify::signature(SECRET, ORDER.as_bytes()),
        )],
        ORDER.into(),
    );
    assert_eq!(
        send(&app(&calls), request).await.status,
        StatusCode::BAD_REQUEST
    );
}
