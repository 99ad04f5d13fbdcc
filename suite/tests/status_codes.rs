//! Every status code the generated router answers, through the public API only.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use http::{Request, StatusCode};
use webhook::testing::{
    self, github_request, send, signed_request, stripe_request, stripe_signature,
};
use webhook::{github, router, stripe, webhook, BuildError, Delivery};

const STRIPE_SECRET: &str = "whsec_test_secret";
const GITHUB_SECRET: &str = "It's a Secret to Everybody";

/// Records which handlers ran, in order.
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

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn invoice_paid(event: stripe::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls.push(format!(
        "invoice_paid {} {}",
        event.id, event.data.object["id"]
    ));
}

#[webhook(provider = "stripe", event = "invoice.*")]
async fn any_invoice(delivery: Delivery, State(calls): State<Calls>) {
    calls.push(format!("any_invoice {} {:?}", delivery.event, delivery.id));
}

#[webhook(provider = "stripe", event = "*")]
async fn everything(State(calls): State<Calls>, object: serde_json::Value) {
    calls.push(format!("everything {}", object["object"]));
}

#[derive(serde::Deserialize)]
struct Strict {
    #[allow(dead_code)]
    required_field: u64,
}

#[webhook(provider = "stripe", event = "charge.succeeded")]
async fn charge_needs_strict_type(_charge: Strict) {}

#[webhook(provider = "stripe", event = "customer.created")]
async fn fails(State(calls): State<Calls>) -> Result<(), String> {
    calls.push("fails".to_owned());
    Err("database password is hunter2".to_owned())
}

#[webhook(provider = "stripe", event = "customer.deleted")]
async fn panics() {
    panic!("handler bug");
}

#[webhook(provider = "github", event = "pull_request.opened")]
async fn pr_opened(event: github::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls.push(format!(
        "pr_opened {} {:?} {:?} {}",
        event.event, event.action, event.delivery_id, event.payload["number"]
    ));
}

#[webhook(provider = "github", event = "pull_request")]
async fn any_pr(event: github::Event<serde_json::Value>, State(calls): State<Calls>) {
    calls.push(format!("any_pr {:?}", event.action));
}

#[webhook(provider = "github", event = "push")]
async fn pushed(payload: serde_json::Value, State(calls): State<Calls>) {
    calls.push(format!("pushed {}", payload["ref"]));
}

fn app(calls: &Calls) -> axum::Router {
    router![
        invoice_paid,
        any_invoice,
        everything,
        charge_needs_strict_type,
        fails,
        panics,
        pr_opened,
        any_pr,
        pushed
    ]
    .secret("stripe", STRIPE_SECRET)
    .secret("github", GITHUB_SECRET)
    .into_router()
    .expect("router builds")
    .with_state(calls.clone())
}

fn stripe_event(event_type: &str, object: &str) -> String {
    format!(
        r#"{{"id":"evt_1","object":"event","type":"{event_type}","created":1700000000,"livemode":false,"api_version":"2024-06-20","data":{{"object":{object}}}}}"#
    )
}

#[tokio::test]
async fn handled_event_runs_every_matching_handler_most_specific_first() {
    let calls = Calls::default();
    let body = stripe_event("invoice.paid", r#"{"id":"in_1","object":"invoice"}"#);
    let response = send(
        &app(&calls),
        stripe_request("/webhooks/stripe", STRIPE_SECRET, body),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.json()["status"], "handled");
    assert_eq!(
        calls.take(),
        [
            "invoice_paid evt_1 \"in_1\"",
            "any_invoice invoice.paid Some(\"evt_1\")",
            "everything \"invoice\""
        ]
    );
}

#[tokio::test]
async fn event_without_handler_is_ignored_with_200() {
    let calls = Calls::default();
    let app = router![pushed]
        .secret("github", GITHUB_SECRET)
        .into_router()
        .unwrap()
        .with_state(calls.clone());
    let response = send(
        &app,
        github_request(
            "/webhooks/github",
            GITHUB_SECRET,
            "issues",
            r#"{"action":"opened"}"#,
        ),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.json()["status"], "ignored");
    assert!(
        response.text().contains("issues.opened"),
        "{}",
        response.text()
    );
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn github_dispatches_on_event_and_action() {
    let calls = Calls::default();
    let app = app(&calls);
    let opened = r#"{"action":"opened","number":7}"#;
    let response = send(
        &app,
        github_request("/webhooks/github", GITHUB_SECRET, "pull_request", opened),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        calls.take(),
        [
            "pr_opened pull_request Some(\"opened\") Some(\"72d3162e-cc78-11e3-81ab-4c9367dc0958\") 7",
            "any_pr Some(\"opened\")"
        ]
    );
    let closed = r#"{"action":"closed","number":7}"#;
    send(
        &app,
        github_request("/webhooks/github", GITHUB_SECRET, "pull_request", closed),
    )
    .await;
    assert_eq!(calls.take(), ["any_pr Some(\"closed\")"]);
    let push = r#"{"ref":"refs/heads/main"}"#;
    send(
        &app,
        github_request("/webhooks/github", GITHUB_SECRET, "push", push),
    )
    .await;
    assert_eq!(calls.take(), ["pushed \"refs/heads/main\""]);
}

#[tokio::test]
async fn handler_error_is_500_without_detail_and_other_handlers_still_run() {
    let calls = Calls::default();
    let body = stripe_event("customer.created", r#"{"id":"cus_1","object":"customer"}"#);
    let response = send(
        &app(&calls),
        stripe_request("/webhooks/stripe", STRIPE_SECRET, body),
    )
    .await;
    assert_eq!(response.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(response.json()["error"], "handler_failed");
    assert!(!response.text().contains("hunter2"));
    assert_eq!(calls.take(), ["fails", "everything \"customer\""]);
}

#[tokio::test]
async fn panicking_handler_is_500_and_the_server_keeps_serving() {
    let calls = Calls::default();
    let app = app(&calls);
    let body = stripe_event("customer.deleted", r#"{"id":"cus_1","object":"customer"}"#);
    let response = send(
        &app,
        stripe_request("/webhooks/stripe", STRIPE_SECRET, body),
    )
    .await;
    assert_eq!(response.status, StatusCode::INTERNAL_SERVER_ERROR);
    let body = stripe_event("invoice.paid", r#"{"id":"in_2","object":"invoice"}"#);
    let response = send(
        &app,
        stripe_request("/webhooks/stripe", STRIPE_SECRET, body),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK);
}

#[tokio::test]
async fn missing_bad_and_stale_signatures_are_401() {
    let calls = Calls::default();
    let app = app(&calls);
    let body = stripe_event("invoice.paid", "{}");

    let unsigned = signed_request("/webhooks/stripe", &[], body.clone().into());
    let response = send(&app, unsigned).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert_eq!(response.json()["error"], "invalid_signature");
    assert!(
        response.text().contains("Stripe-Signature"),
        "{}",
        response.text()
    );

    let wrong_secret = stripe_request("/webhooks/stripe", "whsec_wrong", body.clone());
    assert_eq!(
        send(&app, wrong_secret).await.status,
        StatusCode::UNAUTHORIZED
    );

    let signature = stripe_signature(&[STRIPE_SECRET], testing::now(), body.as_bytes());
    let tampered = body.replace("evt_1", "evt_2");
    let request = signed_request(
        "/webhooks/stripe",
        &[("stripe-signature", signature)],
        tampered.into(),
    );
    assert_eq!(send(&app, request).await.status, StatusCode::UNAUTHORIZED);

    let stale = stripe_signature(&[STRIPE_SECRET], testing::now() - 301, body.as_bytes());
    let request = signed_request(
        "/webhooks/stripe",
        &[("stripe-signature", stale)],
        body.clone().into(),
    );
    let response = send(&app, request).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.text().contains("tolerance"), "{}", response.text());

    let github_unsigned = signed_request(
        "/webhooks/github",
        &[("x-github-event", "push".into())],
        "{}".into(),
    );
    assert_eq!(
        send(&app, github_unsigned).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert!(
        calls.take().is_empty(),
        "no handler runs for a rejected request"
    );
}

#[tokio::test]
async fn malformed_json_and_missing_envelope_fields_are_400() {
    let calls = Calls::default();
    let app = app(&calls);
    for body in [
        "{not json".to_owned(),
        r#"{"id":"evt_1","object":"event"}"#.to_owned(),
        stripe_event("invoice.paid", "{").to_owned(),
    ] {
        let response = send(
            &app,
            stripe_request("/webhooks/stripe", STRIPE_SECRET, body.clone()),
        )
        .await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(response.json()["error"], "invalid_payload");
    }
    let no_event_header = signed_request(
        "/webhooks/github",
        &[(
            "x-hub-signature-256",
            testing::github_signature(GITHUB_SECRET, b"{}"),
        )],
        "{}".into(),
    );
    let response = send(&app, no_event_header).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert!(response.text().contains("X-GitHub-Event"));
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn payload_not_fitting_the_handler_type_is_400_and_no_handler_runs() {
    let calls = Calls::default();
    let body = stripe_event("charge.succeeded", r#"{"id":"ch_1","object":"charge"}"#);
    let response = send(
        &app(&calls),
        stripe_request("/webhooks/stripe", STRIPE_SECRET, body),
    )
    .await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert!(
        response.text().contains("required_field"),
        "{}",
        response.text()
    );
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn other_methods_are_405() {
    let calls = Calls::default();
    let request = Request::get("/webhooks/stripe")
        .body(Body::empty())
        .unwrap();
    let response = send(&app(&calls), request).await;
    assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers["allow"], "POST");
}

#[tokio::test]
async fn oversized_body_is_413() {
    let calls = Calls::default();
    let app = router![invoice_paid]
        .secret("stripe", STRIPE_SECRET)
        .body_limit("stripe", 64)
        .into_router()
        .unwrap()
        .with_state(calls.clone());
    let body = stripe_event(
        "invoice.paid",
        &format!(r#"{{"pad":"{}"}}"#, "x".repeat(100)),
    );
    let response = send(
        &app,
        stripe_request("/webhooks/stripe", STRIPE_SECRET, body),
    )
    .await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn rotated_secrets_all_verify_and_delivery_says_which_matched() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    #[webhook(provider = "stripe", event = "invoice.paid")]
    async fn record(delivery: Delivery, State(seen): State<Arc<Mutex<Vec<usize>>>>) {
        seen.lock().unwrap().push(delivery.secret_index);
    }
    let app = router![record]
        .secret("stripe", "whsec_new")
        .secret("stripe", "whsec_old")
        .into_router()
        .unwrap()
        .with_state(seen.clone());
    for secret in ["whsec_old", "whsec_new"] {
        let response = send(
            &app,
            stripe_request(
                "/webhooks/stripe",
                secret,
                stripe_event("invoice.paid", "{}"),
            ),
        )
        .await;
        assert_eq!(response.status, StatusCode::OK);
    }
    assert_eq!(*seen.lock().unwrap(), [1, 0]);
}

#[tokio::test]
async fn prefix_and_paths_are_configurable_and_routers_nest() {
    let calls = Calls::default();
    let hooks = router![invoice_paid, pushed]
        .prefix("/hooks/")
        .path("github", "/gh")
        .secret("stripe", STRIPE_SECRET)
        .secret("github", GITHUB_SECRET)
        .into_router()
        .unwrap();
    let app = axum::Router::new()
        .nest("/api", hooks)
        .with_state(calls.clone());
    let body = stripe_event("invoice.paid", r#"{"id":"in_1"}"#);
    assert_eq!(
        send(
            &app,
            stripe_request("/api/hooks/stripe", STRIPE_SECRET, body)
        )
        .await
        .status,
        StatusCode::OK
    );
    let push = github_request("/api/gh", GITHUB_SECRET, "push", r#"{"ref":"x"}"#);
    assert_eq!(send(&app, push).await.status, StatusCode::OK);
    let old_path = stripe_request("/webhooks/stripe", STRIPE_SECRET, "{}");
    assert_eq!(send(&app, old_path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(calls.take().len(), 2);
}

#[test]
fn missing_secret_fails_at_build_naming_the_variable() {
    let error = router![invoice_paid, pushed]
        .secret("stripe", STRIPE_SECRET)
        .into_router()
        .map(|_: axum::Router<Calls>| ())
        .unwrap_err();
    assert_eq!(
        error,
        BuildError::MissingSecret {
            endpoint: "github".to_owned(),
            variable: "GITHUB_WEBHOOK_SECRET".to_owned()
        }
    );
    assert!(error.to_string().contains("GITHUB_WEBHOOK_SECRET"));

    let from_env = router![invoice_paid]
        .secrets_from(|_| None)
        .map(|_: webhook::Webhooks<Calls>| ());
    assert!(from_env
        .unwrap_err()
        .to_string()
        .contains("STRIPE_WEBHOOK_SECRET"));
}

#[test]
fn secrets_from_the_environment_split_on_commas() {
    let built = router![invoice_paid]
        .secrets_from(|name| {
            (name == "STRIPE_WEBHOOK_SECRET").then(|| "whsec_a, whsec_b".to_owned())
        })
        .and_then(|webhooks| webhooks.into_router())
        .map(|_: axum::Router<Calls>| ());
    assert!(built.is_ok());
}

#[test]
fn a_setting_for_a_provider_no_handler_uses_is_an_error() {
    let error = router![invoice_paid]
        .secret("stripe", STRIPE_SECRET)
        .secret("strpe", "x")
        .into_router()
        .map(|_: axum::Router<Calls>| ())
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "this router has no endpoint `strpe`; did you mean `stripe`?"
    );
}
