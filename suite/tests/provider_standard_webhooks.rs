//! Standard Webhooks end to end: `v1` and `v1a` signatures, the ±5 min window, the
//! `svix-*` aliases, dispatch on body `type`, typed `Event<T>`.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::extract::State;
use http::StatusCode;
use webhook::testing::{self, send, signed_request, standard_webhooks as sw};
use webhook::{router, webhook, BuildError, Delivery};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SIGNING_KEY: &str = "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=";
const PATH: &str = "/webhooks/standard_webhooks";

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
struct User {
    id: String,
}

#[webhook(provider = "standard_webhooks", event = "user.created")]
async fn user_created(
    event: webhook::standard_webhooks::Event<User>,
    delivery: Delivery,
    State(calls): State<Calls>,
) {
    calls.push(format!(
        "user {} {} {:?} {}",
        event.event_type, event.data.id, event.id, delivery.secret_index
    ));
}

#[webhook(provider = "standard_webhooks", event = "email.*")]
async fn emails(data: serde_json::Value, delivery: Delivery, State(calls): State<Calls>) {
    calls.push(format!("email {} {}", delivery.event, data["to"]));
}

fn app(calls: &Calls) -> axum::Router {
    router![user_created, emails]
        .secret("standard_webhooks", SECRET)
        .secret("standard_webhooks", &sw::public_key(SIGNING_KEY))
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

fn body(event_type: &str, data: &str) -> String {
    format!(r#"{{"type":"{event_type}","timestamp":"2024-01-01T00:00:00Z","data":{data}}}"#)
}

fn headers(prefix: &str, timestamp: i64, signature: String) -> Vec<(String, String)> {
    vec![
        (format!("{prefix}-id"), sw::MESSAGE_ID.to_owned()),
        (format!("{prefix}-timestamp"), timestamp.to_string()),
        (format!("{prefix}-signature"), signature),
    ]
}

fn request(headers: &[(String, String)], body: String) -> http::Request<axum::body::Body> {
    let headers: Vec<(&str, String)> = headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.clone()))
        .collect();
    signed_request(PATH, &headers, body.into())
}

#[tokio::test]
async fn signed_delivery_reaches_the_typed_handler() {
    let calls = Calls::default();
    let body = body("user.created", r#"{"id":"user_1"}"#);
    let response = send(&app(&calls), sw::request(PATH, SECRET, body)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        [format!(
            "user user.created user_1 Some({:?}) 0",
            sw::MESSAGE_ID
        )]
    );
}

#[tokio::test]
async fn ed25519_and_svix_headers_verify_too() {
    let calls = Calls::default();
    let app = app(&calls);
    let now = testing::now();
    let body = body("user.created", r#"{"id":"user_2"}"#);
    let v1a = sw::signature_ed25519(SIGNING_KEY, sw::MESSAGE_ID, now, body.as_bytes());
    let response = send(&app, request(&headers("webhook", now, v1a), body.clone())).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    // The public key is the second configured item.
    assert_eq!(
        calls.take(),
        [format!(
            "user user.created user_2 Some({:?}) 1",
            sw::MESSAGE_ID
        )]
    );

    let v1 = sw::signature(SECRET, sw::MESSAGE_ID, now, body.as_bytes());
    let response = send(&app, request(&headers("svix", now, v1), body)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.take().len(), 1);
}

#[tokio::test]
async fn routes_by_type_each_handler_gets_only_its_event() {
    let calls = Calls::default();
    let app = app(&calls);
    let email = body("email.delivered", r#"{"to":"a@example.com"}"#);
    assert_eq!(
        send(&app, sw::request(PATH, SECRET, email)).await.status,
        StatusCode::OK
    );
    assert_eq!(calls.take(), [r#"email email.delivered "a@example.com""#]);
    let other = body("user.deleted", r#"{"id":"user_1"}"#);
    let response = send(&app, sw::request(PATH, SECRET, other)).await;
    assert_eq!(response.json()["status"], "ignored");
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn tampered_wrong_secret_stale_and_future_are_401() {
    let calls = Calls::default();
    let app = app(&calls);
    let now = testing::now();
    let body = body("user.created", r#"{"id":"user_1"}"#);
    let sign = |timestamp: i64, secret: &str| {
        sw::signature(secret, sw::MESSAGE_ID, timestamp, body.as_bytes())
    };

    let tampered = body.replace("user_1", "user_2");
    let response = send(
        &app,
        request(&headers("webhook", now, sign(now, SECRET)), tampered),
    )
    .await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);

    let wrong = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let response = send(
        &app,
        request(&headers("webhook", now, sign(now, wrong)), body.clone()),
    )
    .await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);

    let stale = now - 301;
    let response = send(
        &app,
        request(
            &headers("webhook", stale, sign(stale, SECRET)),
            body.clone(),
        ),
    )
    .await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.text().contains("tolerance"), "{}", response.text());

    // The future side keeps a margin: the clock may tick between `now` and the check,
    // and 301 s ahead would then be 300 s ahead, inside the window.
    let future = now + 360;
    let response = send(
        &app,
        request(
            &headers("webhook", future, sign(future, SECRET)),
            body.clone(),
        ),
    )
    .await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.text().contains("future"), "{}", response.text());

    let unsigned = signed_request(PATH, &[], body.into());
    let response = send(&app, unsigned).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(
        response.text().contains("webhook-id"),
        "{}",
        response.text()
    );
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn bad_secrets_fail_the_build() {
    for bad in [
        "whsec_!!!",
        "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=",
    ] {
        let result: Result<axum::Router<Calls>, _> = router![user_created]
            .secret("standard_webhooks", bad)
            .into_router();
        assert!(
            matches!(result, Err(BuildError::InvalidSecret { .. })),
            "{bad}"
        );
    }
}
