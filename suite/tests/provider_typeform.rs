//! Typeform end to end: `Typeform-Signature` over the body, dispatch on `event_type`,
//! typed `Event<T>` over `form_response`.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::extract::State;
use http::StatusCode;
use webhook::testing::{send, signed_request, typeform};
use webhook::{router, webhook, Delivery};

const SECRET: &str = "typeform_secret";
const PATH: &str = "/webhooks/typeform";

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
struct FormResponse {
    form_id: String,
    token: String,
}

#[webhook(provider = "typeform", event = "form_response")]
async fn submitted(event: webhook::typeform::Event<FormResponse>, State(calls): State<Calls>) {
    calls.push(format!(
        "{} {} {} {}",
        event.event_type, event.event_id, event.form_response.form_id, event.form_response.token
    ));
}

#[webhook(provider = "typeform", event = "form_response_partial")]
async fn partial(response: serde_json::Value, delivery: Delivery, State(calls): State<Calls>) {
    calls.push(format!(
        "{} {:?} {}",
        delivery.event, delivery.id, response["token"]
    ));
}

fn app(calls: &Calls) -> axum::Router {
    router![submitted, partial]
        .secret("typeform", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

fn body(event_type: &str, id: &str) -> String {
    format!(
        r#"{{"event_id":"{id}","event_type":"{event_type}","form_response":{{"form_id":"lT4Z3j","token":"a3a12ec67a1365927098a606107fac15","answers":[]}}}}"#
    )
}

#[tokio::test]
async fn signed_delivery_reaches_the_typed_handler() {
    let calls = Calls::default();
    let request = typeform::request(PATH, SECRET, body("form_response", "01HXYZ"));
    let response = send(&app(&calls), request).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        ["form_response 01HXYZ lT4Z3j a3a12ec67a1365927098a606107fac15"]
    );
}

#[tokio::test]
async fn routes_by_event_type_each_handler_gets_only_its_event() {
    let calls = Calls::default();
    let app = app(&calls);
    let request = typeform::request(PATH, SECRET, body("form_response_partial", "01P"));
    let response = send(&app, request).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        [r#"form_response_partial Some("01P") "a3a12ec67a1365927098a606107fac15""#]
    );

    let request = typeform::request(PATH, SECRET, body("something_else", "01Q"));
    let response = send(&app, request).await;
    assert_eq!(response.json()["status"], "ignored");
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn tampered_wrong_secret_and_unsigned_are_401() {
    let calls = Calls::default();
    let app = app(&calls);
    let fresh = body("form_response", "01HXYZ");
    let signature = typeform::signature(SECRET, fresh.as_bytes());
    let tampered = signed_request(
        PATH,
        &[("typeform-signature", signature)],
        fresh.replace("lT4Z3j", "other").into(),
    );
    assert_eq!(send(&app, tampered).await.status, StatusCode::UNAUTHORIZED);

    let wrong = typeform::request(PATH, "wrong", fresh.clone());
    assert_eq!(send(&app, wrong).await.status, StatusCode::UNAUTHORIZED);

    let response = send(&app, signed_request(PATH, &[], fresh.into())).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(
        response.text().contains("Typeform-Signature"),
        "{}",
        response.text()
    );
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn body_without_event_type_is_400() {
    let calls = Calls::default();
    let request = typeform::request(PATH, SECRET, r#"{"event_id":"1"}"#);
    assert_eq!(
        send(&app(&calls), request).await.status,
        StatusCode::BAD_REQUEST
    );
}
