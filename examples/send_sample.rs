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

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::Request;
use hyper_util::rt::TokioIo;
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
    let address = format!("127.0.0.1:{}", dev_secrets::port());
    let request = match which.as_str() {
        "stripe" => {
            let (secrets, _) =
                dev_secrets::secrets_or_dev("STRIPE_WEBHOOK_SECRET", dev_secrets::STRIPE);
            let body = STRIPE_INVOICE_PAID.replace(STRIPE_FIXTURE_EVENT_ID, &format!("evt_{id}"));
            let signature =
                testing::stripe_signature(&[&secrets[0]], testing::now(), body.as_bytes());
            println!("sending invoice.paid evt_{id}");
            Request::post("/webhooks/stripe")
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
            Request::post("/webhooks/github")
                .header(
                    "x-hub-signature-256",
                    testing::github_signature(&secrets[0], body.as_bytes()),
                )
                .header("x-github-event", event)
                .header("x-github-delivery", id.as_str())
                .body(body.to_owned())
        }
        other => {
            return Err(format!("unknown sample `{other}`: use stripe, github or push").into())
        }
    };
    let (mut parts, body) = request?.into_parts();
    parts
        .headers
        .insert("content-type", "application/json".parse()?);
    parts.headers.insert("host", address.parse()?);
    let response = send(&address, Request::from_parts(parts, body)).await?;
    println!("{} {}", response.0, String::from_utf8_lossy(&response.1));
    Ok(())
}

/// One HTTP/1.1 request on a new connection, with hyper's client (already in the tree
/// through axum, so this example adds no HTTP client to the build).
async fn send(
    address: &str,
    request: Request<String>,
) -> Result<(hyper::StatusCode, Bytes), Box<dyn std::error::Error>> {
    let stream = tokio::net::TcpStream::connect(address)
        .await
        .map_err(|error| {
            format!("cannot reach the quickstart at {address} ({error}): is it running?")
        })?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let response = sender
        .send_request(request.map(|body| Full::new(Bytes::from(body))))
        .await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    Ok((status, body))
}

/// A delivery id no earlier run used: the current time in nanoseconds.
fn fresh_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos())
        .unwrap_or_default();
    format!("sample{nanos}")
}
