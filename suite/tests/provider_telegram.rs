//! Telegram end to end: the `setWebhook` secret token in
//! `X-Telegram-Bot-Api-Secret-Token` (Telegram signs nothing), dispatch on the update's
//! field, the delivery id from `update_id`.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{send, telegram};
use webhook::{router, webhook, Delivery};

const TOKEN: &str = "tg_Secret-123";
const PATH: &str = "/webhooks/telegram";
const MESSAGE: &str = r#"{"update_id":10000,"message":{"message_id":1365,"date":1441645532,"chat":{"id":1111111,"type":"private"},"text":"/start"}}"#;

#[derive(serde::Deserialize)]
struct Message {
    message_id: i64,
    text: Option<String>,
}

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<String>>>);

#[webhook(provider = "telegram", event = "message")]
async fn message(
    update: webhook::telegram::Event<Message>,
    delivery: Delivery,
    State(calls): State<Calls>,
) {
    calls.0.lock().unwrap().push(format!(
        "{} {} {} {:?} {:?}",
        update.kind, update.update_id, update.payload.message_id, update.payload.text, delivery.id
    ));
}

#[webhook(provider = "telegram", event = "callback_query")]
async fn callback(query: serde_json::Value, State(calls): State<Calls>) {
    calls
        .0
        .lock()
        .unwrap()
        .push(format!("callback {}", query["data"]));
}

fn app(calls: &Calls) -> axum::Router {
    router![message, callback]
        .secret("telegram", TOKEN)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

fn raw(token: Option<&str>, body: &str) -> Request<Body> {
    let mut builder = Request::post(PATH).header("content-type", "application/json");
    if let Some(token) = token {
        builder = builder.header("x-telegram-bot-api-secret-token", token);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn updates_with_the_token_are_dispatched_on_their_field() {
    let calls = Calls::default();
    let app = app(&calls);
    let response = send(&app, raw(Some(TOKEN), MESSAGE)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let query = r#"{"update_id":10001,"callback_query":{"id":"4382bfdwdsb323b2d9","data":"Data from button callback"}}"#;
    let response = send(&app, telegram::request(PATH, TOKEN, query)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        *calls.0.lock().unwrap(),
        [
            "message 10000 1365 Some(\"/start\") Some(\"10000\")".to_owned(),
            "callback \"Data from button callback\"".to_owned()
        ]
    );
}

#[tokio::test]
async fn a_missing_or_wrong_token_is_refused() {
    let calls = Calls::default();
    let app = app(&calls);
    for token in [None, Some("tg_Secret-12"), Some("TG_SECRET-123"), Some("")] {
        let response = send(&app, raw(token, MESSAGE)).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{token:?}");
    }
    assert!(calls.0.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_malformed_update_is_a_bad_request() {
    let calls = Calls::default();
    let response = send(&app(&calls), raw(Some(TOKEN), r#"{"update_id":1}"#)).await;
    assert_eq!(
        response.status,
        StatusCode::BAD_REQUEST,
        "{}",
        response.text()
    );
}
