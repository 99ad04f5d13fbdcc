//! Secrets never appear in `Debug`, `Display`, logs, errors or stored headers.

use std::io::Write;
use std::sync::{Arc, Mutex};

use webhook::testing::{send, signed_request, stripe_request};
use webhook::{router, stripe, webhook};

const SECRET: &str = "whsec_top_secret_value_42";

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn invoice_paid(_event: stripe::Event<serde_json::Value>) -> Result<(), String> {
    Err("handler failed".to_owned())
}

/// Collects everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const BODY: &str = r#"{"id":"evt_leak","object":"event","type":"invoice.paid","created":1,"livemode":false,"data":{"object":{"card":"4242424242424242"}}}"#;

/// A runtime, the router, a genuine signed delivery and its signature header.
fn one_delivery() -> (
    tokio::runtime::Runtime,
    axum::Router,
    http::Request<axum::body::Body>,
    String,
) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let app: axum::Router = router![invoice_paid]
        .secret("stripe", SECRET)
        .into_router()
        .unwrap();
    let signed = stripe_request("/webhooks/stripe", SECRET, BODY);
    let signature = signed.headers()["stripe-signature"]
        .to_str()
        .unwrap()
        .to_owned();
    (runtime, app, signed, signature)
}

#[test]
fn logs_at_every_level_carry_no_secret_signature_or_body() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let (runtime, app, signed, signature) = one_delivery();
    runtime.block_on(async {
        assert_eq!(send(&app, signed).await.status, 500);
        let forged = signed_request(
            "/webhooks/stripe",
            &[("stripe-signature", format!("t=1,v1={}", "ab".repeat(32)))],
            BODY.into(),
        );
        assert_eq!(send(&app, forged).await.status, 401);
    });
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("webhook delivery answered"),
        "spans and events were captured: {logs}"
    );
    assert!(
        logs.contains("evt_leak") && logs.contains("invoice.paid"),
        "the delivery is identifiable: {logs}"
    );
    for secret in [
        SECRET,
        signature.as_str(),
        "4242424242424242",
        &"ab".repeat(32),
    ] {
        assert!(
            !logs.contains(secret),
            "`{secret}` leaked into the logs:\n{logs}"
        );
    }
}

/// A subscriber that enables events but not spans: the framework then skips its span
/// and sends one answer event carrying the span's fields known at the end.
#[test]
fn without_the_span_the_answer_event_names_the_delivery_and_no_secret() {
    use tracing_subscriber::layer::SubscriberExt;

    let captured = Captured::default();
    let writer = captured.clone();
    // A global filter: spans it refuses are never created (`Span::is_disabled`).
    let subscriber = tracing_subscriber::registry()
        .with(tracing_subscriber::filter::filter_fn(|meta| {
            meta.is_event()
        }))
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(move || writer.clone())
                .with_ansi(false),
        );
    let _guard = tracing::subscriber::set_default(subscriber);
    let (runtime, app, signed, signature) = one_delivery();
    runtime.block_on(async { assert_eq!(send(&app, signed).await.status, 500) });
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let answer = logs
        .lines()
        .find(|line| line.contains("webhook delivery answered"))
        .unwrap_or_else(|| panic!("no answer event: {logs}"));
    for field in [
        "provider=\"stripe\"",
        "endpoint=stripe",
        "status=500",
        "duration_ms=",
    ] {
        assert!(answer.contains(field), "`{field}` missing: {answer}");
    }
    assert!(
        logs.contains("handler returned an error"),
        "the handler's failure is logged: {logs}"
    );
    for secret in [SECRET, signature.as_str(), "4242424242424242"] {
        assert!(!logs.contains(secret), "`{secret}` leaked:\n{logs}");
    }
}

#[test]
fn debug_and_errors_carry_no_secret() {
    let webhooks: webhook::Webhooks = router![invoice_paid].secret("stripe", SECRET);
    let printed = format!("{webhooks:?}");
    assert!(!printed.contains(SECRET), "{printed}");
    assert!(printed.contains("redacted"), "{printed}");
    let error = router![invoice_paid]
        .secret("stripe", SECRET)
        .secret("stirpe", SECRET)
        .into_router()
        .map(|_: axum::Router| ())
        .unwrap_err();
    assert!(!format!("{error} {error:?}").contains(SECRET));
    let verify_error = webhook::VerifyError::Mismatch;
    assert!(!format!("{verify_error} {verify_error:?}").contains(SECRET));
}
