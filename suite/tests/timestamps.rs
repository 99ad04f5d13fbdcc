//! Timestamps are checked in both directions, for every built-in provider that signs
//! one: a request signed an hour ahead of this server's clock is `401` "in the future",
//! like a stale one, and one just inside the tolerance ahead is accepted. The tolerance
//! stays configurable per endpoint.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{self, send, signed_request};
use webhook::{router, webhook, Delivery};

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<&'static str>>>);

impl Calls {
    fn push(&self, entry: &'static str) {
        self.0.lock().unwrap().push(entry);
    }
    fn take(&self) -> Vec<&'static str> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

macro_rules! recording_handlers {
    ($($name:ident = $provider:literal, $event:literal;)*) => {$(
        #[webhook(provider = $provider, event = $event)]
        async fn $name(_delivery: Delivery, State(calls): State<Calls>) {
            calls.push($provider);
        }
    )*};
}

recording_handlers! {
    stripe = "stripe", "*";
    slack = "slack", "*";
    standard_webhooks = "standard_webhooks", "*";
    gitlab = "gitlab", "*";
    discord = "discord", "APPLICATION_COMMAND";
    discord_events = "discord_events", "*";
    paddle = "paddle", "*";
    zoom = "zoom", "*";
    twitch = "twitch", "*";
    mailgun = "mailgun", "*";
    sendgrid = "sendgrid", "*";
    linear = "linear", "*";
}

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SEED: [u8; 32] = testing::discord::TEST_SEED;
const SENDGRID_KEY: [u8; 32] = [7; 32];
/// SendGrid and Discord's webhook events have no tolerance by default; these tests
/// give them one.
const CONFIGURED: Duration = Duration::from_secs(300);

fn app(calls: &Calls, stripe_tolerance: Option<Duration>) -> axum::Router {
    let discord_key = testing::discord::public_key(&SEED);
    let mut webhooks = router![
        stripe,
        slack,
        standard_webhooks,
        gitlab,
        discord,
        discord_events,
        paddle,
        zoom,
        twitch,
        mailgun,
        sendgrid,
        linear
    ];
    for provider in [
        "stripe",
        "slack",
        "standard_webhooks",
        "gitlab",
        "paddle",
        "zoom",
        "twitch",
        "mailgun",
        "linear",
    ] {
        webhooks = webhooks.secret(provider, SECRET);
    }
    if let Some(tolerance) = stripe_tolerance {
        webhooks = webhooks.tolerance("stripe", Some(tolerance));
    }
    webhooks
        .secret("discord", &discord_key)
        .secret("discord_events", &discord_key)
        .secret("sendgrid", &testing::sendgrid::public_key(&SENDGRID_KEY))
        .tolerance("sendgrid", Some(CONFIGURED))
        .tolerance("discord_events", Some(CONFIGURED))
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

/// One provider: its name, the tolerance it runs with here, and a request for it
/// signed `offset` seconds from now.
struct Case {
    provider: &'static str,
    tolerance: Duration,
    request: fn(i64) -> Request<Body>,
}

const fn secs(seconds: u64) -> Duration {
    Duration::from_secs(seconds)
}

const CASES: &[Case] = &[
    Case {
        provider: "stripe",
        tolerance: secs(300),
        request: |offset| {
            let body = r#"{"id":"evt_1","object":"event","type":"invoice.paid","created":1,"livemode":false,"data":{"object":{}}}"#;
            let header = testing::stripe_signature(&[SECRET], at(offset), body.as_bytes());
            signed_request(
                "/webhooks/stripe",
                &[("stripe-signature", header)],
                body.into(),
            )
        },
    },
    Case {
        provider: "slack",
        tolerance: secs(300),
        request: |offset| {
            let body = r#"{"token":"x","team_id":"T1","api_app_id":"A1","event":{"type":"app_mention","user":"U1","text":"hi","ts":"1.2","channel":"C1"},"type":"event_callback","event_id":"Ev1","event_time":1700000000}"#;
            testing::slack::request_at("/webhooks/slack", SECRET, at(offset), body)
        },
    },
    Case {
        provider: "standard_webhooks",
        tolerance: secs(300),
        request: |offset| {
            let body = r#"{"type":"user.created","timestamp":"2024-01-01T00:00:00Z","data":{}}"#;
            let id = testing::standard_webhooks::MESSAGE_ID;
            let signature =
                testing::standard_webhooks::signature(SECRET, id, at(offset), body.as_bytes());
            signed_request(
                "/webhooks/standard_webhooks",
                &[
                    ("webhook-id", id.to_owned()),
                    ("webhook-timestamp", at(offset).to_string()),
                    ("webhook-signature", signature),
                ],
                body.into(),
            )
        },
    },
    Case {
        provider: "gitlab",
        tolerance: secs(300),
        request: |offset| {
            let body = r#"{"object_kind":"push","event_name":"push","ref":"refs/heads/main"}"#;
            testing::gitlab::signed_request(
                "/webhooks/gitlab",
                SECRET,
                "Push Hook",
                at(offset),
                body,
            )
        },
    },
    Case {
        provider: "discord",
        tolerance: secs(300),
        request: |offset| {
            let body = r#"{"id":"1100","application_id":"42","type":2,"token":"tok","data":{"id":"c1","name":"ping","type":1}}"#;
            discord_signed("/webhooks/discord", offset, body)
        },
    },
    Case {
        provider: "discord_events",
        tolerance: CONFIGURED,
        request: |offset| {
            let body = r#"{"version":1,"application_id":"42","type":1,"event":{"type":"APPLICATION_AUTHORIZED","timestamp":"2024-10-18T14:42:53.064834","data":{}}}"#;
            discord_signed("/webhooks/discord_events", offset, body)
        },
    },
    Case {
        provider: "paddle",
        tolerance: secs(5),
        request: |offset| {
            let body = r#"{"event_id":"evt_01","event_type":"transaction.paid","occurred_at":"2024-01-01T00:00:00Z","notification_id":"ntf_01","data":{}}"#;
            let header = testing::paddle::signature(&[SECRET], at(offset), body.as_bytes());
            signed_request(
                "/webhooks/paddle",
                &[("paddle-signature", header)],
                body.into(),
            )
        },
    },
    Case {
        provider: "zoom",
        tolerance: secs(300),
        request: |offset| {
            let body = r#"{"event":"meeting.started","event_ts":1700000000000,"payload":{"account_id":"a"}}"#;
            let signature = testing::zoom::signature(SECRET, at(offset), body.as_bytes());
            signed_request(
                "/webhooks/zoom",
                &[
                    ("x-zm-signature", signature),
                    ("x-zm-request-timestamp", at(offset).to_string()),
                ],
                body.into(),
            )
        },
    },
    Case {
        provider: "twitch",
        tolerance: secs(600),
        request: |offset| {
            let body = r#"{"subscription":{"id":"sub_1","type":"stream.online","version":"1","status":"enabled","cost":0,"condition":{},"transport":{"method":"webhook","callback":"https://example.com/webhooks/twitch"},"created_at":"2024-01-01T00:00:00Z"},"event":{"type":"live"}}"#;
            let id = testing::twitch::MESSAGE_ID;
            let timestamp = testing::twitch::timestamp(shifted(offset));
            let signature = testing::twitch::signature(SECRET, id, &timestamp, body.as_bytes());
            signed_request(
                "/webhooks/twitch",
                &[
                    ("twitch-eventsub-message-signature", signature),
                    ("twitch-eventsub-message-id", id.to_owned()),
                    ("twitch-eventsub-message-timestamp", timestamp),
                    ("twitch-eventsub-message-type", "notification".to_owned()),
                    (
                        "twitch-eventsub-subscription-type",
                        "stream.online".to_owned(),
                    ),
                    ("twitch-eventsub-subscription-version", "1".to_owned()),
                ],
                body.into(),
            )
        },
    },
    Case {
        provider: "mailgun",
        tolerance: secs(300),
        request: |offset| {
            let event = r#"{"event":"delivered","id":"ev_2","recipient":"b@example.com"}"#;
            let token = testing::mailgun::token();
            let body = testing::mailgun::body(SECRET, at(offset), &token, event);
            signed_request("/webhooks/mailgun", &[], body.into())
        },
    },
    Case {
        provider: "sendgrid",
        tolerance: CONFIGURED,
        request: |offset| {
            let body = r#"[{"email":"a@example.com","event":"processed","sg_event_id":"ev_1","timestamp":1}]"#;
            let timestamp = at(offset).to_string();
            let signature =
                testing::sendgrid::signature(&SENDGRID_KEY, &timestamp, body.as_bytes());
            signed_request(
                "/webhooks/sendgrid",
                &[
                    ("x-twilio-email-event-webhook-signature", signature),
                    ("x-twilio-email-event-webhook-timestamp", timestamp),
                ],
                body.into(),
            )
        },
    },
    Case {
        provider: "linear",
        tolerance: secs(60),
        request: |offset| {
            let body = format!(
                r#"{{"action":"create","type":"Issue","createdAt":"2024-01-01T00:00:00.000Z","url":"https://linear.app/x","webhookId":"wh_1","webhookTimestamp":{},"data":{{"id":"i"}}}}"#,
                at(offset) * 1000
            );
            testing::linear::request("/webhooks/linear", SECRET, body)
        },
    },
];

/// Unix seconds `offset` from now.
fn at(offset: i64) -> i64 {
    testing::now() + offset
}

/// The time `offset` seconds from now.
fn shifted(offset: i64) -> SystemTime {
    let magnitude = Duration::from_secs(offset.unsigned_abs());
    if offset >= 0 {
        SystemTime::now() + magnitude
    } else {
        SystemTime::now() - magnitude
    }
}

fn discord_signed(path: &str, offset: i64, body: &'static str) -> Request<Body> {
    let timestamp = at(offset).to_string();
    let signature = testing::discord::signature(&SEED, &timestamp, body.as_bytes());
    signed_request(
        path,
        &[
            ("x-signature-ed25519", signature),
            ("x-signature-timestamp", timestamp),
        ],
        body.into(),
    )
}

/// Seconds just inside the tolerance: two seconds of margin, since the clock may tick
/// between signing and checking (which only brings the timestamp closer).
fn just_inside(tolerance: Duration) -> i64 {
    tolerance.as_secs() as i64 - 2
}

#[tokio::test]
async fn an_hour_ahead_is_401_in_the_future_and_just_inside_is_accepted() {
    let calls = Calls::default();
    let app = app(&calls, None);
    for case in CASES {
        let inside = just_inside(case.tolerance);
        let response = send(&app, (case.request)(inside)).await;
        assert!(
            response.status.is_success(),
            "{}: {inside} s ahead: {} {}",
            case.provider,
            response.status,
            response.text()
        );
        assert_eq!(calls.take(), [case.provider], "{}", case.provider);

        let response = send(&app, (case.request)(3600)).await;
        assert_eq!(
            response.status,
            StatusCode::UNAUTHORIZED,
            "{}: an hour ahead: {}",
            case.provider,
            response.text()
        );
        assert!(
            response.text().contains("in the future"),
            "{}: {}",
            case.provider,
            response.text()
        );
        assert!(calls.take().is_empty(), "{}", case.provider);
    }
}

#[tokio::test]
async fn stale_by_an_hour_is_401_too() {
    let calls = Calls::default();
    let app = app(&calls, None);
    for case in CASES {
        let response = send(&app, (case.request)(-3600)).await;
        assert_eq!(
            response.status,
            StatusCode::UNAUTHORIZED,
            "{}: an hour old: {}",
            case.provider,
            response.text()
        );
        assert!(
            !response.text().contains("in the future"),
            "{}: {}",
            case.provider,
            response.text()
        );
        assert!(calls.take().is_empty(), "{}", case.provider);
    }
}

#[tokio::test]
async fn the_tolerance_is_configurable_per_endpoint() {
    let calls = Calls::default();
    let app = app(&calls, Some(Duration::from_secs(7200)));
    let stripe = &CASES[0];
    assert_eq!(stripe.provider, "stripe");
    let response = send(&app, (stripe.request)(3600)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.take(), ["stripe"]);
    // Another endpoint keeps its own tolerance.
    let response = send(&app, (CASES[1].request)(3600)).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(calls.take().is_empty());
}
