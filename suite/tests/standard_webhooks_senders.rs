//! Clerk, Resend and OpenAI end to end: Standard Webhooks senders (presets over the
//! `standard_webhooks` verifier), each checked with the same cases. Every vector below
//! was computed independently with Python's `hmac` from the Standard Webhooks
//! specification (key: base64-decode of the secret after `whsec_`; signed:
//! `{id}.{timestamp}.{body}`; header: `v1,` + base64 of the HMAC-SHA256).
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The secret of the Standard Webhooks specification's tests.
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID: &str = "msg_2yZwUhtgs5Ai8T9yRQJXA";
const SIGNED_AT: i64 = 1700000000;

/// What a handler saw.
type Seen = (String, Option<String>, serde_json::Value);

#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<Seen>>>);

/// One sender's cases: its module (`webhook::<sender>`, `webhook::testing::<sender>`),
/// its provider name, the event its body carries, the names of its three headers, the
/// body, and the signature of the body with [`ID`] at [`SIGNED_AT`].
macro_rules! sender_cases {
    (
        $sender:ident, $provider:tt, $event:tt,
        [$id_header:literal, $timestamp_header:literal, $signature_header:literal],
        $body:literal, $signature:literal $(,)?
    ) => {
        mod $sender {
            use axum::body::Body;
            use axum::extract::State;
            use http::{Request, StatusCode};
            use webhook::testing::{now, send, $sender};
            use webhook::{router, webhook};

            use super::{Calls, Duration, ID, SECRET, SIGNED_AT};

            const PATH: &str = concat!("/webhooks/", $provider);
            const BODY: &str = $body;
            /// The signature of [`BODY`], computed outside this crate.
            const SIGNATURE: &str = $signature;

            #[webhook(provider = $provider, event = $event)]
            async fn handle(
                event: webhook::$sender::Event<serde_json::Value>,
                State(calls): State<Calls>,
            ) {
                calls
                    .0
                    .lock()
                    .unwrap()
                    .push((event.event_type, event.id, event.data));
            }

            fn app(calls: &Calls, tolerance: Option<Duration>) -> axum::Router {
                router![handle]
                    .secret($provider, SECRET)
                    .tolerance($provider, tolerance)
                    .into_router()
                    .expect("router builds")
                    .with_state(calls.clone())
            }

            fn request(timestamp: i64, signature: &str, body: &str) -> Request<Body> {
                Request::post(PATH)
                    .header("content-type", "application/json")
                    .header($id_header, ID)
                    .header($timestamp_header, timestamp.to_string())
                    .header($signature_header, signature)
                    .body(Body::from(body.to_owned()))
                    .unwrap()
            }

            #[tokio::test]
            async fn the_independent_vector_verifies_and_dispatches_on_type() {
                let calls = Calls::default();
                // The vector is dated 2023: checked without the age window here, with it below.
                let response = send(&app(&calls, None), request(SIGNED_AT, SIGNATURE, BODY)).await;
                assert_eq!(response.status, StatusCode::OK, "{}", response.text());
                let calls = calls.0.lock().unwrap().clone();
                let expected_data =
                    serde_json::from_str::<serde_json::Value>(BODY).unwrap()["data"].clone();
                assert_eq!(
                    calls,
                    [($event.to_owned(), Some(ID.to_owned()), expected_data)]
                );
            }

            #[tokio::test]
            async fn tampered_and_wrongly_keyed_requests_are_refused() {
                let calls = Calls::default();
                let app = app(&calls, None);
                let tampered = BODY.replacen($event, concat!($event, "x"), 1);
                let other_key = $sender::signature(
                    "whsec_c2VjcmV0LW5vYm9keS1ob2xkcw==",
                    ID,
                    SIGNED_AT,
                    BODY.as_bytes(),
                );
                for request in [
                    request(SIGNED_AT, SIGNATURE, &tampered),
                    request(SIGNED_AT + 1, SIGNATURE, BODY),
                    request(SIGNED_AT, &other_key, BODY),
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
            }

            #[tokio::test]
            async fn stale_and_future_signatures_are_refused_fresh_ones_pass() {
                let calls = Calls::default();
                let app = app(&calls, Some(Duration::from_secs(300)));
                for (offset, status) in [
                    (0, StatusCode::OK),
                    (-290, StatusCode::OK),
                    (290, StatusCode::OK),
                    (-400, StatusCode::UNAUTHORIZED),
                    (400, StatusCode::UNAUTHORIZED),
                ] {
                    let at = now() + offset;
                    let signature = $sender::signature(SECRET, ID, at, BODY.as_bytes());
                    let response = send(&app, request(at, &signature, BODY)).await;
                    assert_eq!(
                        response.status,
                        status,
                        "offset {offset}: {}",
                        response.text()
                    );
                }
                assert!(!calls.0.lock().unwrap().is_empty());
                // The static vector is years old: refused once the window applies.
                let response = send(&app, request(SIGNED_AT, SIGNATURE, BODY)).await;
                assert_eq!(response.status, StatusCode::UNAUTHORIZED);
            }

            #[tokio::test]
            async fn the_testing_helper_signs_as_the_sender_does() {
                let calls = Calls::default();
                let request = $sender::request(PATH, SECRET, BODY);
                assert!(request.headers().contains_key($signature_header));
                let response = send(&app(&calls, Some(Duration::from_secs(300))), request).await;
                assert_eq!(response.status, StatusCode::OK, "{}", response.text());
                assert_eq!(
                    $sender::signature(SECRET, ID, SIGNED_AT, BODY.as_bytes()),
                    SIGNATURE
                );
            }
        }
    };
}

sender_cases!(
    clerk,
    "clerk",
    "user.created",
    ["svix-id", "svix-timestamp", "svix-signature"],
    r#"{"data":{"id":"user_29w83sxmDNGwOuEthce5gg56FcC","first_name":"Example"},"instance_id":"ins_123","object":"event","timestamp":1654012591835,"type":"user.created"}"#,
    "v1,tpkz6TN8m0Xf/ozAsaQBpL0gK8pwXt/REhpF01bEYDo=",
);

sender_cases!(
    resend,
    "resend",
    "email.delivered",
    ["svix-id", "svix-timestamp", "svix-signature"],
    r#"{"type":"email.delivered","created_at":"2026-01-01T00:00:00.000Z","data":{"email_id":"56761188-7520-42d8-8898-ff6fc54ce618","from":"Acme <onboarding@resend.dev>","to":["delivered@resend.dev"],"subject":"Sending this example"}}"#,
    "v1,iVA8RH1wLFQEpVSTKEYVMaVKpQwZBbMiNKtqxk4QQ9Q=",
);

sender_cases!(
    openai,
    "openai",
    "response.completed",
    ["webhook-id", "webhook-timestamp", "webhook-signature"],
    r#"{"id":"evt_685343a1381c819085d44c354e1b330e","object":"event","created_at":1750287018,"type":"response.completed","data":{"id":"resp_abc123"}}"#,
    "v1,p28ztZWzjOLfUoXmGLvI1JI1B9knr3AgBKQYqkVoHJI=",
);
