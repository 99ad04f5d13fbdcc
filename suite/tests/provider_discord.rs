//! Discord end to end: Ed25519 signatures, the interactions `PING`/`PONG` and deferred
//! answers, and the webhook-events endpoint (`PING` → 204, events → 204).
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use http::StatusCode;
use webhook::testing::{self, discord, send, signed_request};
use webhook::{router, webhook, BuildError, Delivery};

const INTERACTIONS: &str = "/webhooks/discord";
const EVENTS: &str = "/webhooks/discord_events";
const SEED: [u8; 32] = discord::TEST_SEED;
const OTHER_SEED: [u8; 32] = [9; 32];

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<String>>>);

impl Calls {
    fn push(&self, entry: String) {
        self.0.lock().unwrap().push(entry);
    }
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

#[derive(serde::Deserialize)]
struct Command {
    name: String,
}

#[webhook(provider = "discord", event = "APPLICATION_COMMAND")]
async fn command(
    event: webhook::discord::Event<Command>,
    delivery: Delivery,
    State(calls): State<Calls>,
) {
    calls.push(format!(
        "command {} {} {:?} {:?} {:?}",
        event.name, event.data.name, event.guild_id, event.token, delivery.id
    ));
}

#[webhook(provider = "discord", event = "MESSAGE_COMPONENT")]
async fn component(data: serde_json::Value, State(calls): State<Calls>) {
    calls.push(format!("component {}", data["custom_id"]));
}

#[webhook(provider = "discord_events", event = "APPLICATION_AUTHORIZED")]
async fn authorized(
    event: webhook::discord_events::Event<serde_json::Value>,
    State(calls): State<Calls>,
) {
    calls.push(format!(
        "authorized {} {:?} {}",
        event.event_type, event.application_id, event.data["user"]["id"]
    ));
}

fn app(calls: &Calls) -> axum::Router {
    let key = discord::public_key(&SEED);
    router![command, component, authorized]
        .secret("discord", &key)
        .secret("discord_events", &key)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

fn interaction(kind: u8, data: &str) -> String {
    format!(
        r#"{{"id":"1100","application_id":"42","type":{kind},"token":"tok","guild_id":"7","channel_id":"8","data":{data}}}"#
    )
}

fn webhook_event(event_type: &str) -> String {
    format!(
        r#"{{"version":1,"application_id":"42","type":1,"event":{{"type":"{event_type}","timestamp":"2024-10-18T14:42:53.064834","data":{{"user":{{"id":"u1"}}}}}}}}"#
    )
}

fn signed_at(
    path: &str,
    seed: &[u8; 32],
    timestamp: i64,
    body: &str,
) -> http::Request<axum::body::Body> {
    let timestamp = timestamp.to_string();
    let signature = discord::signature(seed, &timestamp, body.as_bytes());
    signed_request(
        path,
        &[
            ("x-signature-ed25519", signature),
            ("x-signature-timestamp", timestamp),
        ],
        body.to_owned().into(),
    )
}

#[tokio::test]
async fn ping_is_answered_with_pong() {
    let calls = Calls::default();
    let response = send(
        &app(&calls),
        discord::request(
            INTERACTIONS,
            &SEED,
            r#"{"type":1,"id":"1","application_id":"42","token":"t"}"#,
        ),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.headers["content-type"], "application/json");
    assert_eq!(response.text(), r#"{"type":1}"#);
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn commands_reach_the_typed_handler_and_get_a_deferred_answer() {
    let calls = Calls::default();
    let app = app(&calls);
    let body = interaction(2, r#"{"id":"c1","name":"ping","type":1}"#);
    let response = send(&app, discord::request(INTERACTIONS, &SEED, body)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.headers["content-type"], "application/json");
    assert_eq!(response.text(), r#"{"type":5}"#);
    assert_eq!(
        calls.take(),
        [r#"command APPLICATION_COMMAND ping Some("7") Some("tok") Some("1100")"#]
    );

    let body = interaction(3, r#"{"custom_id":"btn","component_type":2}"#);
    let response = send(&app, discord::request(INTERACTIONS, &SEED, body)).await;
    assert_eq!(response.text(), r#"{"type":6}"#);
    assert_eq!(calls.take(), [r#"component "btn""#]);

    // No handler for modals: ignored, and nothing ran.
    let body = interaction(5, r#"{"custom_id":"m","components":[]}"#);
    let response = send(&app, discord::request(INTERACTIONS, &SEED, body)).await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn tampered_wrong_key_and_stale_are_401() {
    let calls = Calls::default();
    let app = app(&calls);
    let now = testing::now();
    let body = interaction(2, r#"{"name":"ping"}"#);

    let mut request = signed_at(INTERACTIONS, &SEED, now, &body);
    *request.body_mut() = body.replace("ping", "pong").into();
    assert_eq!(send(&app, request).await.status, StatusCode::UNAUTHORIZED);

    let wrong = signed_at(INTERACTIONS, &OTHER_SEED, now, &body);
    assert_eq!(send(&app, wrong).await.status, StatusCode::UNAUTHORIZED);

    // Interactions: a 5-minute window, both ways.
    // The future side keeps a margin: the clock may tick between `now` and the check,
    // and 301 s ahead would then be 300 s ahead, inside the window.
    for timestamp in [now - 301, now + 360] {
        let response = send(&app, signed_at(INTERACTIONS, &SEED, timestamp, &body)).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{timestamp}");
    }
    // Discord probes a new URL with an unsigned PING: refused.
    let probe = signed_request(INTERACTIONS, &[], r#"{"type":1}"#.into());
    assert_eq!(send(&app, probe).await.status, StatusCode::UNAUTHORIZED);
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn webhook_events_ping_and_events_get_204() {
    let calls = Calls::default();
    let app = app(&calls);
    let ping = r#"{"version":1,"application_id":"42","type":0}"#;
    let response = send(&app, discord::request(EVENTS, &SEED, ping)).await;
    assert_eq!(response.status, StatusCode::NO_CONTENT);
    assert!(response.body.is_empty());

    let response = send(
        &app,
        discord::request(EVENTS, &SEED, webhook_event("APPLICATION_AUTHORIZED")),
    )
    .await;
    assert_eq!(
        response.status,
        StatusCode::NO_CONTENT,
        "{}",
        response.text()
    );
    assert_eq!(
        calls.take(),
        [r#"authorized APPLICATION_AUTHORIZED Some("42") "u1""#]
    );

    // Another event: no handler, still 204, nothing ran.
    let response = send(
        &app,
        discord::request(EVENTS, &SEED, webhook_event("ENTITLEMENT_CREATE")),
    )
    .await;
    assert_eq!(response.status, StatusCode::NO_CONTENT);
    assert!(calls.take().is_empty());

    // No window by default on the events endpoint; signatures still required.
    let old = signed_at(
        EVENTS,
        &SEED,
        testing::now() - 3600,
        &webhook_event("APPLICATION_AUTHORIZED"),
    );
    assert_eq!(send(&app, old).await.status, StatusCode::NO_CONTENT);
    assert_eq!(calls.take().len(), 1);
    let wrong = signed_at(EVENTS, &OTHER_SEED, testing::now(), ping);
    assert_eq!(send(&app, wrong).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn events_window_can_be_set_and_keys_are_checked_at_build() {
    let calls = Calls::default();
    let app = router![authorized]
        .secret("discord_events", &discord::public_key(&SEED))
        .tolerance("discord_events", Some(Duration::from_secs(60)))
        .into_router()
        .expect("router builds")
        .with_state(calls.clone());
    let old = signed_at(
        EVENTS,
        &SEED,
        testing::now() - 61,
        &webhook_event("APPLICATION_AUTHORIZED"),
    );
    assert_eq!(send(&app, old).await.status, StatusCode::UNAUTHORIZED);

    let bad: Result<axum::Router<Calls>, _> =
        router![command].secret("discord", "not-hex").into_router();
    assert!(matches!(bad, Err(BuildError::InvalidSecret { .. })));
}
