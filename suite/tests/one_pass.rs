//! The one-pass paths: Stripe's envelope peeked (`id` first, `type` last, Stripe's own
//! layout) and Slack's `event_callback` read by structure, so that a typed
//! `stripe::Event<T>` / `slack::Event<T>` parses the body once. Each must give exactly
//! what the envelope-first path gives, and a malformed body must still be refused with
//! 400 in every way a delivery can be handled.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use http::StatusCode;
use webhook::store::{self, DeliveryFilter, DeliveryStatus};
use webhook::testing::{self, send, stripe_request};
use webhook::{router, slack, stripe, webhook, Delivery, Mode};

const SECRET: &str = "whsec_one_pass";

#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<String>>>);

impl Seen {
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn typed(event: stripe::Event<stripe::Invoice>, State(seen): State<Seen>) {
    seen.0.lock().unwrap().push(format!("{event:?}"));
}

#[webhook(provider = "stripe", event = "charge.*")]
async fn delivery_only(delivery: Delivery, State(seen): State<Seen>) {
    seen.0
        .lock()
        .unwrap()
        .push(format!("delivery {}", delivery.event));
}

fn app(seen: &Seen) -> axum::Router {
    router![typed, delivery_only]
        .secret("stripe", SECRET)
        .into_router()
        .unwrap()
        .with_state(seen.clone())
}

/// A SQLite store in a directory of this test process's own, named by `tag`; the
/// directory is the caller's to remove.
async fn temp_store(tag: &str) -> (std::path::PathBuf, Arc<dyn store::Store>) {
    let dir = std::env::temp_dir().join(format!("{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = store::open(dir.join("deliveries.db").to_str().unwrap())
        .await
        .unwrap();
    (dir, store)
}

/// The invoice of the `invoice.paid` fixture, as JSON text.
fn invoice() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../webhook/tests/fixtures/stripe/invoice.paid.json"
    );
    let event: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    event["data"]["object"].to_string()
}

/// Stripe's layout: `id` first, `type` last.
fn stripe_layout(id: &str, event_type: &str, created: &str, object: &str) -> String {
    format!(
        r#"{{"id":"{id}","object":"event","api_version":"2024-06-20","created":{created},"data":{{"object":{object},"previous_attributes":{{"status":"open"}}}},"livemode":false,"pending_webhooks":1,"request":{{"id":null}},"type":"{event_type}"}}"#
    )
}

/// The same event, `type` first: nothing to peek, the envelope is parsed first.
fn envelope_first(id: &str, event_type: &str, object: &str) -> String {
    format!(
        r#"{{"type":"{event_type}","object":"event","api_version":"2024-06-20","created":1700000000,"data":{{"object":{object},"previous_attributes":{{"status":"open"}}}},"livemode":false,"id":"{id}"}}"#
    )
}

#[tokio::test]
async fn both_layouts_give_the_same_typed_event() {
    let seen = Seen::default();
    let app = app(&seen);
    for body in [
        stripe_layout("evt_1", "invoice.paid", "1700000000", &invoice()),
        envelope_first("evt_1", "invoice.paid", &invoice()),
    ] {
        let response = send(&app, stripe_request("/webhooks/stripe", SECRET, body)).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.text());
        assert_eq!(response.json()["status"], "handled");
    }
    let seen = seen.take();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0], seen[1]);
    for part in [
        "evt_1",
        "invoice.paid",
        "1700000000",
        "2024-06-20",
        "in_",
        "open",
    ] {
        assert!(seen[0].contains(part), "{part} missing from {}", seen[0]);
    }
}

#[tokio::test]
async fn a_malformed_body_laid_out_as_stripe_does_is_400_however_it_is_handled() {
    let seen = Seen::default();
    let app = app(&seen);
    let bodies = [
        // A typed handler.
        stripe_layout("evt_1", "invoice.paid", "\"yesterday\"", &invoice()),
        // Unbalanced: `data` is never closed, yet the end looks like Stripe's.
        r#"{"id":"evt_1","object":"event","created":1,"livemode":false,"data":{"object":{},"type":"invoice.paid"}"#.to_owned(),
        // The delivery id twice.
        r#"{"id":"evt_1","created":1,"livemode":false,"data":{"object":{}},"id":"evt_2","type":"invoice.paid"}"#.to_owned(),
        // A handler that reads no payload.
        stripe_layout("evt_1", "charge.succeeded", "\"yesterday\"", "{}"),
        // No handler at all.
        stripe_layout("evt_1", "customer.deleted", "\"yesterday\"", "{}"),
    ];
    for body in bodies {
        let response = send(
            &app,
            stripe_request("/webhooks/stripe", SECRET, body.clone()),
        )
        .await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(response.json()["error"], "invalid_payload", "{body}");
    }
    assert!(seen.take().is_empty(), "no handler may run");
}

#[tokio::test]
async fn a_malformed_body_laid_out_as_stripe_does_is_logged_as_rejected_not_queued() {
    let (dir, store) = temp_store("webhook-one-pass").await;
    let seen = Seen::default();
    let service = router![typed, delivery_only]
        .secret("stripe", SECRET)
        .store(store.clone())
        .mode(Mode::Queued)
        .start(seen.clone())
        .unwrap();
    let bad = stripe_layout("evt_bad", "invoice.paid", "\"yesterday\"", &invoice());
    let response = send(
        &service.router,
        stripe_request("/webhooks/stripe", SECRET, bad),
    )
    .await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    let good = stripe_layout("evt_good", "invoice.paid", "1700000000", &invoice());
    let response = send(
        &service.router,
        stripe_request("/webhooks/stripe", SECRET, good),
    )
    .await;
    assert_eq!(response.json()["status"], "queued");
    let rows = store.list(&DeliveryFilter::new()).await.unwrap();
    let status_of = |id: &str| {
        rows.iter()
            .find(|row| row.delivery_id.as_deref() == Some(id))
            .map(|row| row.status)
    };
    assert_eq!(
        status_of("evt_good").map(|s| s != DeliveryStatus::Rejected),
        Some(true)
    );
    assert!(
        rows.iter()
            .any(|row| row.status == DeliveryStatus::Rejected && row.delivery_id.is_none()),
        "{rows:?}"
    );
    service.workers.shutdown().await;
    store.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

const SLACK_SECRET: &str = "slack-one-pass";

#[webhook(provider = "slack", event = "app_mention")]
async fn mentioned(event: slack::Event<serde_json::Value>, State(seen): State<Seen>) {
    seen.0.lock().unwrap().push(format!("{event:?}"));
}

#[webhook(provider = "slack", event = "message")]
async fn message_delivery(delivery: Delivery, State(seen): State<Seen>) {
    seen.0
        .lock()
        .unwrap()
        .push(format!("delivery {}", delivery.event));
}

fn slack_app(seen: &Seen) -> axum::Router {
    router![mentioned, message_delivery]
        .secret("slack", SLACK_SECRET)
        .into_router()
        .unwrap()
        .with_state(seen.clone())
}

/// An `event_callback`; `type_key` is how the inner event's `type` key is written.
fn callback(type_key: &str, event_type: &str, event_time: &str) -> String {
    format!(
        r#"{{"token":"t","team_id":"T1","api_app_id":"A1","event":{{"{type_key}":"{event_type}","subtype":"thread_broadcast","user":"U1","text":"hi \"there\"","blocks":[{{"type":"rich_text"}}]}},"type":"event_callback","event_id":"Ev1","event_time":{event_time},"authorizations":[]}}"#
    )
}

#[tokio::test]
async fn slack_read_by_structure_or_parsed_gives_the_same_typed_event() {
    let seen = Seen::default();
    let app = slack_app(&seen);
    // An escaped key is left to the ordinary, envelope-first parse.
    for type_key in ["type", "t\\u0079pe"] {
        let body = callback(type_key, "app_mention", "1700000000");
        let request = testing::slack::request("/webhooks/slack", SLACK_SECRET, body);
        let response = send(&app, request).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.text());
        assert_eq!(response.json()["status"], "handled");
    }
    let seen = seen.take();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0], seen[1]);
    for part in [
        "T1",
        "A1",
        "Ev1",
        "1700000000",
        "app_mention",
        "thread_broadcast",
        "rich_text",
    ] {
        assert!(seen[0].contains(part), "{part} missing from {}", seen[0]);
    }
}

#[tokio::test]
async fn a_malformed_slack_callback_is_400_however_it_is_handled() {
    let seen = Seen::default();
    let app = slack_app(&seen);
    for event_type in ["app_mention", "message", "reaction_added"] {
        let body = callback("type", event_type, "\"soon\"");
        let request = testing::slack::request("/webhooks/slack", SLACK_SECRET, body.clone());
        let response = send(&app, request).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(response.json()["error"], "invalid_payload", "{body}");
    }
    assert!(seen.take().is_empty(), "no handler may run");
}

/// A callback in the order Slack sends it, where the dispatch peek stops at the inner
/// `type`: `tail` is everything after it, inner members and outer ones.
fn slack_order(event_type: &str, tail: &str) -> String {
    format!(
        r#"{{"token":"t","team_id":"T1","api_app_id":"A1","event":{{"client_msg_id":"c1","type":"{event_type}"{tail}"#
    )
}

#[tokio::test]
async fn what_the_slack_peek_leaves_unread_is_checked_before_any_handler_runs() {
    let seen = Seen::default();
    let app = slack_app(&seen);
    let tails = [
        // Cut off after the peeked `type`.
        r#","text":"hi""#,
        // The inner `type` a second time, plainly and escaped.
        r#","type":"other"},"type":"event_callback","event_id":"Ev1"}"#,
        r#","t\u0079pe":"other"},"type":"event_callback","event_id":"Ev1"}"#,
        // A second `event`.
        r#"},"type":"event_callback","event":{"type":"other"},"event_id":"Ev1"}"#,
        // The delivery id twice.
        r#"},"type":"event_callback","event_id":"Ev1","event_id":"Ev2"}"#,
        // An outer `type` that is no `event_callback`.
        r#"},"type":"app_rate_limited","event_id":"Ev1"}"#,
        // A `subtype` that is no string.
        r#","subtype":5},"type":"event_callback","event_id":"Ev1"}"#,
    ];
    // A typed handler, a handler that reads no payload, no handler.
    for event_type in ["app_mention", "message", "reaction_added"] {
        for tail in tails {
            let body = slack_order(event_type, tail);
            let request = testing::slack::request("/webhooks/slack", SLACK_SECRET, body.clone());
            let response = send(&app, request).await;
            assert_eq!(response.status, StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(response.json()["error"], "invalid_payload", "{body}");
        }
    }
    assert!(seen.take().is_empty(), "no handler may run");
}

#[tokio::test]
async fn in_slack_order_the_typed_event_and_the_delivery_id_come_from_the_one_parse() {
    let (dir, store) = temp_store("webhook-one-pass-slack").await;
    let seen = Seen::default();
    let app = router![mentioned, message_delivery]
        .secret("slack", SLACK_SECRET)
        .store(store.clone())
        .mode(Mode::Inline)
        .into_router()
        .unwrap()
        .with_state(seen.clone());
    for (event_type, event_id, status) in [
        ("app_mention", "Ev7", "handled"),
        ("app_mention", "Ev7", "duplicate"),
        ("message", "Ev8", "handled"),
    ] {
        let tail = format!(
            r#","subtype":"thread_broadcast","text":"hi"}},"type":"event_callback","event_id":"{event_id}","event_time":1700000000}}"#
        );
        let body = slack_order(event_type, &tail);
        let request = testing::slack::request("/webhooks/slack", SLACK_SECRET, body);
        let response = send(&app, request).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.text());
        assert_eq!(response.json()["status"], status);
    }
    let seen = seen.take();
    assert_eq!(seen.len(), 2, "{seen:?}");
    for part in ["Ev7", "thread_broadcast", "app_mention", "T1", "1700000000"] {
        assert!(seen[0].contains(part), "{part} missing from {}", seen[0]);
    }
    assert_eq!(seen[1], "delivery message");
    let rows = store.list(&DeliveryFilter::new()).await.unwrap();
    let mut ids: Vec<_> = rows
        .iter()
        .filter_map(|row| row.delivery_id.clone())
        .collect();
    ids.sort();
    assert_eq!(ids, ["Ev7", "Ev8"], "{rows:?}");
    store.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
