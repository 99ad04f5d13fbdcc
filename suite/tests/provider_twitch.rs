//! Twitch EventSub end to end: signature, challenge, revocation, dispatch on the
//! subscription type, typed `Event<T>`.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::extract::State;
use http::StatusCode;
use webhook::testing::{send, signed_request, twitch};
use webhook::{router, webhook, Delivery};

const SECRET: &str = "twitch_secret_1234";
const PATH: &str = "/webhooks/twitch";

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
struct Follow {
    user_name: String,
}

#[webhook(provider = "twitch", event = "channel.follow")]
async fn followed(event: webhook::twitch::Event<Follow>, State(calls): State<Calls>) {
    calls.push(format!(
        "follow {} {} {} {}",
        event.event.user_name,
        event.message_id,
        event.subscription.subscription_type,
        event.subscription.status
    ));
}

#[webhook(provider = "twitch", event = "stream.online")]
async fn online(event: serde_json::Value, delivery: Delivery, State(calls): State<Calls>) {
    calls.push(format!("online {} {}", delivery.event, event["type"]));
}

#[webhook(provider = "twitch", event = "*")]
async fn everything(delivery: Delivery, State(calls): State<Calls>) {
    calls.push(format!("everything {}", delivery.event));
}

fn app(calls: &Calls) -> axum::Router {
    router![followed, online, everything]
        .secret("twitch", SECRET)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

fn notification(subscription_type: &str, event: &str) -> String {
    format!(
        r#"{{"subscription":{{"id":"sub_1","type":"{subscription_type}","version":"2","status":"enabled","cost":0,"condition":{{"broadcaster_user_id":"1"}},"transport":{{"method":"webhook","callback":"https://example.com/webhooks/twitch"}},"created_at":"2024-01-01T00:00:00.123456789Z"}},"event":{event}}}"#
    )
}

#[tokio::test]
async fn signed_notification_reaches_the_typed_handler_and_routes_by_type() {
    let calls = Calls::default();
    let app = app(&calls);
    let body = notification("channel.follow", r#"{"user_name":"cool_user"}"#);
    let request = twitch::request(PATH, SECRET, "notification", "channel.follow", body);
    let response = send(&app, request).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        [
            format!(
                "follow cool_user {} channel.follow enabled",
                twitch::MESSAGE_ID
            ),
            "everything channel.follow".to_owned()
        ]
    );
    let body = notification("stream.online", r#"{"type":"live"}"#);
    let request = twitch::request(PATH, SECRET, "notification", "stream.online", body);
    send(&app, request).await;
    assert_eq!(
        calls.take(),
        ["online stream.online \"live\"", "everything stream.online"]
    );
}

#[tokio::test]
async fn challenge_is_echoed_as_plain_text_without_dispatch() {
    let calls = Calls::default();
    let body = r#"{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":{"id":"sub_1","type":"channel.follow","version":"2","status":"webhook_callback_verification_pending","created_at":"2024-01-01T00:00:00Z"}}"#;
    let request = twitch::request(
        PATH,
        SECRET,
        "webhook_callback_verification",
        "channel.follow",
        body,
    );
    let response = send(&app(&calls), request).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.text(), "pogchamp-kappa-360noscope-vohiyo");
    assert_eq!(response.headers["content-type"], "text/plain");
    assert!(calls.take().is_empty());

    let forged = twitch::request(
        PATH,
        "wrong",
        "webhook_callback_verification",
        "channel.follow",
        body,
    );
    assert_eq!(
        send(&app(&calls), forged).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn revocation_is_acknowledged_without_dispatch() {
    let calls = Calls::default();
    let body = r#"{"subscription":{"id":"sub_1","type":"channel.follow","version":"2","status":"authorization_revoked","created_at":"2024-01-01T00:00:00Z"}}"#;
    let request = twitch::request(PATH, SECRET, "revocation", "channel.follow", body);
    let response = send(&app(&calls), request).await;
    assert_eq!(response.status, StatusCode::NO_CONTENT);
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn tampered_wrong_secret_and_stale_are_401() {
    let calls = Calls::default();
    let app = app(&calls);
    let body = notification("channel.follow", r#"{"user_name":"cool_user"}"#);

    let signed = |timestamp: &str, body: String| {
        let signature = twitch::signature(SECRET, twitch::MESSAGE_ID, timestamp, body.as_bytes());
        (signature, timestamp.to_owned())
    };
    let request = |(signature, timestamp): (String, String), body: String| {
        signed_request(
            PATH,
            &[
                ("twitch-eventsub-message-signature", signature),
                ("twitch-eventsub-message-id", twitch::MESSAGE_ID.to_owned()),
                ("twitch-eventsub-message-timestamp", timestamp),
                ("twitch-eventsub-message-type", "notification".to_owned()),
                (
                    "twitch-eventsub-subscription-type",
                    "channel.follow".to_owned(),
                ),
            ],
            body.into(),
        )
    };

    let now = twitch::timestamp(SystemTime::now());
    let tampered = request(
        signed(&now, body.clone()),
        body.replace("cool_user", "evil_user"),
    );
    assert_eq!(send(&app, tampered).await.status, StatusCode::UNAUTHORIZED);

    let wrong = twitch::request(
        PATH,
        "wrong",
        "notification",
        "channel.follow",
        body.clone(),
    );
    assert_eq!(send(&app, wrong).await.status, StatusCode::UNAUTHORIZED);

    let old = twitch::timestamp(SystemTime::now() - Duration::from_secs(601));
    let response = send(&app, request(signed(&old, body.clone()), body)).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.text().contains("tolerance"), "{}", response.text());
    assert!(calls.take().is_empty());
}
