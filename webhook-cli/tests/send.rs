//! `webhook send` against receivers on 127.0.0.1: this crate's own Standard Webhooks
//! receiver (which checks the signature), one that fails, one that is gone; with and
//! without `--allow`. Listeners count connections; none is made to anything else.

use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::routing::post;
use axum::serve::ListenerExt as _;
use http::StatusCode;
use webhook::{router, webhook};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<String>>>);

#[webhook(provider = "standard_webhooks", event = "invoice.paid")]
async fn invoice_paid(
    event: webhook::standard_webhooks::Event<serde_json::Value>,
    State(seen): State<Seen>,
) {
    let entry = format!("{:?} {}", event.id, event.data);
    seen.0.lock().unwrap().push(entry);
}

/// Serves `app` on 127.0.0.1; returns its base URL and its connection count.
async fn serve(app: axum::Router) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    let listener = listener.tap_io(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}"), connections)
}

async fn webhook_cli(args: &[&str]) -> Output {
    let args: Vec<String> = args.iter().map(|arg| (*arg).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_webhook"))
            .arg("send")
            .args(&args)
            .env_remove("WEBHOOK_STORE_URL")
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn an_allowed_local_receiver_gets_a_verified_message() {
    let seen = Seen::default();
    let app = router![invoice_paid]
        .secret("standard_webhooks", SECRET)
        .into_router()
        .unwrap()
        .with_state(seen.clone());
    let (base, connections) = serve(app).await;
    let url = format!("{base}/webhooks/standard_webhooks");
    let output = webhook_cli(&[
        "--to",
        &url,
        "--secret",
        SECRET,
        "--type",
        "invoice.paid",
        "--data",
        r#"{"id":"in_1","amount":1200}"#,
        "--id",
        "msg_cli_1",
        "--allow",
        "127.0.0.1",
    ])
    .await;
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("attempt 1: 200 OK in "), "{stdout}");
    assert!(stdout.contains("delivered msg_cli_1"), "{stdout}");
    assert_eq!(
        *seen.0.lock().unwrap(),
        [r#"Some("msg_cli_1") {"amount":1200,"id":"in_1"}"#]
    );
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn without_allow_a_local_receiver_is_refused_and_never_reached() {
    let app = axum::Router::new().route("/in", post(|| async { StatusCode::OK }));
    let (base, connections) = serve(app).await;
    let port = base.rsplit(':').next().unwrap().to_owned();
    for url in [
        format!("{base}/in"),
        format!("http://localhost:{port}/in"),
        format!("http://0x7f.1:{port}/in"),
        format!("http://[::ffff:127.0.0.1]:{port}/in"),
    ] {
        let output =
            webhook_cli(&["--to", &url, "--secret", SECRET, "--type", "invoice.paid"]).await;
        let (stdout, stderr) = text(&output);
        assert!(!output.status.success(), "{url}: {stdout}");
        assert!(stdout.contains("attempt 1: refused"), "{url}: {stdout}");
        assert!(
            stderr.contains("not sent") && stderr.contains("loopback"),
            "{url}: {stderr}"
        );
        assert!(stderr.contains("--allow 127.0.0.1"), "{url}: {stderr}");
    }
    // Allowing another address does not let this one through.
    let output = webhook_cli(&[
        "--to",
        &format!("{base}/in"),
        "--secret",
        SECRET,
        "--type",
        "x",
        "--allow",
        "127.0.0.2",
    ])
    .await;
    assert!(!output.status.success());
    assert_eq!(connections.load(Ordering::SeqCst), 0);
    let output = webhook_cli(&[
        "--to",
        "file:///etc/passwd",
        "--secret",
        SECRET,
        "--type",
        "x",
    ])
    .await;
    assert!(text(&output).1.contains("scheme is `file`"));
}

#[tokio::test(flavor = "multi_thread")]
async fn failures_are_retried_and_gone_stops_at_once() {
    let calls = Arc::new(AtomicUsize::new(0));
    let count = calls.clone();
    let app = axum::Router::new()
        .route(
            "/busy",
            post(move || async move {
                count.fetch_add(1, Ordering::SeqCst);
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [("retry-after", "1")],
                    "try later",
                )
            }),
        )
        .route("/gone", post(|| async { StatusCode::GONE }));
    let (base, _) = serve(app).await;
    let output = webhook_cli(&[
        "--to",
        &format!("{base}/busy"),
        "--secret",
        SECRET,
        "--type",
        "x",
        "--allow",
        "127.0.0.0/8",
        "--attempts",
        "2",
    ])
    .await;
    let (stdout, stderr) = text(&output);
    assert!(!output.status.success());
    assert!(
        stdout.contains("attempt 1: 503 Service Unavailable"),
        "{stdout}"
    );
    assert!(stdout.contains("response: try later"), "{stdout}");
    assert!(stdout.contains("next attempt in 1s"), "{stdout}");
    assert!(stdout.contains("attempt 2: 503"), "{stdout}");
    assert!(
        stderr.contains("not delivered after 2 attempt(s)"),
        "{stderr}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    let output = webhook_cli(&[
        "--to",
        &format!("{base}/gone"),
        "--secret",
        SECRET,
        "--type",
        "x",
        "--allow",
        "127.0.0.1",
        "--attempts",
        "3",
    ])
    .await;
    let (stdout, stderr) = text(&output);
    assert!(!output.status.success());
    assert!(
        stdout.contains("attempt 1: 410 Gone") && !stdout.contains("attempt 2"),
        "{stdout}"
    );
    assert!(stderr.contains("410 Gone"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_says_what_to_do_without_echoing_the_secret() {
    let output = webhook_cli(&[
        "--to",
        "https://hooks.example.com/in",
        "--secret",
        "whsec_%%%hunter2%%%",
        "--type",
        "x",
    ])
    .await;
    let (_, stderr) = text(&output);
    assert!(!output.status.success());
    assert!(
        stderr.contains("not valid base64") && !stderr.contains("hunter2"),
        "{stderr}"
    );
    let output = webhook_cli(&[
        "--to",
        "https://hooks.example.com/in",
        "--secret",
        SECRET,
        "--type",
        "x",
        "--data",
        "{not json",
    ])
    .await;
    let (_, stderr) = text(&output);
    assert!(stderr.contains("--data is not valid JSON"), "{stderr}");
}
