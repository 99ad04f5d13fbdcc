//! Postmark end to end: HTTP Basic credentials from the webhook URL (Postmark signs
//! nothing), dispatch on body `RecordType`, inbound messages as `Inbound`. The
//! `Authorization` value below was computed outside this crate:
//! `"Basic " + base64("postmark:s3cret")`.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{postmark, send};
use webhook::{router, webhook};

const CREDENTIALS: &str = "postmark:s3cret";
const AUTHORIZATION: &str = "Basic cG9zdG1hcms6czNjcmV0";
const PATH: &str = "/webhooks/postmark";
const BOUNCE: &str = r#"{"RecordType":"Bounce","MessageStream":"outbound","ID":4323372036854775807,"Type":"HardBounce","TypeCode":1,"Name":"Hard bounce","MessageID":"883953f4-6105-42a2-a16a-77a8eac79483","Email":"john@example.com","From":"sender@example.com","BouncedAt":"2026-01-01T00:00:00Z"}"#;
const INBOUND: &str = r#"{"FromName":"Postmarkapp Support","MessageStream":"inbound","From":"support@postmarkapp.com","To":"yourhash+SampleHash@inbound.postmarkapp.com","Subject":"Test subject","MessageID":"73e6d360-66eb-11e1-8e72-a8904824019b","TextBody":"This is a test text body."}"#;

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<String>>>);

#[webhook(provider = "postmark", event = "Bounce")]
async fn bounced(event: webhook::postmark::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls
        .0
        .lock()
        .unwrap()
        .push(format!("{} {}", event.event, event.payload["Email"]));
}

#[webhook(provider = "postmark", event = "Inbound")]
async fn inbound(event: webhook::postmark::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls
        .0
        .lock()
        .unwrap()
        .push(format!("{} {}", event.event, event.payload["Subject"]));
}

fn app(calls: &Calls) -> axum::Router {
    router![bounced, inbound]
        .secret("postmark", CREDENTIALS)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

fn raw(authorization: Option<&str>, body: &str) -> Request<Body> {
    let mut builder = Request::post(PATH).header("content-type", "application/json");
    if let Some(authorization) = authorization {
        builder = builder.header("authorization", authorization);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn deliveries_with_the_credentials_are_dispatched_on_record_type() {
    let calls = Calls::default();
    let app = app(&calls);
    let response = send(&app, raw(Some(AUTHORIZATION), BOUNCE)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let response = send(&app, postmark::request(PATH, CREDENTIALS, INBOUND)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        *calls.0.lock().unwrap(),
        [
            "Bounce \"john@example.com\"".to_owned(),
            "Inbound \"Test subject\"".to_owned()
        ]
    );
}

#[tokio::test]
async fn missing_or_wrong_credentials_are_refused() {
    let calls = Calls::default();
    let app = app(&calls);
    for authorization in [
        None,
        Some("Basic cG9zdG1hcms6d3Jvbmc="), // postmark:wrong
        Some("Bearer cG9zdG1hcms6czNjcmV0"),
        Some("Basic not base64!"),
    ] {
        let response = send(&app, raw(authorization, BOUNCE)).await;
        assert_eq!(
            response.status,
            StatusCode::UNAUTHORIZED,
            "{authorization:?}"
        );
    }
    assert!(calls.0.lock().unwrap().is_empty());
}

#[test]
fn a_secret_that_is_not_a_user_password_pair_fails_the_build() {
    let error = router![bounced]
        .secret("postmark", "just-a-password")
        .into_router()
        .map(|_: axum::Router<Calls>| ())
        .unwrap_err();
    assert!(error.to_string().contains("user:password"), "{error}");
}
