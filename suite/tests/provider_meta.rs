//! Meta end to end: `X-Hub-Signature-256` over the body with the app secret, dispatch on
//! body `object`, and the `GET` subscription handshake — the one route that answers a
//! `GET`. The vector was computed independently with Python's `hmac` from Meta's
//! documented scheme: `"sha256=" + hmac.new(b"meta_app_secret", BODY, sha256).hexdigest()`.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use http::{header, Request, StatusCode};
use webhook::testing::{meta, send};
use webhook::{router, webhook};

const APP_SECRET: &str = "meta_app_secret";
const VERIFY_TOKEN: &str = "my verify token";
const PATH: &str = "/webhooks/meta";
const BODY: &str = r#"{"object":"page","entry":[{"id":"0","time":1700000000,"changes":[{"field":"feed","value":{"item":"status"}}]}]}"#;
const SIGNATURE: &str = "sha256=09f9f325c2e1ec7f485554de7f28ac6698fc8e8df4007d02a9e1e94387b070f9";

/// What a handler saw.
type Seen = (String, serde_json::Value);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

#[webhook(provider = "meta", event = "page")]
async fn page(event: webhook::meta::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls
        .0
        .lock()
        .unwrap()
        .push((event.event, event.payload["entry"].clone()));
}

fn app(calls: &Calls, secrets: &[&str]) -> axum::Router {
    let mut webhooks = router![page];
    for secret in secrets {
        webhooks = webhooks.secret("meta", secret);
    }
    webhooks
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

fn configured() -> Vec<String> {
    vec![
        APP_SECRET.to_owned(),
        format!("verify_token:{VERIFY_TOKEN}"),
    ]
}

fn notification(signature: Option<&str>, body: &str) -> Request<Body> {
    let mut builder = Request::post(PATH).header(header::CONTENT_TYPE, "application/json");
    if let Some(signature) = signature {
        builder = builder.header("x-hub-signature-256", signature);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn the_independent_vector_reaches_the_handler() {
    let calls = Calls::default();
    let secrets = configured();
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    let response = send(&app(&calls, &secrets), notification(Some(SIGNATURE), BODY)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let calls = calls.0.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].0, "page");
    assert_eq!(calls[0].1[0]["changes"][0]["field"], "feed");
}

#[tokio::test]
async fn tampered_unsigned_and_token_signed_notifications_are_refused() {
    let calls = Calls::default();
    let secrets = configured();
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    let app = app(&calls, &secrets);
    let tampered = BODY.replace("feed", "feeds");
    for request in [
        notification(Some(SIGNATURE), &tampered),
        notification(None, BODY),
        // Signed with the verify token: tokens never check a signature.
        meta::request(PATH, VERIFY_TOKEN, BODY),
        meta::request(PATH, "another app's secret", BODY),
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
    let signed = send(&app, meta::request(PATH, APP_SECRET, BODY)).await;
    assert_eq!(signed.status, StatusCode::OK);
}

#[tokio::test]
async fn the_get_handshake_echoes_the_challenge_for_the_verify_token() {
    let calls = Calls::default();
    let secrets = configured();
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    let app = app(&calls, &secrets);
    let response = send(
        &app,
        meta::subscription_check(PATH, VERIFY_TOKEN, "1158201444"),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.text(), "1158201444");
    assert_eq!(
        response.headers[header::CONTENT_TYPE],
        "text/plain; charset=utf-8"
    );
    // Meta's own spelling of the query, as its dashboard sends it.
    let raw = Request::get(format!(
        "{PATH}?hub.mode=subscribe&hub.challenge=42&hub.verify_token=my%20verify%20token"
    ))
    .body(Body::empty())
    .unwrap();
    let response = send(&app, raw).await;
    assert_eq!(
        (response.status, response.text()),
        (StatusCode::OK, "42".to_owned())
    );
    assert!(
        calls.0.lock().unwrap().is_empty(),
        "a handshake dispatches nothing"
    );
}

#[tokio::test]
async fn the_get_handshake_refuses_a_wrong_token_or_an_unconfigured_one() {
    let calls = Calls::default();
    let secrets = configured();
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    let app_with_token = app(&calls, &secrets);
    for request in [
        meta::subscription_check(PATH, "wrong token", "1"),
        meta::subscription_check(PATH, APP_SECRET, "1"),
    ] {
        let response = send(&app_with_token, request).await;
        assert_eq!(
            response.status,
            StatusCode::FORBIDDEN,
            "{}",
            response.text()
        );
        assert!(!response.text().contains(VERIFY_TOKEN));
    }
    let missing = Request::get(format!("{PATH}?hub.mode=subscribe"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(&app_with_token, missing).await.status,
        StatusCode::BAD_REQUEST
    );

    let without_token = app(&calls, &[APP_SECRET]);
    let response = send(
        &without_token,
        meta::subscription_check(PATH, VERIFY_TOKEN, "1"),
    )
    .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert!(
        response.text().contains("verify_token:"),
        "{}",
        response.text()
    );
}

#[webhook(provider = "typeform", event = "form_response")]
async fn typeform_response(_event: webhook::typeform::Event<serde_json::Value>) {}

#[tokio::test]
async fn only_the_meta_route_answers_a_get() {
    let app: axum::Router = router![page, typeform_response]
        .secret("meta", APP_SECRET)
        .secret("meta", &format!("verify_token:{VERIFY_TOKEN}"))
        .secret("typeform", "typeform-secret")
        .into_router()
        .expect("router builds")
        .with_state(Calls::default());
    let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();
    let response = send(&app, get("/webhooks/typeform?hub.mode=subscribe")).await;
    assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED);
    let put = Request::put(PATH).body(Body::empty()).unwrap();
    assert_eq!(send(&app, put).await.status, StatusCode::METHOD_NOT_ALLOWED);
    let check = meta::subscription_check(PATH, VERIFY_TOKEN, "7");
    assert_eq!(send(&app, check).await.status, StatusCode::OK);
}

#[test]
fn a_verify_token_item_without_a_token_fails_the_build() {
    let error = router![page]
        .secret("meta", APP_SECRET)
        .secret("meta", "verify_token:")
        .into_router()
        .map(|_: axum::Router<Calls>| ())
        .unwrap_err();
    assert!(error.to_string().contains("verify_token"), "{error}");
}
