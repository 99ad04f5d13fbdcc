//! Several endpoints per provider, each with its own path and secrets.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use http::StatusCode;
use webhook::testing::{send, stripe_request};
use webhook::{router, webhook, BuildError, Delivery};

type Seen = Arc<Mutex<Vec<String>>>;

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn every_account(delivery: Delivery, State(seen): State<Seen>) {
    seen.lock()
        .unwrap()
        .push(format!("every_account@{}", delivery.endpoint));
}

#[webhook(
    provider = "stripe",
    event = "invoice.paid",
    endpoint = "stripe-connect"
)]
async fn connect_only(delivery: Delivery, State(seen): State<Seen>) {
    seen.lock()
        .unwrap()
        .push(format!("connect_only@{}", delivery.endpoint));
}

const EVENT: &str = r#"{"id":"evt_1","object":"event","type":"invoice.paid","created":1,"livemode":false,"data":{"object":{}}}"#;

fn app(seen: &Seen) -> axum::Router {
    router![every_account, connect_only]
        .secret("stripe", "whsec_platform")
        .endpoint("stripe-connect", "stripe")
        .secrets_from(|name| {
            (name == "STRIPE_CONNECT_WEBHOOK_SECRET").then(|| "whsec_connect".to_owned())
        })
        .unwrap()
        .into_router()
        .unwrap()
        .with_state(seen.clone())
}

#[tokio::test]
async fn each_endpoint_has_its_own_path_secrets_and_handlers() {
    let seen = Seen::default();
    let app = app(&seen);
    let platform = send(
        &app,
        stripe_request("/webhooks/stripe", "whsec_platform", EVENT),
    )
    .await;
    assert_eq!(platform.status, StatusCode::OK);
    let connect = send(
        &app,
        stripe_request("/webhooks/stripe-connect", "whsec_connect", EVENT),
    )
    .await;
    assert_eq!(connect.status, StatusCode::OK);
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "every_account@stripe",
            "every_account@stripe-connect",
            "connect_only@stripe-connect"
        ]
    );
    // One endpoint's secret does not open the other.
    let crossed = send(
        &app,
        stripe_request("/webhooks/stripe-connect", "whsec_platform", EVENT),
    )
    .await;
    assert_eq!(crossed.status, StatusCode::UNAUTHORIZED);
}

#[test]
fn an_extra_endpoint_without_secret_names_its_variable() {
    let error = router![every_account]
        .secret("stripe", "whsec_platform")
        .endpoint("stripe-connect", "stripe")
        .secrets_from(|_| None)
        .map(|_: webhook::Webhooks<Seen>| ())
        .unwrap_err();
    assert!(
        error.to_string().contains("STRIPE_CONNECT_WEBHOOK_SECRET"),
        "{error}"
    );
}

#[test]
fn a_handler_naming_a_missing_endpoint_fails_the_build() {
    let error = router![connect_only]
        .secret("stripe", "whsec_platform")
        .into_router()
        .map(|_: axum::Router<Seen>| ())
        .unwrap_err();
    assert_eq!(
        error,
        BuildError::HandlerEndpoint {
            handler: "connect_only",
            endpoint: "stripe-connect",
            provider: "stripe"
        }
    );
}

#[test]
fn an_endpoint_for_an_unused_provider_is_refused() {
    let error = router![every_account]
        .secret("stripe", "whsec_platform")
        .endpoint("gh2", "githb")
        .into_router()
        .map(|_: axum::Router<Seen>| ())
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "endpoint `gh2`: no handler in this router uses provider `githb`; expected one of `stripe`"
    );
}
