#![recursion_limit = "256"]
//! Per-delivery cost without HTTP: the framework's request path (verify, envelope,
//! dispatch, typed payload, handler) against a hand-written floor doing the same work
//! on the same bytes (a Stripe invoice, a GitHub pull request, a Slack mention) — HMAC with the same crates, serde_json into the same types, a
//! `match` on the event name — measured in the same run. Both take the same
//! `http::Request` and answer a `Response`.
//!
//! `cargo bench --bench delivery`; the judged figure is framework / floor per payload.

#[path = "support/floor.rs"]
mod floor;
#[path = "support/payloads.rs"]
mod payloads;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use webhook::Dispatcher;

#[path = "support/app.rs"]
mod app;

fn dispatcher() -> Dispatcher<()> {
    app::webhooks().into_dispatcher().unwrap()
}

fn per_delivery(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dispatcher = dispatcher();
    for (name, endpoint, signed) in app::cases() {
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
