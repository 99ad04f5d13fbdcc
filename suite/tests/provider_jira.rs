//! Jira Cloud end to end, with a request signed as Jira Cloud documents it
//! (X-Hub-Signature), the vector computed independently with Python's `hmac`:
//!
//! ```text
//! hmac.new(b"jira_admin_webhook_secret", BODY, hashlib.sha256).hexdigest()
//! ```
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{jira, send};
use webhook::{router, webhook};

const SECRET: &str = "jira_admin_webhook_secret";
const PATH: &str = "/webhooks/jira";
const BODY: &str = r#"{"timestamp":1700000000000,"webhookEvent":"jira:issue_created","issue_event_type_name":"issue_created","issue":{"id":"10002","key":"PROJ-2","fields":{"summary":"A bug"}}}"#;
/// `X-Hub-Signature` for [`BODY`] keyed with [`SECRET`], computed outside this crate.
const SIGNATURE: &str = "sha256=992c422d3315a477989536b9fa7d4b505b521e2e9e41f6da3bffbf73b84963b6";

/// What a handler saw.
type Seen = (String, Option<String>, serde_json::Value);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "jira", event = "jira:issue_created")]
async fn handle(event: webhook::jira::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls
        .0
        .lock()
        .unwrap()
        .push((event.event, event.id, event.payload));
}

fn app(calls: &Calls) -> axum::Router {
    router![handle]
        .secret("jira", "old-secret")
        .secret("jira", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

/// A request as Jira Cloud sends it, with `signature` as its signature header.
fn request(signature: Option<&str>, event: &str, body: &str) -> Request<Body> {
    let _ = event;
    let mut builder = Request::post(PATH)
        .header("content-type", "application/json")
        .header(
            "x-atlassian-webhook-identifier",
            "4c2e1d0a-3b5f-4f7e-8a9b-1c2d3e4f5a6b",
        );
    if let Some(signature) = signature {
        builder = builder.header("x-hub-signature", signature);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn the_independent_vector_reaches_the_handler() {
    let calls = Calls::default();
    let response = send(
        &app(&calls),
        request(Some(SIGNATURE), "jira:issue_created", BODY),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let calls = calls.0.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    let (event, id, payload) = &calls[0];
    assert_eq!(event, "jira:issue_created");
    assert_eq!(id, &Some("4c2e1d0a-3b5f-4f7e-8a9b-1c2d3e4f5a6b".to_owned()));
    assert_eq!(
        payload,
        &serde_json::from_str::<serde_json::Value>(BODY).unwrap()
    );
}

#[tokio::test]
async fn tampered_body_wrong_secret_and_missing_signature_are_refused() {
    let calls = Calls::default();
    let app = app(&calls);
    let tampered = format!("{BODY} "); // one byte more
    for request in [
        request(Some(SIGNATURE), "jira:issue_created", &tampered),
        request(None, "jira:issue_created", BODY),
        jira::request(PATH, "wrong-secret", BODY),
    ] {
        let response = send(&app, request).await;
        assert_eq!(
            response.status,
            StatusCode::UNAUTHORIZED,
            "{}",
            response.text()
        );
    }
    assert!(calls.0.lock().unwrap().is_empty());
}

#[tokio::test]
async fn the_testing_helper_signs_as_jira_does() {
    let calls = Calls::default();
    let response = send(&app(&calls), jira::request(PATH, SECRET, BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.0.lock().unwrap().len(), 1);
    assert_eq!(jira::signature(SECRET, BODY.as_bytes()), SIGNATURE);
}
