#![recursion_limit = "256"]
//! The per-delivery ratio framework / floor, measured so that a noisy, shared machine
//! cannot tilt it: each measurement is a fresh process running one variant (warmed up,
//! then timed over a batch), the two variants alternate, and the ratio is the median of
//! the per-round ratios. A burst of load from elsewhere hits both alike, and neither
//! variant runs on a heap or cache the other left behind (a server runs one of them,
//! not both). Criterion (`benches/delivery.rs`) gives the absolute times in one process;
//! this gives the judged ratio.
//!
//! ```sh
//! cargo bench --bench ratio                                  # all payloads
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

use std::process::Command;
use std::time::Instant;

use webhook::Dispatcher;

/// Deliveries warmed up and then timed per process, and processes per variant.
const WARM_UP: u32 = 300;
const BATCH: u32 = 2000;
const ROUNDS: usize = 15;

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

/// One timed batch in a fresh process: microseconds per delivery.
fn timed_batch(variant: &str, case: &str) -> f64 {
    let exe = std::env::current_exe().expect("the bench binary");
    let output = Command::new(exe)
        .args(["--timed", variant, case])
        .output()
        .expect("the bench binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .expect("microseconds")
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let dispatcher = app::webhooks().into_dispatcher().expect("the bench router");
    let args: Vec<String> = std::env::args().collect();
    let variant_of = |name: Option<&String>| match name.map(String::as_str) {
        Some("floor") => Variant::Floor,
        _ => Variant::Framework,
    };
    // A case by its endpoint (the judged payload) or its bench name.
    let case = |key: &str| {
        app::cases()
            .into_iter()
            .chain([app::worst_case()])
            .find(|(name, endpoint, _)| *endpoint == key || *name == key)
            .expect("stripe, github, slack or a bench name")
    };
    if let Some(at) = args
        .iter()
        .position(|arg| arg == "--only" || arg == "--timed")
    {
        let variant = variant_of(args.get(at + 1));
        let (_, endpoint, signed) = case(args.get(at + 2).map_or("stripe", String::as_str));
        let run = |count: u32| {
            runtime.block_on(async {
                for _ in 0..count {
                    deliver(variant, &dispatcher, endpoint, &signed).await;
                }
            })
        };
        if args[at] == "--only" {
            run(args.get(at + 3).and_then(|n| n.parse().ok()).unwrap_or(100));
        } else {
            run(WARM_UP);
            let start = Instant::now();
            run(BATCH);
            println!("{}", start.elapsed().as_secs_f64() * 1e6 / f64::from(BATCH));
        }
        return;
    }
    println!(
        "framework / floor: {ROUNDS} rounds, each variant a fresh process timing {BATCH} deliveries"
    );
    for (name, _, _) in app::cases().into_iter().chain([app::worst_case()]) {
        let (mut framework, mut floor, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            // Alternate which goes first.
            let (a, b) = if round % 2 == 0 {
                let a = timed_batch("framework", name);
                (a, timed_batch("floor", name))
            } else {
                let b = timed_batch("floor", name);
                (timed_batch("framework", name), b)
            };
            framework.push(a);
            floor.push(b);
            ratios.push(a / b);
        }
        println!(
            "{name:<30} framework {:>8.2} µs | floor {:>8.2} µs | ratio {:.3}x (target <= 1.15x)",
            median(&mut framework),
            median(&mut floor),
            median(&mut ratios)
        );
    }
}
