//! Slack end to end: signature and timestamp, the `url_verification` handshake, the
//! `ssl_check` of slash-command URLs, and dispatch of Events API callbacks, slash
//! commands and interactivity payloads.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use http::StatusCode;
use webhook::slack::{self, SlashCommand};
use webhook::testing::{self, send, slack as sign};
use webhook::{router, webhook, Delivery};

const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
const PATH: &str = "/webhooks/slack";

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
struct AppMention {
    user: String,
    text: String,
}

#[webhook(provider = "slack", event = "app_mention")]
async fn mentioned(event: slack::Event<AppMention>, State(calls): State<Calls>) {
    calls.push(format!(
        "mention {} {} {:?} {:?} {:?} {:?}",
        event.event.user,
        event.event.text,
        event.team_id,
        event.api_app_id,
        event.event_id,
        event.event_time
    ));
}

#[webhook(provider = "slack", event = "message")]
async fn message(event: slack::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls.push(format!(
        "message {:?} {}",
        event.event_subtype, event.event["text"]
    ));
}

#[webhook(provider = "slack", event = "slash_command")]
async fn command(command: SlashCommand, delivery: Delivery, State(calls): State<Calls>) {
    calls.push(format!(
        "command {} [{}] {:?} {:?}",
        command.command, command.text, command.user_id, delivery.id
    ));
}

#[webhook(provider = "slack", event = "block_actions")]
async fn clicked(interaction: slack::Interaction<serde_json::Value>, State(calls): State<Calls>) {
    calls.push(format!(
        "{} {:?} {}",
        interaction.interaction_type,
        interaction.trigger_id,
        interaction.payload["actions"][0]["action_id"]
    ));
}

#[webhook(provider = "slack", event = "view_submission")]
async fn submitted(payload: serde_json::Value, State(calls): State<Calls>) {
    calls.push(format!("view {}", payload["view"]["callback_id"]));
}

#[webhook(provider = "slack", event = "app_rate_limited")]
async fn rate_limited(body: serde_json::Value, State(calls): State<Calls>) {
    calls.push(format!("limited {}", body["minute_rate_limited"]));
}

fn app(calls: &Calls) -> axum::Router {
    router![
        mentioned,
        message,
        command,
        clicked,
        submitted,
        rate_limited
    ]
    .secret("slack", SECRET)
    .into_router()
    .expect("router builds")
    .with_state(calls.clone())
}

fn callback(event: &str) -> String {
    format!(
        r#"{{"token":"x","team_id":"T1","api_app_id":"A1","event":{event},"type":"event_callback","event_id":"Ev1","event_time":1700000000}}"#
    )
}

const MENTION: &str =
    r#"{"type":"app_mention","user":"U1","text":"<@U0> hi","ts":"1.2","channel":"C1"}"#;

#[tokio::test]
async fn event_callback_reaches_the_typed_handler() {
    let calls = Calls::default();
    let response = send(&app(&calls), sign::request(PATH, SECRET, callback(MENTION))).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        [r#"mention U1 <@U0> hi Some("T1") Some("A1") Some("Ev1") Some(1700000000)"#]
    );
}

#[tokio::test]
async fn routes_by_inner_event_type_each_handler_gets_only_its_event() {
    let calls = Calls::default();
    let app = app(&calls);
    let bot = r#"{"type":"message","subtype":"bot_message","text":"beep"}"#;
    let response = send(&app, sign::request(PATH, SECRET, callback(bot))).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.take(), [r#"message Some("bot_message") "beep""#]);

    let other = r#"{"type":"reaction_added","user":"U1"}"#;
    let response = send(&app, sign::request(PATH, SECRET, callback(other))).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.json()["status"], "ignored");
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn url_verification_is_answered_with_the_challenge() {
    let calls = Calls::default();
    let body = r#"{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}"#;
    let response = send(&app(&calls), sign::request(PATH, SECRET, body)).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.json(),
        serde_json::json!({"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"})
    );
    assert!(calls.take().is_empty());

    // The handshake is signed too: an unsigned one is refused.
    let forged = sign::request(PATH, "not-the-secret", body);
    assert_eq!(
        send(&app(&calls), forged).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn ssl_check_is_answered_200_empty_and_reaches_no_handler() {
    let calls = Calls::default();
    let app = app(&calls);
    // What Slack posts to a slash command's URL to check its certificate.
    let body = "ssl_check=1&token=gIkuvaNzQIHg97ATvDxqgjtO";
    let response = send(&app, sign::request(PATH, SECRET, body)).await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.body.is_empty(), "{}", response.text());
    // Even a form that also names a command is only an SSL check.
    let with_command = "ssl_check=1&command=%2Fdeploy&trigger_id=1.2.3";
    let response = send(&app, sign::request(PATH, SECRET, with_command)).await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.body.is_empty(), "{}", response.text());
    assert!(calls.take().is_empty());

    // Verified like every Slack request: a forged one is refused.
    let forged = sign::request(PATH, "not-the-secret", body);
    assert_eq!(send(&app, forged).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn ssl_check_is_not_stored_as_a_delivery() {
    use webhook::store::{self, DeliveryFilter};

    let dir = std::env::temp_dir().join(format!("webhook-ssl-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = store::open(dir.join("deliveries.db").to_str().unwrap())
        .await
        .unwrap();
    let calls = Calls::default();
    let app = router![command]
        .secret("slack", SECRET)
        .store(Arc::clone(&store))
        .into_router()
        .expect("router builds")
        .with_state(calls.clone());
    let check = sign::request(PATH, SECRET, "ssl_check=1&token=x");
    assert_eq!(send(&app, check).await.status, StatusCode::OK);
    assert!(store.list(&DeliveryFilter::new()).await.unwrap().is_empty());
    // A real command through the same app is stored, so the store is in use.
    let real = "command=%2Fdeploy&text=now&trigger_id=1.2.3&user_name=ann&user_id=U1&channel_id=C1&team_id=T1&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1";
    let response = send(&app, sign::request(PATH, SECRET, real)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(store.list(&DeliveryFilter::new()).await.unwrap().len(), 1);
    assert_eq!(calls.take().len(), 1);
    store.close().await.unwrap();
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn slash_commands_dispatch_as_slash_command_with_the_form() {
    let calls = Calls::default();
    let body = "token=x&team_id=T1&channel_id=C1&user_id=U2&user_name=ann&command=%2Fdeploy&text=prod+now&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1&trigger_id=123.456.abc";
    let response = send(&app(&calls), sign::request(PATH, SECRET, body)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        [r#"command /deploy [prod now] Some("U2") Some("123.456.abc")"#]
    );
}

#[tokio::test]
async fn interactivity_dispatches_on_the_payload_type() {
    let calls = Calls::default();
    let app = app(&calls);
    let click = sign::interaction_body(
        r#"{"type":"block_actions","trigger_id":"9.8.7","actions":[{"action_id":"approve","value":"1"}]}"#,
    );
    let response = send(&app, sign::request(PATH, SECRET, click)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.take(), [r#"block_actions Some("9.8.7") "approve""#]);

    let view = sign::interaction_body(
        r#"{"type":"view_submission","trigger_id":"1.2.3","view":{"callback_id":"signup"}}"#,
    );
    let response = send(&app, sign::request(PATH, SECRET, view)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.take(), [r#"view "signup""#]);

    let closed = sign::interaction_body(r#"{"type":"view_closed","view":{}}"#);
    let response = send(&app, sign::request(PATH, SECRET, closed)).await;
    assert_eq!(response.json()["status"], "ignored");
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn app_rate_limited_is_dispatched() {
    let calls = Calls::default();
    let body = r#"{"token":"x","type":"app_rate_limited","team_id":"T1","minute_rate_limited":1518467820,"api_app_id":"A1"}"#;
    let response = send(&app(&calls), sign::request(PATH, SECRET, body)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.take(), ["limited 1518467820"]);
}

#[tokio::test]
async fn tampered_wrong_secret_stale_and_future_are_401() {
    let calls = Calls::default();
    let app = app(&calls);
    let body = callback(MENTION);

    let now = testing::now();
    let signature = sign::signature(SECRET, now, body.as_bytes());
    let tampered = body.replace("hi", "ho");
    let request = http::Request::post(PATH)
        .header("content-type", "application/json")
        .header("x-slack-signature", signature)
        .header("x-slack-request-timestamp", now.to_string())
        .body(axum::body::Body::from(tampered))
        .unwrap();
    assert_eq!(send(&app, request).await.status, StatusCode::UNAUTHORIZED);

    let wrong = send(&app, sign::request(PATH, "wrong", body.clone())).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    let stale = send(
        &app,
        sign::request_at(PATH, SECRET, now - 301, body.clone()),
    )
    .await;
    assert_eq!(stale.status, StatusCode::UNAUTHORIZED);
    assert!(stale.text().contains("tolerance"), "{}", stale.text());

    // The future side keeps a margin: the clock may tick between `now` and the check,
    // and 301 s ahead would then be 300 s ahead, inside the window.
    let future = send(
        &app,
        sign::request_at(PATH, SECRET, now + 360, body.clone()),
    )
    .await;
    assert_eq!(future.status, StatusCode::UNAUTHORIZED);

    let fresh = send(&app, sign::request_at(PATH, SECRET, now - 200, body)).await;
    assert_eq!(fresh.status, StatusCode::OK);
    assert_eq!(calls.take().len(), 1);
}

#[tokio::test]
async fn other_media_types_are_415_and_bad_bodies_400() {
    let calls = Calls::default();
    let app = app(&calls);
    let mut request = sign::request(PATH, SECRET, callback(MENTION));
    request
        .headers_mut()
        .insert("content-type", http::HeaderValue::from_static("text/plain"));
    assert_eq!(
        send(&app, request).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let neither = send(&app, sign::request(PATH, SECRET, "text=hello")).await;
    assert_eq!(neither.status, StatusCode::BAD_REQUEST);
    let wrong_type = send(
        &app,
        sign::request(PATH, SECRET, callback(r#"{"type":"app_mention"}"#)),
    )
    .await;
    assert_eq!(wrong_type.status, StatusCode::BAD_REQUEST);
    assert!(calls.take().is_empty());
}
