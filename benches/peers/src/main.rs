#![recursion_limit = "256"]
//! The peer benchmarks: per delivery, this crate against the crates a user would
//! otherwise pick and against the hand-written floor, on the same signed requests
//! (same `http::Request`, verify, typed parse, dispatch, 200). Each measurement is a
//! fresh process timing one variant (warmed up, then a batch); variants alternate
//! round by round and each ratio is the median of the per-round ratios against the
//! floor, as `suite/benches/ratio.rs` does, so load from elsewhere hits all alike.
//!
//! ```sh
//! cd benches/peers
//! cargo run --release                                   # every payload, every variant
//! cargo run --release -- --only svix standard 300       # one variant, N deliveries
//! ./instructions.sh                                     # the same, counted by callgrind
//! ```

#[path = "../../../suite/benches/support/app.rs"]
#[allow(dead_code)]
mod app;
#[path = "../../../suite/benches/support/floor.rs"]
mod floor;
mod ours;
#[path = "../../../suite/benches/support/payloads.rs"]
#[allow(dead_code)]
mod payloads;
mod peers;

use std::process::Command;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::response::Response;
use http::{HeaderMap, HeaderValue, Request};
use webhook::{testing, Dispatcher};

const WARM_UP: u32 = 300;
const BATCH: u32 = 2000;
const ROUNDS: usize = 11;

/// A payload: its name, the variants that take it (the floor first), and its request.
struct Case {
    name: &'static str,
    variants: &'static [&'static str],
    headers: HeaderMap,
    body: Bytes,
}

impl Case {
    fn request(&self) -> Request<Body> {
        let mut request = Request::post("/webhooks")
            .body(Body::from(self.body.clone()))
            .expect("a request");
        *request.headers_mut() = self.headers.clone();
        request
    }
}

fn headers(pairs: &[(&'static str, String)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(*name, HeaderValue::from_str(value).expect("a header value"));
    }
    map.insert("content-type", HeaderValue::from_static("application/json"));
    map
}

fn cases() -> Vec<Case> {
    let now = testing::now();
    let invoice = invoice_paid_2026();
    let checkout = std::fs::read(payloads::fixture("stripe/checkout.session.completed.json"))
        .expect("the checkout.session.completed fixture");
    let pull_request = payloads::github_pull_request_opened();
    // A Standard Webhooks message carrying the same invoice object.
    let invoice_object: serde_json::Value = serde_json::from_slice::<serde_json::Value>(&invoice)
        .expect("JSON")["data"]["object"]
        .clone();
    let message = serde_json::json!({
        "type": "invoice.paid", "timestamp": "2026-12-08T01:00:00Z", "data": invoice_object
    })
    .to_string()
    .into_bytes();
    let id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    let stripe = |body: &[u8]| {
        headers(&[(
            "stripe-signature",
            testing::stripe_signature(&[app::STRIPE_SECRET], now, body),
        )])
    };
    vec![
        Case {
            name: "stripe_invoice_paid",
            variants: &["floor", "framework", "async-stripe"],
            headers: stripe(&invoice),
            body: invoice.into(),
        },
        Case {
            name: "stripe_checkout_session_completed",
            variants: &["floor", "framework", "async-stripe"],
            headers: stripe(&checkout),
            body: checkout.into(),
        },
        Case {
            name: "github_pull_request_opened",
            variants: &["floor", "framework", "octocrab"],
            headers: headers(&[
                (
                    "x-hub-signature-256",
                    testing::github_signature(app::GITHUB_SECRET, &pull_request),
                ),
                ("x-github-event", "pull_request".to_owned()),
                (
                    "x-github-delivery",
                    "72d3162e-cc78-11e3-81ab-4c9367dc0958".to_owned(),
                ),
            ]),
            body: pull_request.into(),
        },
        Case {
            name: "standard_webhooks",
            variants: &["floor", "framework", "svix", "standardwebhooks"],
            headers: headers(&[
                ("webhook-id", id.to_owned()),
                ("webhook-timestamp", now.to_string()),
                (
                    "webhook-signature",
                    testing::standard_webhooks::signature(ours::STANDARD_SECRET, id, now, &message),
                ),
            ]),
            body: message.into(),
        },
    ]
}

/// The `invoice.paid` fixture (API version 2024-06-20) with the four fields newer API
/// versions add, which async-stripe's types require (`amount_overpaid`,
/// `default_tax_rates`, `issuer`, each line's `subtotal`): it refuses the fixture as it
/// is, which this crate's types parse. Every variant gets these same bytes.
fn invoice_paid_2026() -> Vec<u8> {
    let mut event: serde_json::Value =
        serde_json::from_slice(&payloads::stripe_invoice_paid()).expect("JSON");
    let invoice = &mut event["data"]["object"];
    invoice["amount_overpaid"] = 0.into();
    invoice["default_tax_rates"] = serde_json::json!([]);
    invoice["issuer"] = serde_json::json!({ "type": "self" });
    for line in invoice["lines"]["data"].as_array_mut().expect("lines") {
        line["subtotal"] = line["amount"].clone();
    }
    serde_json::to_vec(&event).expect("JSON")
}

struct Dispatchers {
    app: Dispatcher<()>,
    ours: Dispatcher<()>,
}

async fn deliver(variant: &str, case: &Case, dispatchers: &Dispatchers) -> Response {
    let request = case.request();
    match (variant, case.name) {
        ("framework", "stripe_invoice_paid") => dispatch(&dispatchers.app, "stripe", request).await,
        ("framework", "github_pull_request_opened") => {
            dispatch(&dispatchers.app, "github", request).await
        }
        ("framework", "stripe_checkout_session_completed") => {
            dispatch(&dispatchers.ours, "stripe", request).await
        }
        ("framework", "standard_webhooks") => {
            dispatch(&dispatchers.ours, "standard_webhooks", request).await
        }
        ("floor", "stripe_invoice_paid") => floor::handle("stripe", request).await,
        ("floor", "github_pull_request_opened") => floor::handle("github", request).await,
        ("floor", "stripe_checkout_session_completed") => ours::checkout_floor(request).await,
        ("floor", "standard_webhooks") => ours::standard_floor(request).await,
        ("async-stripe", _) => peers::async_stripe(request).await,
        ("svix", _) => peers::svix(request).await,
        ("standardwebhooks", _) => peers::standardwebhooks(request).await,
        ("octocrab", _) => peers::octocrab(request).await,
        (variant, case) => panic!("no variant {variant} for {case}"),
    }
}

async fn dispatch(dispatcher: &Dispatcher<()>, endpoint: &str, request: Request<Body>) -> Response {
    dispatcher
        .dispatch(endpoint, (), request)
        .await
        .expect("the endpoint exists")
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

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let dispatchers = Dispatchers {
        app: app::webhooks().into_dispatcher().expect("the bench router"),
        ours: ours::webhooks()
            .into_dispatcher()
            .expect("the peers' router"),
    };
    let cases = cases();
    let find = |name: &str| {
        cases
            .iter()
            .find(|case| case.name.starts_with(name))
            .unwrap_or_else(|| {
                panic!("no payload {name}: stripe_invoice_paid, stripe_checkout, github, standard")
            })
    };
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args
        .iter()
        .position(|arg| arg == "--only" || arg == "--timed")
    {
        let variant = args.get(at + 1).map_or("framework", String::as_str);
        let case = find(
            args.get(at + 2)
                .map_or("stripe_invoice_paid", String::as_str),
        );
        let run = |count: u32| {
            runtime.block_on(async {
                for _ in 0..count {
                    let response = deliver(variant, case, &dispatchers).await;
                    assert_eq!(response.status(), 200, "{variant} on {}", case.name);
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
    // Every variant answers every payload it takes before anything is timed.
    for case in &cases {
        for variant in case.variants {
            let response = runtime.block_on(deliver(variant, case, &dispatchers));
            assert_eq!(response.status(), 200, "{variant} on {}", case.name);
        }
    }
    println!("per delivery, ÷ the hand-written floor: {ROUNDS} rounds, each variant a fresh process timing {BATCH} deliveries");
    for case in &cases {
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); case.variants.len()];
        let mut ratios: Vec<Vec<f64>> = vec![Vec::new(); case.variants.len()];
        for round in 0..ROUNDS {
            let mut order: Vec<usize> = (0..case.variants.len()).collect();
            order.rotate_left(round % case.variants.len());
            let mut this_round = vec![0.0; case.variants.len()];
            for index in order {
                this_round[index] = timed_batch(case.variants[index], case.name);
            }
            for (index, time) in this_round.iter().enumerate() {
                times[index].push(*time);
                ratios[index].push(time / this_round[0]);
            }
        }
        println!("{}", case.name);
        for (index, variant) in case.variants.iter().enumerate() {
            println!(
                "  {variant:<17} {:>8.2} µs  {:.3}x of the floor",
                median(&mut times[index]),
                median(&mut ratios[index])
            );
        }
    }
}
