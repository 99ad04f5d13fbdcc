//! GitLab end to end: the `X-Gitlab-Token` shared token, the signed Standard
//! Webhooks form, dispatch on `X-Gitlab-Event`, typed `Event<T>`.
#![cfg(feature = "all-providers")]

use std::sync::{Arc, Mutex};

use axum::extract::State;
use http::StatusCode;
use webhook::testing::{self, gitlab, send, signed_request};
use webhook::{router, webhook, Delivery};

const TOKEN: &str = "glht-secret-token";
const SIGNING: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const PATH: &str = "/webhooks/gitlab";

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
struct Push {
    #[serde(rename = "ref")]
    git_ref: String,
    total_commits_count: u32,
}

#[webhook(provider = "gitlab", event = "Push Hook")]
async fn pushed(event: webhook::gitlab::Event<Push>, State(calls): State<Calls>) {
    calls.push(format!(
        "{} {:?} {} {} {:?}",
        event.event,
        event.object_kind,
        event.payload.git_ref,
        event.payload.total_commits_count,
        event.delivery_id
    ));
}

#[webhook(provider = "gitlab", event = "Merge Request Hook")]
async fn merge_request(body: serde_json::Value, delivery: Delivery, State(calls): State<Calls>) {
    calls.push(format!(
        "{} {} secret {}",
        delivery.event, body["object_attributes"]["action"], delivery.secret_index
    ));
}

fn app(calls: &Calls) -> axum::Router {
    router![pushed, merge_request]
        .secret("gitlab", TOKEN)
        .secret("gitlab", SIGNING)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

const PUSH: &str =
    r#"{"object_kind":"push","event_name":"push","ref":"refs/heads/main","total_commits_count":2}"#;
const MR: &str = r#"{"object_kind":"merge_request","event_type":"merge_request","object_attributes":{"iid":7,"action":"open"}}"#;

#[tokio::test]
async fn token_delivery_reaches_the_typed_handler() {
    let calls = Calls::default();
    let response = send(
        &app(&calls),
        gitlab::request(PATH, TOKEN, "Push Hook", PUSH),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        [format!(
            "Push Hook Some(\"push\") refs/heads/main 2 Some({:?})",
            gitlab::WEBHOOK_UUID
        )]
    );
}

#[tokio::test]
async fn signed_delivery_is_verified_as_standard_webhooks() {
    let calls = Calls::default();
    let app = app(&calls);
    let request = gitlab::signed_request(PATH, SIGNING, "Push Hook", testing::now(), PUSH);
    let response = send(&app, request).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        [format!(
            "Push Hook Some(\"push\") refs/heads/main 2 Some({:?})",
            gitlab::WEBHOOK_ID
        )]
    );

    let request = gitlab::signed_request(PATH, SIGNING, "Merge Request Hook", testing::now(), MR);
    let response = send(&app, request).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.take(), [r#"Merge Request Hook "open" secret 1"#]);
}

#[tokio::test]
async fn routes_by_event_header_each_handler_gets_only_its_event() {
    let calls = Calls::default();
    let app = app(&calls);
    let response = send(&app, gitlab::request(PATH, TOKEN, "Merge Request Hook", MR)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.take(), [r#"Merge Request Hook "open" secret 0"#]);

    let note = r#"{"object_kind":"note"}"#;
    let response = send(&app, gitlab::request(PATH, TOKEN, "Note Hook", note)).await;
    assert_eq!(response.json()["status"], "ignored");
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn wrong_token_tampered_wrong_secret_and_stale_are_401() {
    let calls = Calls::default();
    let app = app(&calls);

    let wrong_token = gitlab::request(PATH, "not-the-token", "Push Hook", PUSH);
    assert_eq!(
        send(&app, wrong_token).await.status,
        StatusCode::UNAUTHORIZED
    );

    let no_token = signed_request(
        PATH,
        &[("x-gitlab-event", "Push Hook".to_owned())],
        PUSH.into(),
    );
    let response = send(&app, no_token).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(
        response.text().contains("X-Gitlab-Token"),
        "{}",
        response.text()
    );

    let now = testing::now();
    let signature = gitlab::signature(SIGNING, gitlab::WEBHOOK_ID, now, PUSH.as_bytes());
    let tampered = signed_request(
        PATH,
        &[
            ("webhook-signature", signature),
            ("webhook-id", gitlab::WEBHOOK_ID.to_owned()),
            ("webhook-timestamp", now.to_string()),
            ("x-gitlab-event", "Push Hook".to_owned()),
        ],
        PUSH.replace("main", "evil").into(),
    );
    assert_eq!(send(&app, tampered).await.status, StatusCode::UNAUTHORIZED);

    let wrong_secret = gitlab::signed_request(
        PATH,
        "whsec_AAAAAAAAAAAAAAAAAAAAAAAA",
        "Push Hook",
        now,
        PUSH,
    );
    assert_eq!(
        send(&app, wrong_secret).await.status,
        StatusCode::UNAUTHORIZED
    );

    let stale = gitlab::signed_request(PATH, SIGNING, "Push Hook", now - 301, PUSH);
    let response = send(&app, stale).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.text().contains("tolerance"), "{}", response.text());

    // The future side keeps a margin: the clock may tick between `now` and the check,
    // and 301 s ahead would then be 300 s ahead, inside the window.
    let future = gitlab::signed_request(PATH, SIGNING, "Push Hook", now + 360, PUSH);
    assert_eq!(send(&app, future).await.status, StatusCode::UNAUTHORIZED);
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn missing_event_header_is_400() {
    let calls = Calls::default();
    let request = signed_request(PATH, &[("x-gitlab-token", TOKEN.to_owned())], PUSH.into());
    assert_eq!(
        send(&app(&calls), request).await.status,
        StatusCode::BAD_REQUEST
    );
}
