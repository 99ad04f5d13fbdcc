//! Providers declared with `#[derive(Provider)]`: the same routes, verification and
//! typed payloads as the built-in ones.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use base64::Engine;
use hmac::{Hmac, Mac};
use http::StatusCode;
use webhook::testing::{now, send, signed_request};
use webhook::{declared, router, webhook, Delivery, Provider};

/// `{timestamp}.{body}`, HMAC-SHA256, hex with a prefix, event in a JSON field.
#[derive(Provider)]
#[provider(
    name = "acme",
    signature_header = "X-Acme-Signature",
    algorithm = "hmac-sha256",
    encoding = "hex",
    prefix = "sha256=",
    signed = "{timestamp}.{body}",
    timestamp_header = "X-Acme-Timestamp",
    tolerance_secs = 60,
    id_header = "X-Acme-Delivery",
    event_field = "/data/kind",
    events = ["order.created", "order.paid", "order.refunded"]
)]
struct Acme;

/// `{body}`, HMAC-SHA512, base64, event in a header, no catalog.
#[derive(Provider)]
#[provider(
    name = "legacy-hooks",
    signature_header = "X-Legacy-Signature",
    algorithm = "hmac-sha512",
    encoding = "base64",
    event_header = "X-Legacy-Event"
)]
struct Legacy;

type Seen = Arc<Mutex<Vec<String>>>;

#[derive(serde::Deserialize)]
struct Order {
    data: OrderData,
}

#[derive(serde::Deserialize)]
struct OrderData {
    order_id: String,
}

#[webhook(provider = Acme, event = "order.paid")]
async fn order_paid(event: declared::Event<Order>, State(seen): State<Seen>) {
    seen.lock().unwrap().push(format!(
        "paid {} {:?}",
        event.payload.data.order_id, event.id
    ));
}

#[webhook(provider = Acme, event = "order.*")]
async fn any_order(delivery: Delivery, State(seen): State<Seen>) {
    seen.lock().unwrap().push(format!(
        "order {} via {}",
        delivery.event, delivery.endpoint
    ));
}

#[webhook(provider = Legacy, event = "*")]
async fn legacy(event: declared::Event<serde_json::Value>, State(seen): State<Seen>) {
    seen.lock().unwrap().push(format!("legacy {}", event.event));
}

fn mac_hex_sha256(secret: &str, message: &str) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(message.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn acme_request(secret: &str, timestamp: i64, body: &str) -> http::Request<axum::body::Body> {
    let signature = format!(
        "sha256={}",
        mac_hex_sha256(secret, &format!("{timestamp}.{body}"))
    );
    signed_request(
        "/webhooks/acme",
        &[
            ("x-acme-signature", signature),
            ("x-acme-timestamp", timestamp.to_string()),
            ("x-acme-delivery", "dlv_1".to_owned()),
        ],
        body.to_owned().into(),
    )
}

fn app(seen: &Seen) -> axum::Router {
    router![order_paid, any_order, legacy]
        .secret("acme", "acme-secret")
        .secret("legacy-hooks", "legacy-secret")
        .into_router()
        .unwrap()
        .with_state(seen.clone())
}

const PAID: &str = r#"{"data":{"kind":"order.paid","order_id":"ord_9"}}"#;

#[tokio::test]
async fn template_verifies_parses_and_dispatches() {
    let seen = Seen::default();
    let response = send(&app(&seen), acme_request("acme-secret", now(), PAID)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        *seen.lock().unwrap(),
        ["paid ord_9 Some(\"dlv_1\")", "order order.paid via acme"]
    );
}

#[tokio::test]
async fn template_rejects_tampering_wrong_secret_and_stale_timestamps() {
    let seen = Seen::default();
    let app = app(&seen);
    let mut tampered = acme_request("acme-secret", now(), PAID);
    *tampered.body_mut() = PAID.replace("ord_9", "ord_1").into();
    assert_eq!(send(&app, tampered).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        send(&app, acme_request("wrong", now(), PAID)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        send(&app, acme_request("acme-secret", now() - 61, PAID))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // The future side keeps a margin: the clock may tick between `now()` and the check,
    // and 61 s ahead would then be 60 s ahead, inside the window.
    assert_eq!(
        send(&app, acme_request("acme-secret", now() + 120, PAID))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let missing_field = r#"{"data":{}}"#;
    let response = send(&app, acme_request("acme-secret", now(), missing_field)).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert!(
        response.text().contains("/data/kind"),
        "{}",
        response.text()
    );
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn base64_sha512_header_events() {
    let seen = Seen::default();
    let body = r#"{"anything":true}"#;
    let mut mac = Hmac::<sha2::Sha512>::new_from_slice(b"legacy-secret").unwrap();
    mac.update(body.as_bytes());
    let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    let request = signed_request(
        "/webhooks/legacy-hooks",
        &[
            ("x-legacy-signature", signature),
            ("x-legacy-event", "thing.happened".to_owned()),
        ],
        body.into(),
    );
    assert_eq!(send(&app(&seen), request).await.status, StatusCode::OK);
    assert_eq!(*seen.lock().unwrap(), ["legacy thing.happened"]);
}

#[test]
fn derived_providers_carry_their_settings() {
    assert_eq!(Acme::NAME, "acme");
    assert_eq!(Acme::SECRET_ENV, "ACME_WEBHOOK_SECRET");
    assert_eq!(Legacy::SECRET_ENV, "LEGACY_HOOKS_WEBHOOK_SECRET");
    assert_eq!(
        Acme::DEFAULT_TOLERANCE,
        Some(std::time::Duration::from_secs(60))
    );
    assert_eq!(Legacy::DEFAULT_TOLERANCE, None);
    assert_eq!(Acme::EVENTS.map(|c| c.events.len()), Some(3));
}

/// `{body}`, HMAC-SHA256, hex, the delivery id at a JSON pointer.
#[derive(Provider)]
#[provider(
    name = "body-ids",
    signature_header = "X-Body-Ids-Signature",
    event_field = "/type",
    id_field = "/meta/delivery"
)]
struct BodyIds;

#[webhook(provider = BodyIds, event = "thing.done")]
async fn thing_done(
    event: declared::Event<serde_json::Value>,
    delivery: Delivery,
    State(seen): State<Seen>,
) {
    seen.lock()
        .unwrap()
        .push(format!("{:?} {:?}", event.id, delivery.id));
}

#[tokio::test]
async fn id_field_reads_the_delivery_id_from_the_body_and_sign_matches_verify() {
    let seen = Seen::default();
    let app: axum::Router = router![thing_done]
        .secret("body-ids", "body-secret")
        .into_router()
        .unwrap()
        .with_state(seen.clone());
    let template = declared::Template {
        signature_header: "x-body-ids-signature",
        algorithm: declared::Algorithm::HmacSha256,
        encoding: declared::Encoding::Hex,
        prefix: "",
        signed: declared::Signed::Body,
        timestamp_header: None,
        id_header: None,
        id_field: Some("/meta/delivery"),
        event: declared::EventSource::JsonPointer("/type"),
    };
    let with_id = r#"{"type":"thing.done","meta":{"delivery":"dlv_\u0031"}}"#;
    let without_id = r#"{"type":"thing.done"}"#;
    for body in [with_id, without_id] {
        let signature = declared::sign(&template, "body-secret", None, None, body.as_bytes());
        // Independently: HMAC-SHA256 hex of the body.
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"body-secret").unwrap();
        mac.update(body.as_bytes());
        assert_eq!(signature, hex::encode(mac.finalize().into_bytes()));
        let request = signed_request(
            "/webhooks/body-ids",
            &[("x-body-ids-signature", signature)],
            body.into(),
        );
        assert_eq!(send(&app, request).await.status, StatusCode::OK);
    }
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "Some(\"dlv_1\") Some(\"dlv_1\")".to_owned(),
            "None None".to_owned()
        ]
    );
}
