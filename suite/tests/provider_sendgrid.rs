//! SendGrid end to end: ECDSA verification keys, each event of a batch dispatched to
//! the handlers of its kind with its own delivery id, the batch acknowledged (and, with
//! a store, stored) once.
#![cfg(feature = "all-providers")]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use http::StatusCode;
use webhook::sendgrid::EmailEvent;
use webhook::store::{self, DeliveryFilter};
use webhook::testing::{self, send, sendgrid, signed_request};
use webhook::{router, webhook, BuildError, Delivery};

const PRIVATE_KEY: [u8; 32] = [7; 32];
const OTHER_KEY: [u8; 32] = [9; 32];
const PATH: &str = "/webhooks/sendgrid";

#[derive(Clone, Default)]
struct Calls {
    log: Arc<Mutex<Vec<String>>>,
    /// While set, the `dropped` handler fails.
    fail_dropped: Arc<AtomicBool>,
}

impl Calls {
    fn push(&self, entry: String) {
        self.log.lock().unwrap().push(entry);
    }
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }
}

#[webhook(provider = "sendgrid", event = "bounce")]
async fn bounced(
    bounce: webhook::sendgrid::Event<EmailEvent>,
    delivery: Delivery,
    State(calls): State<Calls>,
) {
    calls.push(format!(
        "bounce {} {} {:?} {} {}",
        bounce.data.email,
        bounce.delivery_id,
        bounce.sg_event_id,
        bounce.data.fields["reason"],
        delivery.id.unwrap_or_default(),
    ));
}

#[webhook(provider = "sendgrid", event = "dropped")]
async fn dropped(event: EmailEvent, State(calls): State<Calls>) -> Result<(), String> {
    if calls.fail_dropped.load(Ordering::SeqCst) {
        return Err("suppression list unavailable".to_owned());
    }
    calls.push(format!("dropped {}", event.email));
    Ok(())
}

#[webhook(provider = "sendgrid", event = "*")]
async fn every(event: serde_json::Value, delivery: Delivery, State(calls): State<Calls>) {
    calls.push(format!(
        "every {} {} {}",
        delivery.event,
        delivery.id.unwrap_or_default(),
        event["email"]
    ));
}

fn app(calls: &Calls) -> axum::Router {
    router![bounced, dropped, every]
        .secret("sendgrid", &sendgrid::public_key(&OTHER_KEY))
        .secret("sendgrid", &sendgrid::public_key(&PRIVATE_KEY))
        .tolerance("sendgrid", Some(Duration::from_secs(300)))
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

/// As SendGrid sends it: events separated by `\r\n`, the body ending with one.
const BATCH: &str = "[{\"email\":\"a@example.com\",\"event\":\"processed\",\"sg_event_id\":\"ev_1\",\"timestamp\":1},\r\n{\"email\":\"b@example.com\",\"event\":\"bounce\",\"reason\":\"over quota\",\"sg_event_id\":\"ev_2\",\"timestamp\":2},\r\n{\"email\":\"c@example.com\",\"event\":\"delivered\",\"timestamp\":3}]\r\n";

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[tokio::test]
async fn each_event_reaches_its_handlers_with_its_own_id_and_the_batch_is_answered_once() {
    let calls = Calls::default();
    let response = send(&app(&calls), sendgrid::request(PATH, &PRIVATE_KEY, BATCH)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.json()["status"], "handled");
    // The third event has no `sg_event_id`: its id is the hash of its own JSON.
    let delivered = r#"{"email":"c@example.com","event":"delivered","timestamp":3}"#;
    assert_eq!(
        calls.take(),
        [
            "every processed ev_1 \"a@example.com\"".to_owned(),
            "bounce b@example.com ev_2 Some(\"ev_2\") \"over quota\" ev_2".to_owned(),
            "every bounce ev_2 \"b@example.com\"".to_owned(),
            format!(
                "every delivered sha256:{} \"c@example.com\"",
                hex_sha256(delivered.as_bytes())
            ),
        ]
    );
}

#[tokio::test]
async fn an_event_that_does_not_fit_its_handler_is_400_before_any_handler_runs() {
    let calls = Calls::default();
    // The bounce has no `email`, which `EmailEvent` requires.
    let body = r#"[{"email":"a@example.com","event":"processed","timestamp":1},{"event":"bounce","timestamp":2}]"#;
    let response = send(&app(&calls), sendgrid::request(PATH, &PRIVATE_KEY, body)).await;
    assert_eq!(
        response.status,
        StatusCode::BAD_REQUEST,
        "{}",
        response.text()
    );
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn a_batch_no_handler_takes_is_ignored_and_an_empty_one_too() {
    let calls = Calls::default();
    let app = router![bounced]
        .secret("sendgrid", &sendgrid::public_key(&PRIVATE_KEY))
        .into_router()
        .unwrap()
        .with_state(calls.clone());
    for body in [r#"[{"email":"a","event":"open","timestamp":1}]"#, "[]"] {
        let response = send(&app, sendgrid::request(PATH, &PRIVATE_KEY, body)).await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.json()["status"], "ignored", "{}", response.text());
    }
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn with_a_store_the_batch_is_one_delivery_retried_whole() {
    let dir = std::env::temp_dir().join(format!("webhook-sendgrid-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = store::open(dir.join("deliveries.db").to_str().unwrap())
        .await
        .unwrap();
    let calls = Calls::default();
    let app = router![bounced, dropped, every]
        .secret("sendgrid", &sendgrid::public_key(&PRIVATE_KEY))
        .store(Arc::clone(&store))
        .into_router()
        .unwrap()
        .with_state(calls.clone());
    let body = "[{\"email\":\"a@example.com\",\"event\":\"dropped\",\"sg_event_id\":\"ev_9\",\"timestamp\":1},{\"email\":\"b@example.com\",\"event\":\"bounce\",\"reason\":\"full\",\"sg_event_id\":\"ev_10\",\"timestamp\":2}]";

    // One handler fails: the batch is answered 500, so SendGrid retries it whole.
    calls.fail_dropped.store(true, Ordering::SeqCst);
    let response = send(&app, sendgrid::request(PATH, &PRIVATE_KEY, body)).await;
    assert_eq!(response.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(calls.take().len(), 3, "the other handlers still ran");

    let rows = store.list(&DeliveryFilter::new()).await.unwrap();
    assert_eq!(rows.len(), 1, "one stored delivery per batch");
    let expected_id = format!("sha256:{}", hex_sha256(body.as_bytes()));
    assert_eq!(rows[0].delivery_id.as_deref(), Some(expected_id.as_str()));
    assert_eq!(rows[0].event.as_deref(), Some("batch"));
    let stored = store.get(rows[0].id).await.unwrap().unwrap();
    assert_eq!(stored.body, body.as_bytes(), "the bytes SendGrid signed");

    // SendGrid's retry runs every event again, and now succeeds.
    calls.fail_dropped.store(false, Ordering::SeqCst);
    let response = send(&app, sendgrid::request(PATH, &PRIVATE_KEY, body)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        [
            "dropped a@example.com",
            "every dropped ev_9 \"a@example.com\"",
            "bounce b@example.com ev_10 Some(\"ev_10\") \"full\" ev_10",
            "every bounce ev_10 \"b@example.com\"",
        ]
    );
    // Once handled, the same batch again is a duplicate and runs nothing.
    let response = send(&app, sendgrid::request(PATH, &PRIVATE_KEY, body)).await;
    assert_eq!(
        response.json()["status"],
        "duplicate",
        "{}",
        response.text()
    );
    assert!(calls.take().is_empty());
    assert_eq!(store.list(&DeliveryFilter::new()).await.unwrap().len(), 1);
    store.close().await.unwrap();
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn queued_batches_are_split_by_the_workers() {
    let dir = std::env::temp_dir().join(format!("webhook-sendgrid-q-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = store::open(dir.join("deliveries.db").to_str().unwrap())
        .await
        .unwrap();
    let calls = Calls::default();
    let service = router![bounced, every]
        .secret("sendgrid", &sendgrid::public_key(&PRIVATE_KEY))
        .store(Arc::clone(&store))
        .mode(webhook::Mode::Queued)
        .workers(1)
        .start(calls.clone())
        .unwrap();
    let response = send(
        &service.router,
        sendgrid::request(PATH, &PRIVATE_KEY, BATCH),
    )
    .await;
    assert_eq!(response.json()["status"], "queued", "{}", response.text());
    let mut seen = Vec::new();
    for _ in 0..200 {
        seen.extend(calls.take());
        if seen.len() >= 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
    assert_eq!(seen[0], "every processed ev_1 \"a@example.com\"");
    assert!(seen[1].starts_with("bounce b@example.com ev_2"), "{seen:?}");
    service.workers.shutdown().await;
    store.close().await.unwrap();
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn tampered_wrong_key_and_stale_are_401() {
    let calls = Calls::default();
    let app = app(&calls);

    let timestamp = testing::now().to_string();
    let signature = sendgrid::signature(&PRIVATE_KEY, &timestamp, BATCH.as_bytes());
    let headers = |signature: String, timestamp: String| {
        [
            ("x-twilio-email-event-webhook-signature", signature),
            ("x-twilio-email-event-webhook-timestamp", timestamp),
        ]
    };
    let tampered = signed_request(
        PATH,
        &headers(signature, timestamp),
        BATCH.replace("over quota", "fine").into(),
    );
    assert_eq!(send(&app, tampered).await.status, StatusCode::UNAUTHORIZED);

    let wrong = sendgrid::request(PATH, &[3; 32], BATCH);
    assert_eq!(send(&app, wrong).await.status, StatusCode::UNAUTHORIZED);

    let stale = (testing::now() - 301).to_string();
    let signature = sendgrid::signature(&PRIVATE_KEY, &stale, BATCH.as_bytes());
    let request = signed_request(PATH, &headers(signature, stale), BATCH.into());
    let response = send(&app, request).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.text().contains("tolerance"), "{}", response.text());
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn a_body_that_is_not_an_array_of_events_is_400() {
    let calls = Calls::default();
    for body in [r#"{"event":"bounce"}"#, r#"[{"email":"no kind"}]"#] {
        let response = send(&app(&calls), sendgrid::request(PATH, &PRIVATE_KEY, body)).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{body}");
    }
    assert!(calls.take().is_empty());
}

#[test]
fn a_garbled_verification_key_fails_at_startup() {
    let error = router![bounced, every]
        .secret("sendgrid", "sk_live_this_is_an_api_key")
        .into_router()
        .unwrap_err();
    assert!(matches!(error, BuildError::InvalidSecret { .. }), "{error}");
    assert!(error.to_string().contains("base64"), "{error}");
}
