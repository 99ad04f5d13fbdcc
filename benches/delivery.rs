#![recursion_limit = "256"]
//! Per-delivery cost without HTTP: the framework's request path (verify, envelope,
//! dispatch, typed payload, handler) against a hand-written floor doing the same work
//! on the same bytes — HMAC with the same crates, serde_json into the same types, a
//! `match` on the event name — measured in the same run. Both take the same
//! `http::Request` and answer a `Response`.
//!
//! `cargo bench --bench delivery`; the judged figure is framework / floor per payload.

#[path = "support/floor.rs"]
mod floor;
#[path = "support/payloads.rs"]
mod payloads;

use std::hint::black_box;

use axum::body::Body;
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use http::{HeaderMap, HeaderValue, Request};
use webhook::{github, router, stripe, testing, webhook, Dispatcher};

pub const STRIPE_SECRET: &str = "whsec_bench_secret";
pub const GITHUB_SECRET: &str = "github-bench-secret";

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn invoice_paid(event: stripe::Event<stripe::Invoice>) {
    black_box(&event.data.object.id);
}

#[webhook(provider = "github", event = "pull_request.opened")]
async fn pr_opened(event: github::Event<github::PullRequestEvent>) {
    black_box(&event.payload.number);
}

/// One signed request's parts, cloned into a fresh request per iteration.
#[derive(Clone)]
pub struct Signed {
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Signed {
    pub fn request(&self) -> Request<Body> {
        let mut request = Request::post("/webhooks")
            .body(Body::from(self.body.clone()))
            .unwrap();
        *request.headers_mut() = self.headers.clone();
        request
    }
}

fn stripe_signed(body: Vec<u8>) -> Signed {
    let mut headers = HeaderMap::new();
    let signature = testing::stripe_signature(&[STRIPE_SECRET], testing::now(), &body);
    headers.insert(
        "stripe-signature",
        HeaderValue::from_str(&signature).unwrap(),
    );
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    Signed {
        headers,
        body: body.into(),
    }
}

fn github_signed(body: Vec<u8>) -> Signed {
    let mut headers = HeaderMap::new();
    let signature = testing::github_signature(GITHUB_SECRET, &body);
    headers.insert(
        "x-hub-signature-256",
        HeaderValue::from_str(&signature).unwrap(),
    );
    headers.insert("x-github-event", HeaderValue::from_static("pull_request"));
    headers.insert(
        "x-github-delivery",
        HeaderValue::from_static("72d3162e-cc78-11e3-81ab-4c9367dc0958"),
    );
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    Signed {
        headers,
        body: body.into(),
    }
}

fn dispatcher() -> Dispatcher<()> {
    router![invoice_paid, pr_opened]
        .secret("stripe", STRIPE_SECRET)
        .secret("github", GITHUB_SECRET)
        .into_dispatcher()
        .unwrap()
}

fn per_delivery(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dispatcher = dispatcher();
    let cases = [
        (
            "stripe_invoice_paid",
            "stripe",
            stripe_signed(payloads::stripe_invoice_paid()),
        ),
        (
            "github_pull_request_opened",
            "github",
            github_signed(payloads::github_pull_request_opened()),
        ),
    ];
    for (name, endpoint, signed) in cases {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(signed.body.len() as u64));
        group.bench_function(BenchmarkId::new("framework", signed.body.len()), |b| {
            b.to_async(&runtime).iter(|| async {
                let response = dispatcher
                    .dispatch(endpoint, (), signed.request())
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200);
                response
            })
        });
        group.bench_function(BenchmarkId::new("floor", signed.body.len()), |b| {
            b.to_async(&runtime).iter(|| async {
                let response = floor::handle(endpoint, signed.request()).await;
                assert_eq!(response.status(), 200);
                response
            })
        });
        group.finish();
    }
}

criterion_group!(benches, per_delivery);
criterion_main!(benches);
