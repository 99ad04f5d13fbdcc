#![recursion_limit = "256"]
//! The per-delivery ratio framework / floor, measured so that a noisy, shared machine
//! cannot tilt it: the two variants alternate in short batches (a burst of load from
//! elsewhere hits both alike), and the ratio is the median of the per-round ratios.
//! Criterion (`benches/delivery.rs`) gives the absolute times; this gives the judged
//! ratio.
//!
//! ```sh
//! cargo bench --bench ratio                        # alternating timing, all payloads
//! cargo bench --bench ratio -- --only framework stripe 300   # one variant, N times
//! ```
//!
//! `--only` runs one variant N times and exits: `scripts/instructions.sh` runs it under
//! `valgrind --tool=callgrind` to count instructions, which no other load changes.

#[path = "support/app.rs"]
mod app;
#[path = "support/floor.rs"]
mod floor;
#[path = "support/payloads.rs"]
mod payloads;

use std::time::{Duration, Instant};

use webhook::Dispatcher;

/// Deliveries per batch, and batches per variant.
const BATCH: u32 = 200;
const ROUNDS: usize = 41;

#[derive(Clone, Copy, PartialEq)]
enum Variant {
    Framework,
    Floor,
}

async fn deliver(
    variant: Variant,
    dispatcher: &Dispatcher<()>,
    endpoint: &str,
    signed: &app::Signed,
) {
    let response = match variant {
        Variant::Framework => dispatcher
            .dispatch(endpoint, (), signed.request())
            .await
            .expect("the endpoint exists"),
        Variant::Floor => floor::handle(endpoint, signed.request()).await,
    };
    assert_eq!(response.status(), 200, "{endpoint}");
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let dispatcher = app::webhooks().into_dispatcher().expect("the bench router");
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|arg| arg == "--only") {
        let variant = match args.get(at + 1).map(String::as_str) {
            Some("floor") => Variant::Floor,
            _ => Variant::Framework,
        };
        let endpoint = args.get(at + 2).cloned().unwrap_or_else(|| "stripe".into());
        let count: u32 = args.get(at + 3).and_then(|n| n.parse().ok()).unwrap_or(100);
        let (_, _, signed) = app::cases()
            .into_iter()
            .find(|(_, name, _)| *name == endpoint)
            .expect("stripe, github or slack");
        runtime.block_on(async {
            for _ in 0..count {
                deliver(variant, &dispatcher, &endpoint, &signed).await;
            }
        });
        return;
    }
    println!(
        "framework / floor, alternating batches of {BATCH}, median of {ROUNDS} rounds (per delivery)"
    );
    for (name, endpoint, signed) in app::cases() {
        let batch = |variant: Variant| -> Duration {
            runtime.block_on(async {
                let start = Instant::now();
                for _ in 0..BATCH {
                    deliver(variant, &dispatcher, endpoint, &signed).await;
                }
                start.elapsed() / BATCH
            })
        };
        batch(Variant::Framework); // warm-up: lazy statics, caches
        batch(Variant::Floor);
        let (mut framework, mut floor, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            // Alternate which goes first, so neither always runs on a warmer cache.
            let (a, b) = if round % 2 == 0 {
                let a = batch(Variant::Framework);
                (a, batch(Variant::Floor))
            } else {
                let b = batch(Variant::Floor);
                (batch(Variant::Framework), b)
            };
            framework.push(a.as_secs_f64() * 1e6);
            floor.push(b.as_secs_f64() * 1e6);
            ratios.push(a.as_secs_f64() / b.as_secs_f64());
        }
        println!(
            "{name:<28} framework {:>8.2} µs | floor {:>8.2} µs | ratio {:.3}x (target <= 1.15x)",
            median(&mut framework),
            median(&mut floor),
            median(&mut ratios)
        );
    }
}
