//! The outbox end to end: a message sent into the outbox on SQLite is delivered by the
//! workers through the sender's real `Client` (signed, through the SSRF guard) to this
//! crate's own Standard Webhooks receiver on a loopback port, and the attempt is
//! recorded as delivered. A URL the guard refuses is never saved.
#![cfg(all(feature = "outbox", feature = "sqlite", feature = "standard-webhooks"))]

#[allow(dead_code)]
#[path = "support/temp.rs"]
mod temp;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use webhook::outgoing::outbox::{
    AttemptState, NewEndpoint, Outbox, OutgoingMessage, SigningSecret, WorkerOptions,
};
use webhook::outgoing::{Client, Guard};
use webhook::store::{SqliteStore, Store as _};
use webhook::{router, standard_webhooks, webhook};

use temp::TempDir;

/// The specification's example secret.
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// What arrived: each delivery's `webhook-id` and `data`.
type Arrival = (Option<String>, serde_json::Value);

#[derive(Clone, Default)]
struct Received(Arc<Mutex<Vec<Arrival>>>);

#[webhook(provider = "standard_webhooks", event = "invoice.paid")]
async fn invoice_paid(
    event: standard_webhooks::Event<serde_json::Value>,
    State(received): State<Received>,
) {
    received.0.lock().unwrap().push((event.id, event.data));
}

fn loopback_guard() -> Guard {
    Guard::new().allow("127.0.0.1/32".parse().unwrap())
}

#[tokio::test]
async fn a_message_goes_out_through_the_client_and_arrives_verified() {
    // The receiving side: this crate's own router, on a loopback port.
    let received = Received::default();
    let app = router![invoice_paid]
        .secret("standard_webhooks", SECRET)
        .into_router()
        .unwrap()
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/webhooks/standard_webhooks",
        listener.local_addr().unwrap()
    );
    tokio::spawn(async move { axum::serve(listener, app).await });

    // The sending side: the outbox in a store's SQLite file, its URLs checked by the guard.
    let dir = TempDir::new("outbox-delivery");
    let path = dir.path().join("app.db");
    SqliteStore::open(&path)
        .await
        .unwrap()
        .close()
        .await
        .unwrap();
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let guard = loopback_guard();
    let outbox = Outbox::sqlite(pool).url_check(move |url: &str| {
        guard
            .check_url(url)
            .map(drop)
            .map_err(|refused| refused.to_string())
    });

    // A private address is refused when the endpoint is saved, before any connection.
    let refused = outbox
        .create_endpoint("acme", NewEndpoint::new("http://10.0.0.7/hooks"))
        .await;
    assert!(refused.is_err(), "a private address must not be saved");

    outbox
        .create_endpoint(
            "acme",
            NewEndpoint::new(url)
                .event_types(["invoice.*"])
                .secret(SigningSecret::new(SECRET)),
        )
        .await
        .unwrap();
    let sent = outbox
        .send(
            "acme",
            &OutgoingMessage::new(
                "invoice.paid",
                &serde_json::json!({ "id": "in_1", "amount": 4500 }),
            )
            .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(sent.endpoints, 1);

    let client = Client::builder().guard(loopback_guard()).build().unwrap();
    let workers = outbox.workers(
        client,
        WorkerOptions::default().poll_interval(Duration::from_millis(50)),
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while received.0.lock().unwrap().is_empty() {
        if tokio::time::Instant::now() > deadline {
            let attempts = outbox.attempts("acme", &sent.message_id).await.unwrap();
            panic!("nothing arrived in 10 s: {attempts:?}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (id, data) = received.0.lock().unwrap()[0].clone();
    assert_eq!(
        id.as_deref(),
        Some(sent.message_id.as_str()),
        "webhook-id is the message id"
    );
    assert_eq!(data, serde_json::json!({ "id": "in_1", "amount": 4500 }));

    // The attempt is recorded as delivered, with the receiver's status.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let attempts = outbox.attempts("acme", &sent.message_id).await.unwrap();
        if attempts.iter().any(|a| a.state == AttemptState::Delivered) {
            assert_eq!(attempts[0].status, Some(200));
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "attempt not recorded: {attempts:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    workers.shutdown().await;
}
