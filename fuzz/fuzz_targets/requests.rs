//! Whole requests through a router's request path (signed with the right secret half
//! the time, so the envelope and payload parsers are reached): an answer, never a panic,
//! and never a 2xx for an unsigned request.
#![no_main]

#[path = "common.rs"]
mod common;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use webhook::{github, router, stripe, testing, webhook, Dispatcher};

#[webhook(provider = "stripe", event = "*")]
async fn any_stripe(_event: stripe::Event<stripe::Invoice>) {}

#[webhook(provider = "github", event = "*")]
async fn any_github(_event: github::Event<github::PullRequestEvent>) {}

fn dispatcher() -> &'static Dispatcher<()> {
    static DISPATCHER: OnceLock<Dispatcher<()>> = OnceLock::new();
    DISPATCHER.get_or_init(|| {
        router![any_stripe, any_github].secret("stripe", "whsec_f").secret("github", "gh_f").into_dispatcher().unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, data)) = data.split_first() else { return };
    let (mut headers, body) = common::split(data);
    let sign = mode & 1 == 1;
    let endpoint = if mode & 2 == 0 { "stripe" } else { "github" };
    if sign {
        let signature = match endpoint {
            "stripe" => testing::stripe_signature(&["whsec_f"], testing::now(), body),
            _ => testing::github_signature("gh_f", body),
        };
        let name = if endpoint == "stripe" { "stripe-signature" } else { "x-hub-signature-256" };
        headers.insert(name, signature.parse().unwrap());
    }
    let mut request = http::Request::post("/").body(axum::body::Body::from(body.to_vec())).unwrap();
    *request.headers_mut() = headers;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    let response = runtime.block_on(dispatcher().dispatch(endpoint, (), request)).unwrap();
    assert!(sign || !response.status().is_success(), "an unsigned request was accepted");
});
