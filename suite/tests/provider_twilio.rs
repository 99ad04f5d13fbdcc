//! Twilio end to end: form and JSON signatures over the public URL, the SHA-256
//! settings header, dispatch on status fields, typed `Event<T>`.
#![cfg(feature = "all-providers")]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use http::StatusCode;
use webhook::testing::{send, twilio};
use webhook::{router, webhook, BuildError, Delivery};

const TOKEN: &str = "12345";
const PUBLIC: &str = "https://MyCompany.example";
const PATH: &str = "/webhooks/twilio";

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
#[serde(rename_all = "PascalCase")]
struct Sms {
    from: String,
    body: String,
}

#[webhook(provider = "twilio", event = "message.received")]
async fn sms(event: webhook::twilio::Event<Sms>, delivery: Delivery, State(calls): State<Calls>) {
    calls.push(format!(
        "sms {} {} {} {:?} {:?}",
        event.event, event.params.from, event.params.body, event.account_sid, delivery.id
    ));
}

#[webhook(provider = "twilio", event = "call.*")]
async fn calls_status(
    params: HashMap<String, String>,
    delivery: Delivery,
    State(calls): State<Calls>,
) {
    calls.push(format!(
        "call {} {:?}",
        delivery.event,
        params.get("CallSid")
    ));
}

fn app(calls: &Calls, public_url: &str) -> axum::Router {
    router![sms, calls_status]
        .secret("twilio", TOKEN)
        .public_url("twilio", public_url)
        .into_router()
        .expect("router builds")
        .with_state(calls.clone())
}

const SMS: [(&str, &str); 5] = [
    ("AccountSid", "AC1"),
    ("From", "+14158675309"),
    ("Body", "hello & bye"),
    ("SmsStatus", "received"),
    ("MessageSid", "SM1"),
];

#[tokio::test]
async fn signed_form_reaches_the_typed_handler() {
    let calls = Calls::default();
    let request = twilio::form_request(PUBLIC, PATH, TOKEN, &SMS);
    let response = send(&app(&calls, PUBLIC), request).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        calls.take(),
        [format!(
            "sms message.received +14158675309 hello & bye Some(\"AC1\") Some({:?})",
            twilio::IDEMPOTENCY_TOKEN
        )]
    );
}

#[tokio::test]
async fn routes_by_status_each_handler_gets_only_its_event() {
    let calls = Calls::default();
    let app = app(&calls, PUBLIC);
    let call = [("CallSid", "CA1"), ("CallStatus", "completed")];
    let response = send(&app, twilio::form_request(PUBLIC, PATH, TOKEN, &call)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.take(), [r#"call call.completed Some("CA1")"#]);

    let delivered = [("MessageSid", "SM1"), ("MessageStatus", "delivered")];
    let response = send(&app, twilio::form_request(PUBLIC, PATH, TOKEN, &delivered)).await;
    assert_eq!(response.json()["status"], "ignored");
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn json_bodies_are_checked_against_body_sha256() {
    let calls = Calls::default();
    let app = app(&calls, PUBLIC);
    let body = r#"{"CallSid":"CA9","CallStatus":"ringing"}"#;
    let response = send(&app, twilio::json_request(PUBLIC, PATH, TOKEN, body)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(calls.take(), [r#"call call.ringing Some("CA9")"#]);

    let mut tampered = twilio::json_request(PUBLIC, PATH, TOKEN, body);
    *tampered.body_mut() = body.replace("CA9", "CA8").into();
    assert_eq!(send(&app, tampered).await.status, StatusCode::UNAUTHORIZED);
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn sha256_settings_header_switches_the_algorithm() {
    let calls = Calls::default();
    let app = app(&calls, PUBLIC);
    let url = format!("{PUBLIC}{PATH}");
    let mut request = twilio::form_request(PUBLIC, PATH, TOKEN, &SMS);
    let headers = request.headers_mut();
    headers.insert(
        "x-twilio-signature",
        twilio::signature_sha256(TOKEN, &url, &SMS).parse().unwrap(),
    );
    headers.insert(
        "x-twilio-webhooks-signature-settings",
        "key=SK1,algorithm=HMAC_SHA256".parse().unwrap(),
    );
    assert_eq!(send(&app, request).await.status, StatusCode::OK);
    assert_eq!(calls.take().len(), 1);

    let mut unknown = twilio::form_request(PUBLIC, PATH, TOKEN, &SMS);
    unknown.headers_mut().insert(
        "x-twilio-webhooks-signature-settings",
        "key=SK1,algorithm=HMAC_SHA3".parse().unwrap(),
    );
    assert_eq!(send(&app, unknown).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn tampered_wrong_token_and_wrong_url_are_401() {
    let calls = Calls::default();
    let app = app(&calls, PUBLIC);
    let mut tampered = twilio::form_request(PUBLIC, PATH, TOKEN, &SMS);
    *tampered.body_mut() = "AccountSid=AC1&From=%2B1&Body=evil&SmsStatus=received".into();
    assert_eq!(send(&app, tampered).await.status, StatusCode::UNAUTHORIZED);

    let wrong = twilio::form_request(PUBLIC, PATH, "54321", &SMS);
    assert_eq!(send(&app, wrong).await.status, StatusCode::UNAUTHORIZED);

    // Signed for another host than the configured public URL.
    let elsewhere = twilio::form_request("https://other.example", PATH, TOKEN, &SMS);
    assert_eq!(send(&app, elsewhere).await.status, StatusCode::UNAUTHORIZED);

    let mut unsigned = twilio::form_request(PUBLIC, PATH, TOKEN, &SMS);
    unsigned.headers_mut().remove("x-twilio-signature");
    let response = send(&app, unsigned).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.text().contains("X-Twilio-Signature"));
    assert!(calls.take().is_empty());
}

#[test]
fn without_a_public_url_the_router_does_not_build() {
    let error = router![sms, calls_status]
        .secret("twilio", TOKEN)
        .into_router()
        .unwrap_err();
    assert!(
        matches!(
            &error,
            BuildError::MissingPublicUrl { endpoint, provider: "twilio" } if endpoint == "twilio"
        ),
        "{error}"
    );
    let message = error.to_string();
    assert!(message.contains(".public_url(\"twilio\""), "{message}");
    assert!(message.contains("public_url"), "{message}");

    // Every Twilio endpoint needs its own.
    let error = router![sms, calls_status]
        .endpoint("twilio-eu", "twilio")
        .secret("twilio", TOKEN)
        .secret("twilio-eu", TOKEN)
        .public_url("twilio", PUBLIC)
        .into_router()
        .unwrap_err();
    assert!(error.to_string().contains("`twilio-eu`"), "{error}");
}

#[tokio::test]
async fn the_host_header_never_stands_in_for_the_public_url() {
    let calls = Calls::default();
    let app = app(&calls, PUBLIC);
    let mut request = twilio::form_request("https://hooks.example", PATH, TOKEN, &SMS);
    request
        .headers_mut()
        .insert("host", "hooks.example".parse().unwrap());
    let response = send(&app, request).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn other_media_types_are_415() {
    let calls = Calls::default();
    let mut request = twilio::form_request(PUBLIC, PATH, TOKEN, &SMS);
    request
        .headers_mut()
        .insert("content-type", "text/plain".parse().unwrap());
    let response = send(&app(&calls, PUBLIC), request).await;
    assert_eq!(response.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}
