//! Linear end to end: signature, body timestamp, dispatch on `type`, typed `Event<T>`.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::extract::State;
use http::StatusCode;
use webhook::testing::{self, linear, send, signed_request};
use webhook::{router, webhook, Delivery};

const SECRET: &str = "lin_wh_test_secret";
const PATH: &str = "/webhooks/linear";

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
struct Issue {
    id: String,
    title: String,
}

#[webhook(provider = "linear", event = "Issue")]
async fn issue(event: webhook::linear::Event<Issue>, State(calls): State<Calls>) {
    calls.push(format!(
        "issue {} {} {} {:?} {:?} {:?}",
        event.action,
        event.data.id,
        event.data.title,
        event.updated_from,
        event.delivery_id,
        event.url
    ));
}

#[webhook(provider = "linear", event = "Comment")]
async fn comment(body: serde_json::Value, delivery: Delivery, State(calls): State<Calls>) {
    calls.push(format!("comment {} {}", delivery.event, body["body"]));
}

fn app(calls: &Calls) -> axum::Router {
    router![issue, comment]
        .secret("linear", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

fn body(entity_type: &str, action: &str, data: &str, timestamp_ms: i64) -> String {
    format!(
        r#"{{"action":"{action}","type":"{entity_type}","createdAt":"2024-01-01T00:00:00.000Z","url":"https://linear.app/x","webhookId":"wh_1","webhookTimestamp":{timestamp_ms},"data":{data},"updatedFrom":{{"title":"Old"}}}}"#
    )
}

fn now_ms() -> i64 {
    testing::now() * 1000
}

#[tokio::test]
async fn signed_delivery_reaches_the_typed_handler() {
    let calls = Calls::default();
    let body = body(
        "Issue",
        "update",
        r#"{"id":"iss_1","title":"New"}"#,
        now_ms(),
    );
    let response = send(&app(&calls), linear::request(PATH, SECRET, body)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        [format!(
            "issue update iss_1 New Some(Object {{\"title\": String(\"Old\")}}) Some(\"{}\") Some(\"https://linear.app/x\")",
            linear::DELIVERY_ID
        )]
    );
}

#[tokio::test]
async fn routes_by_type_each_handler_gets_only_its_event() {
    let calls = Calls::default();
    let app = app(&calls);
    let comment = body("Comment", "create", r#"{"id":"c_1","body":"hi"}"#, now_ms());
    assert_eq!(
        send(&app, linear::request(PATH, SECRET, comment))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(calls.take(), ["comment Comment \"hi\""]);
    let project = body("Project", "create", r#"{"id":"p_1"}"#, now_ms());
    let response = send(&app, linear::request(PATH, SECRET, project)).await;
    assert_eq!(response.json()["status"], "ignored");
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn tampered_wrong_secret_and_stale_are_401() {
    let calls = Calls::default();
    let app = app(&calls);
    let fresh = body("Issue", "create", r#"{"id":"i","title":"t"}"#, now_ms());

    let signature = linear::signature(SECRET, fresh.as_bytes());
    let tampered = fresh.replace("create", "remove");
    let request = signed_request(PATH, &[("linear-signature", signature)], tampered.into());
    assert_eq!(send(&app, request).await.status, StatusCode::UNAUTHORIZED);

    let wrong = send(&app, linear::request(PATH, "wrong", fresh.clone())).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    let stale = body(
        "Issue",
        "create",
        r#"{"id":"i","title":"t"}"#,
        now_ms() - 61_000,
    );
    let response = send(&app, linear::request(PATH, SECRET, stale)).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.text().contains("tolerance"), "{}", response.text());

    let future = body(
        "Issue",
        "create",
        r#"{"id":"i","title":"t"}"#,
        now_ms() + 61_000,
    );
    let response = send(&app, linear::request(PATH, SECRET, future)).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);

    let unsigned = signed_request(PATH, &[], fresh.into());
    let response = send(&app, unsigned).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.text().contains("Linear-Signature"));
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn payload_not_fitting_the_handler_type_is_400() {
    let calls = Calls::default();
    let body = body("Issue", "create", r#"{"id":"i"}"#, now_ms());
    let response = send(&app(&calls), linear::request(PATH, SECRET, body)).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
}
