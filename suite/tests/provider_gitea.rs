//! Gitea / Forgejo end to end, with a request signed as Gitea / Forgejo documents it
//! (X-Gitea-Signature), the vector computed independently with Python's `hmac`:
//!
//! ```text
//! hmac.new(b"gitea_webhook_secret", BODY, hashlib.sha256).hexdigest()
//! ```
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{gitea, send};
use webhook::{router, webhook};

const SECRET: &str = "gitea_webhook_secret";
const PATH: &str = "/webhooks/gitea";
const BODY: &str = r#"{"ref":"refs/heads/main","before":"0000000000000000000000000000000000000000","after":"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678","repository":{"full_name":"team/repo"},"pusher":{"login":"ada"}}"#;
/// `X-Gitea-Signature` for [`BODY`] keyed with [`SECRET`], computed outside this crate.
const SIGNATURE: &str = "88f9c47f0829eed48164b1de1f64189c17d62b736d7c19fcc881521c793afaa2";

/// What a handler saw.
type Seen = (String, Option<String>, serde_json::Value);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "gitea", event = "push")]
async fn handle(event: webhook::gitea::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls
        .0
        .lock()
        .unwrap()
        .push((event.event, event.id, event.payload));
}

fn app(calls: &Calls) -> axum::Router {
    router![handle]
        .secret("gitea", "old-secret")
        .secret("gitea", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

/// A request as Gitea / Forgejo sends it, with `signature` as its signature header.
fn request(signature: Option<&str>, event: &str, body: &str) -> Request<Body> {
    let _ = event;
    let mut builder = Request::post(PATH)
        .header("content-type", "application/json")
        .header("x-gitea-event", event)
        .header("x-gitea-delivery", "f6266f16-1bf3-46a5-9ea4-602e06ead473");
    if let Some(signature) = signature {
        builder = builder.header("x-gitea-signature", signature);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn the_independent_vector_reaches_the_handler() {
    let calls = Calls::default();
    let response = send(&app(&calls), request(Some(SIGNATURE), "push", BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let calls = calls.0.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    let (event, id, payload) = &calls[0];
    assert_eq!(event, "push");
    assert_eq!(id, &Some("f6266f16-1bf3-46a5-9ea4-602e06ead473".to_owned()));
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
        request(Some(SIGNATURE), "push", &tampered),
        request(None, "push", BODY),
        gitea::request(PATH, "wrong-secret", "push", BODY),
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
async fn the_testing_helper_signs_as_gitea_does() {
    let calls = Calls::default();
    let response = send(&app(&calls), gitea::request(PATH, SECRET, "push", BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.0.lock().unwrap().len(), 1);
    assert_eq!(gitea::signature(SECRET, BODY.as_bytes()), SIGNATURE);
}
