//! `webhook trigger` against a real receiver on loopback: a router built here, served
//! by axum on 127.0.0.1, each provider's sample verified and dispatched to its handler.

use std::process::Command;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use webhook::{router, webhook, Delivery};

const STRIPE: &str = "whsec_trigger_test";
const GITHUB: &str = "gh_trigger_secret";
const SHOPIFY: &str = "shpss_trigger_secret";
const GITLAB: &str = "glpat-like-token";
const SLACK: &str = "8f742231b10e8888abcd99yyyzzz85a5";
const PADDLE: &str = "pdl_ntfset_trigger";
const SQUARE: &str = "Ibxx_5AKakO-3qeNVR61Dw";
const STANDARD: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const TYPEFORM: &str = "typeform_secret";
const ZOOM: &str = "zoom_secret_token";
const LINEAR: &str = "lin_wh_trigger";
const TWITCH: &str = "twitch_secret_1234";
const MAILGUN: &str = "key-mailgun-signing-key";

/// `provider event` of every delivery a handler ran.
#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<String>>>);

impl Calls {
    fn record(&self, delivery: &Delivery) {
        if let Ok(mut calls) = self.0.lock() {
            calls.push(format!("{} {}", delivery.provider, delivery.event));
        }
    }
}

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn invoice_paid(delivery: Delivery, State(calls): State<Calls>) {
    calls.record(&delivery);
}

#[webhook(provider = "github", event = "pull_request.opened")]
async fn pr_opened(delivery: Delivery, State(calls): State<Calls>) {
    calls.record(&delivery);
}

#[webhook(provider = "shopify", event = "orders/create")]
async fn order_created(delivery: Delivery, State(calls): State<Calls>) {
    calls.record(&delivery);
}

#[webhook(provider = "gitlab", event = "Merge Request Hook")]
async fn merge_request(delivery: Delivery, State(calls): State<Calls>) {
    calls.record(&delivery);
}

#[webhook(provider = "slack", event = "app_mention")]
async fn mentioned(delivery: Delivery, State(calls): State<Calls>) {
    calls.record(&delivery);
}

#[webhook(provider = "paddle", event = "transaction.completed")]
async fn transaction_completed(delivery: Delivery, State(calls): State<Calls>) {
    calls.record(&delivery);
}

#[webhook(provider = "square", event = "payment.created")]
async fn payment_created(delivery: Delivery, State(calls): State<Calls>) {
    calls.record(&delivery);
}

#[webhook(provider = "standard_webhooks", event = "invoice.paid")]
async fn standard_invoice(delivery: Delivery, State(calls): State<Calls>) {
    calls.record(&delivery);
}

#[webhook(provider = "typeform", event = "form_response")]
async fn form_response(delivery: Delivery, State(calls): State<Calls>) {
    calls.record(&delivery);
}

#[webhook(provider = "zoom", event = "meeting.started")]
async fn meeting_started(delivery: Delivery, State(calls): State<Calls>) {
    calls.record(&delivery);
}

#[webhook(provider = "linear", event = "Issue")]
async fn issue(delivery: Delivery, State(calls): State<Calls>) {
    calls.record(&delivery);
}

#[webhook(provider = "twitch", event = "channel.follow")]
async fn followed(delivery: Delivery, State(calls): State<Calls>) {
    calls.record(&delivery);
}

#[webhook(provider = "mailgun", event = "delivered")]
async fn delivered(delivery: Delivery, State(calls): State<Calls>) {
    calls.record(&delivery);
}

/// Serves the receiver on 127.0.0.1 and returns its base URL.
async fn serve(calls: Calls) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = router![
        invoice_paid,
        pr_opened,
        order_created,
        merge_request,
        mentioned,
        transaction_completed,
        payment_created,
        standard_invoice,
        form_response,
        meeting_started,
        issue,
        followed,
        delivered
    ]
    .secret("stripe", STRIPE)
    .secret("github", GITHUB)
    .secret("shopify", SHOPIFY)
    .secret("gitlab", GITLAB)
    .secret("slack", SLACK)
    .secret("paddle", PADDLE)
    .secret("square", SQUARE)
    .public_url("square", format!("{base}/webhooks/square"))
    .secret("standard_webhooks", STANDARD)
    .secret("typeform", TYPEFORM)
    .secret("zoom", ZOOM)
    .secret("linear", LINEAR)
    .secret("twitch", TWITCH)
    .secret("mailgun", MAILGUN)
    .into_router()
    .unwrap()
    .with_state(calls);
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

/// Runs the binary off the runtime's threads, so the receiver keeps serving.
async fn trigger(args: Vec<String>) -> Run {
    tokio::task::spawn_blocking(move || {
        let output = Command::new(env!("CARGO_BIN_EXE_webhook"))
            .arg("trigger")
            .args(&args)
            .env_remove("STRIPE_WEBHOOK_SECRET")
            .output()
            .unwrap();
        Run {
            ok: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    })
    .await
    .unwrap()
}

fn args(provider: &str, event: &str, to: &str, secret: &str) -> Vec<String> {
    [provider, event, "--to", to, "--secret", secret]
        .map(str::to_owned)
        .to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_sample_is_verified_and_reaches_its_handler() {
    let calls = Calls::default();
    let base = serve(calls.clone()).await;
    let cases = [
        ("stripe", "invoice.paid", "stripe", STRIPE),
        ("github", "pull_request.opened", "github", GITHUB),
        ("shopify", "orders/create", "shopify", SHOPIFY),
        ("gitlab", "Merge Request Hook", "gitlab", GITLAB),
        ("slack", "app_mention", "slack", SLACK),
        ("paddle", "transaction.completed", "paddle", PADDLE),
        ("square", "payment.created", "square", SQUARE),
        (
            "standard-webhooks",
            "invoice.paid",
            "standard_webhooks",
            STANDARD,
        ),
        ("typeform", "form_response", "typeform", TYPEFORM),
        ("zoom", "meeting.started", "zoom", ZOOM),
        ("linear", "Issue", "linear", LINEAR),
        ("twitch", "channel.follow", "twitch", TWITCH),
        ("mailgun", "delivered", "mailgun", MAILGUN),
    ];
    for (provider, event, path, secret) in cases {
        let to = format!("{base}/webhooks/{path}");
        let run = trigger(args(provider, event, &to, secret)).await;
        assert!(run.ok, "{provider}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains("200 OK"), "{provider}: {}", run.stdout);
    }
    let seen = calls
        .0
        .lock()
        .map(|calls| calls.clone())
        .unwrap_or_default();
    assert_eq!(
        seen,
        [
            "stripe invoice.paid",
            "github pull_request.opened",
            "shopify orders/create",
            "gitlab Merge Request Hook",
            "slack app_mention",
            "paddle transaction.completed",
            "square payment.created",
            "standard_webhooks invoice.paid",
            "typeform form_response",
            "zoom meeting.started",
            "linear Issue",
            "twitch channel.follow",
            "mailgun delivered",
        ]
    );
    // Each trigger is a new delivery: a second one is not taken for a duplicate.
    let to = format!("{base}/webhooks/stripe");
    let again = trigger(args("stripe", "invoice.paid", &to, STRIPE)).await;
    assert!(again.stdout.contains("handled"), "{}", again.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_and_mistakes_exit_non_zero_and_say_why() {
    let base = serve(Calls::default()).await;
    let to = format!("{base}/webhooks/stripe");

    let forged = trigger(args("stripe", "invoice.paid", &to, "whsec_wrong")).await;
    assert!(!forged.ok);
    assert!(forged.stdout.contains("401"), "{}", forged.stdout);
    assert!(forged.stderr.contains("answered 401"), "{}", forged.stderr);

    let typo = trigger(args("stripe", "invoice.payed", &to, STRIPE)).await;
    assert!(!typo.ok);
    assert!(
        typo.stderr.contains("did you mean `invoice.paid`"),
        "{}",
        typo.stderr
    );

    let provider = trigger(args("strpe", "invoice.paid", &to, STRIPE)).await;
    assert!(!provider.ok);
    assert!(
        provider.stderr.contains("did you mean `stripe`"),
        "{}",
        provider.stderr
    );

    let bad_key = trigger(args("standard_webhooks", "x", &to, "not-base64")).await;
    assert!(!bad_key.ok);
    assert!(
        bad_key.stderr.contains("`whsec_` followed by base64"),
        "{}",
        bad_key.stderr
    );

    // A port nothing listens on: bind one, then close it.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let refused = trigger(args(
        "stripe",
        "invoice.paid",
        &format!("http://{closed}/x"),
        STRIPE,
    ))
    .await;
    assert!(!refused.ok);
    assert!(
        refused.stderr.contains("could not send"),
        "{}",
        refused.stderr
    );

    let no_secret = trigger(
        ["stripe", "invoice.paid", "--to", &to]
            .map(str::to_owned)
            .to_vec(),
    )
    .await;
    assert!(!no_secret.ok);
    assert!(
        no_secret.stderr.contains("STRIPE_WEBHOOK_SECRET"),
        "{}",
        no_secret.stderr
    );
}
