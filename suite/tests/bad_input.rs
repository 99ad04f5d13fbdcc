//! Hostile and malformed requests: each gets a clear 4xx (or a bounded 5xx for slow
//! handlers), never a panic or a stall. Each test is a row of the README's bad-input table.

use std::time::Duration;

use axum::body::Body;
use http::{Request, StatusCode};
use webhook::testing::{now, send, signed_request, stripe_request, stripe_signature};
use webhook::{router, stripe, webhook};

const SECRET: &str = "whsec_test_secret";

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn invoice_paid(_event: stripe::Event<serde_json::Value>) {}

#[webhook(provider = "stripe", event = "customer.created")]
async fn slow() {
    tokio::time::sleep(Duration::from_secs(30)).await;
}

fn app() -> axum::Router {
    router![invoice_paid, slow]
        .secret("stripe", SECRET)
        .body_limit("stripe", 64 * 1024)
        .read_timeout(Duration::from_millis(200))
        .handler_timeout(Duration::from_millis(200))
        .into_router()
        .unwrap()
}

fn event(event_type: &str, object: &str) -> String {
    format!(
        r#"{{"id":"evt_1","object":"event","type":"{event_type}","created":1,"livemode":false,"data":{{"object":{object}}}}}"#
    )
}

fn signed_bytes(body: Vec<u8>, content_type: &str) -> Request<Body> {
    let signature = stripe_signature(&[SECRET], now(), &body);
    Request::post("/webhooks/stripe")
        .header("content-type", content_type)
        .header("stripe-signature", signature)
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn unknown_path_is_404_with_a_stable_body() {
    let response = send(&app(), stripe_request("/webhooks/strip", SECRET, "{}")).await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert_eq!(response.json(), serde_json::json!({"error": "not_found"}));
}

#[tokio::test]
async fn other_methods_are_405_with_allow_and_a_stable_body() {
    for method in ["GET", "PUT", "DELETE", "PATCH"] {
        let request = Request::builder()
            .method(method)
            .uri("/webhooks/stripe")
            .body(Body::empty())
            .unwrap();
        let response = send(&app(), request).await;
        assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(response.headers["allow"], "POST");
        assert_eq!(response.json()["error"], "method_not_allowed");
    }
}

#[tokio::test]
async fn a_content_type_stripe_never_sends_is_415() {
    let body = event("invoice.paid", r#"{"id":"in_1"}"#).into_bytes();
    let response = send(&app(), signed_bytes(body.clone(), "text/plain")).await;
    assert_eq!(response.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(response.json()["error"], "unsupported_media_type");
    // Parameters and case do not matter.
    let response = send(
        &app(),
        signed_bytes(body, "Application/JSON; charset=utf-8"),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK);
}

#[tokio::test]
async fn a_declared_oversized_body_is_413_without_reading_it() {
    let request = Request::post("/webhooks/stripe")
        .header("content-length", "10000000")
        .header("stripe-signature", "t=1,v1=00")
        // The body never ends: answering at all shows it was not read.
        .body(Body::from_stream(futures_util::stream::pending::<
            Result<bytes::Bytes, std::io::Error>,
        >()))
        .unwrap();
    let response = tokio::time::timeout(Duration::from_secs(5), send(&app(), request))
        .await
        .unwrap();
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn an_actual_oversized_body_is_413() {
    let body = event(
        "invoice.paid",
        &format!(r#"{{"pad":"{}"}}"#, "x".repeat(70 * 1024)),
    );
    let response = send(&app(), stripe_request("/webhooks/stripe", SECRET, body)).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_body_that_never_finishes_is_408() {
    let request = Request::post("/webhooks/stripe")
        .header("stripe-signature", "t=1,v1=00")
        .body(Body::from_stream(futures_util::stream::pending::<
            Result<bytes::Bytes, std::io::Error>,
        >()))
        .unwrap();
    let response = tokio::time::timeout(Duration::from_secs(5), send(&app(), request))
        .await
        .unwrap();
    assert_eq!(response.status, StatusCode::REQUEST_TIMEOUT);
}

#[tokio::test]
async fn a_slow_handler_is_bounded_and_answers_500() {
    let body = event("customer.created", "{}");
    let started = std::time::Instant::now();
    let response = send(&app(), stripe_request("/webhooks/stripe", SECRET, body)).await;
    assert_eq!(response.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn deeply_nested_json_is_400() {
    let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let response = send(
        &app(),
        stripe_request("/webhooks/stripe", SECRET, event("invoice.paid", &nested)),
    )
    .await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn truncated_json_is_400() {
    let body = event("invoice.paid", r#"{"id":"in_1"}"#);
    let truncated = &body[..body.len() / 2];
    let response = send(
        &app(),
        stripe_request("/webhooks/stripe", SECRET, truncated.to_owned()),
    )
    .await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.json()["error"], "invalid_payload");
}

#[tokio::test]
async fn duplicate_envelope_keys_are_400() {
    let body = r#"{"id":"evt_1","type":"invoice.paid","type":"charge.refunded","created":1,"livemode":false,"data":{"object":{}}}"#;
    let response = send(&app(), stripe_request("/webhooks/stripe", SECRET, body)).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert!(
        response.text().contains("duplicate field"),
        "{}",
        response.text()
    );
}

#[tokio::test]
async fn invalid_utf8_is_400() {
    let mut body = event("invoice.paid", r#"{"id":"in_1","description":"XX"}"#).into_bytes();
    let at = body.len() - 6;
    body[at] = 0xff;
    body[at + 1] = 0xfe;
    let response = send(&app(), signed_bytes(body, "application/json")).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn huge_strings_under_the_limit_are_fine() {
    let body = event(
        "invoice.paid",
        &format!(r#"{{"id":"in_1","description":"{}"}}"#, "é".repeat(20_000)),
    );
    let response = send(&app(), stripe_request("/webhooks/stripe", SECRET, body)).await;
    assert_eq!(response.status, StatusCode::OK);
}

#[tokio::test]
async fn repeated_and_oversized_signature_headers_are_401() {
    let body = event("invoice.paid", "{}");
    let good = stripe_signature(&[SECRET], now(), body.as_bytes());
    // Two headers: the first one is the one read; a bad first one is refused.
    let request = signed_request(
        "/webhooks/stripe",
        &[
            ("stripe-signature", "t=1,v1=00".to_owned()),
            ("stripe-signature", good),
        ],
        body.clone().into(),
    );
    assert_eq!(send(&app(), request).await.status, StatusCode::UNAUTHORIZED);
    let huge = format!("t={},{}", now(), "v1=ab,".repeat(20_000));
    let request = signed_request(
        "/webhooks/stripe",
        &[("stripe-signature", huge)],
        body.into(),
    );
    assert_eq!(send(&app(), request).await.status, StatusCode::UNAUTHORIZED);
}
