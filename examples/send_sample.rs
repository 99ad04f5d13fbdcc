//! Sends a correctly signed sample event to the running quickstart.
//!
//! ```sh
//! cargo run --example send_sample -- stripe   # invoice.paid
//! cargo run --example send_sample -- github   # pull_request.opened
//! cargo run --example send_sample -- push     # GitHub push
//! ```
//!
//! It signs with the same secret the quickstart uses (the variable when set, else the
//! development secret) and prints the status and body the server answered. Each run is
//! a new delivery (fresh event and delivery ids); `--again ID` resends a delivery id to
//! show deduplication.

#[path = "shared/dev_secrets.rs"]
mod dev_secrets;

use webhook::testing;

// The samples are the fixtures the payload types are tested with (realistic deliveries).
const STRIPE_INVOICE_PAID: &str =
    include_str!("../webhook/tests/fixtures/stripe/invoice.paid.json");
const STRIPE_FIXTURE_EVENT_ID: &str = "evt_1PqR8vLkdIwHu7ixKp3cD9Wq";
const GITHUB_PR_OPENED: &str =
    include_str!("../webhook/tests/fixtures/github/pull_request.opened.json");
const GITHUB_PUSH: &str = include_str!("../webhook/tests/fixtures/github/push.json");

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let which = args.first().cloned().unwrap_or_else(|| "stripe".to_owned());
    let id = match args.iter().position(|arg| arg == "--again") {
        Some(at) => args
            .get(at + 1)
            .cloned()
            .ok_or("--again needs the id to resend")?,
        None => fresh_id(),
    };
    let base = format!("http://127.0.0.1:{}", dev_secrets::port());
    let client = reqwest::Client::new();
    let request = match which.as_str() {
        "stripe" => {
            let (secrets, _) =
                dev_secrets::secrets_or_dev("STRIPE_WEBHOOK_SECRET", dev_secrets::STRIPE);
            let body = STRIPE_INVOICE_PAID.replace(STRIPE_FIXTURE_EVENT_ID, &format!("evt_{id}"));
            let signature =
                testing::stripe_signature(&[&secrets[0]], testing::now(), body.as_bytes());
            println!("sending invoice.paid evt_{id}");
            client
                .post(format!("{base}/webhooks/stripe"))
                .header("stripe-signature", signature)
                .body(body)
        }
        "github" | "push" => {
            let (event, body) = if which == "push" {
                ("push", GITHUB_PUSH)
            } else {
                ("pull_request", GITHUB_PR_OPENED)
            };
            let (secrets, _) =
                dev_secrets::secrets_or_dev("GITHUB_WEBHOOK_SECRET", dev_secrets::GITHUB);
            println!("sending {event} delivery {id}");
            client
                .post(format!("{base}/webhooks/github"))
                .header(
                    "x-hub-signature-256",
                    testing::github_signature(&secrets[0], body.as_bytes()),
                )
                .header("x-github-event", event)
                .header("x-github-delivery", id.as_str())
                .body(body)
        }
        other => {
            return Err(format!("unknown sample `{other}`: use stripe, github or push").into())
        }
    };
    let response = request
        .header("content-type", "application/json")
        .send()
        .await?;
    println!("{} {}", response.status(), response.text().await?);
    Ok(())
}

/// A delivery id no earlier run used: the current time in nanoseconds.
fn fresh_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos())
        .unwrap_or_default();
    format!("sample{nanos}")
}
