//! Property tests: random headers and bodies thrown at the router never panic, never
//! stall, and anything unsigned is answered with a 4xx.

use proptest::prelude::*;
use webhook::testing::{github_signature, send, stripe_signature};
use webhook::{github, router, stripe, webhook};

#[webhook(provider = "stripe", event = "*")]
async fn any_stripe(_event: stripe::Event<serde_json::Value>) {}

#[webhook(provider = "github", event = "*")]
async fn any_github(_event: github::Event<serde_json::Value>) {}

fn app() -> axum::Router {
    router![any_stripe, any_github]
        .secret("stripe", "whsec_p")
        .secret("github", "gh_p")
        .into_router()
        .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Header names the endpoints read, plus noise; values are arbitrary bytes.
fn header_name() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "stripe-signature",
        "x-hub-signature-256",
        "x-github-event",
        "x-github-delivery",
        "content-type",
        "content-length",
        "x-random",
    ])
}

fn request(
    path: &str,
    headers: &[(&'static str, Vec<u8>)],
    body: Vec<u8>,
) -> Option<http::Request<axum::body::Body>> {
    let mut builder = http::Request::post(path);
    for (name, value) in headers {
        let value = http::HeaderValue::from_bytes(value).ok()?;
        builder = builder.header(*name, value);
    }
    builder.body(axum::body::Body::from(body)).ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn unsigned_requests_never_pass(
        path in prop::sample::select(vec!["/webhooks/stripe", "/webhooks/github", "/webhooks/other"]),
        headers in prop::collection::vec((header_name(), prop::collection::vec(any::<u8>(), 0..200)), 0..6),
        body in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let Some(request) = request(path, &headers, body) else { return Ok(()) };
        let response = runtime().block_on(send(&app(), request));
        prop_assert!(response.status.is_client_error(), "{} {}", response.status, response.text());
    }

    #[test]
    fn signed_garbage_is_a_clear_4xx_or_handled_never_a_panic(
        body in prop::collection::vec(any::<u8>(), 0..2048),
        event in "[a-z_.]{0,20}",
    ) {
        let stripe = request(
            "/webhooks/stripe",
            &[("stripe-signature", stripe_signature(&["whsec_p"], webhook::testing::now(), &body).into_bytes())],
            body.clone(),
        ).unwrap();
        let github = request(
            "/webhooks/github",
            &[("x-hub-signature-256", github_signature("gh_p", &body).into_bytes()), ("x-github-event", event.into_bytes())],
            body,
        ).unwrap();
        for request in [stripe, github] {
            let response = runtime().block_on(send(&app(), request));
            prop_assert!(
                response.status.is_client_error() || response.status.is_success(),
                "{} {}", response.status, response.text()
            );
        }
    }

    #[test]
    fn signed_json_envelopes_with_random_fields_never_panic(
        id in any::<String>(),
        kind in any::<String>(),
        created in any::<i64>(),
        object in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let body = serde_json::json!({
            "id": id, "object": "event", "type": kind, "created": created, "livemode": false,
            "data": { "object": { "raw": object } }
        }).to_string();
        let request = request(
            "/webhooks/stripe",
            &[("stripe-signature", stripe_signature(&["whsec_p"], webhook::testing::now(), body.as_bytes()).into_bytes())],
            body.into_bytes(),
        ).unwrap();
        let response = runtime().block_on(send(&app(), request));
        prop_assert!(response.status.is_success(), "{} {}", response.status, response.text());
    }
}
