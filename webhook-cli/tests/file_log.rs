//! A router with a file log answers requests through its `Dispatcher`; the file
//! rotates, and the `webhook` binary lists and shows every line back from it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;
use webhook::file_log::{self, FileLog};
use webhook::{router, stripe, testing, webhook};

const SECRET: &str = "whsec_file_log";

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn invoice_paid(_event: stripe::Event<Value>) {}

#[webhook(provider = "stripe", event = "customer.created")]
async fn customer_created(_event: stripe::Event<Value>) -> Result<(), String> {
    Err("the CRM is down".to_owned())
}

fn event(id: &str, kind: &str) -> String {
    format!(
        r#"{{"id":"{id}","object":"event","type":"{kind}","created":1,"livemode":false,"data":{{"object":{{"padding":"{}"}}}}}}"#,
        "x".repeat(200)
    )
}

fn temp_dir(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "webhook-cli-log-{label}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Sends: five paid invoices, one of them twice; a failing `customer.created`; a
/// forged request. Rotates past 1 KiB, so the lines spread over several files.
async fn fill(log: &Path) -> Vec<u16> {
    let dispatcher = router![invoice_paid, customer_created]
        .secret("stripe", SECRET)
        .file_log(FileLog::new(log).max_bytes(1024).keep(50))
        .into_dispatcher()
        .unwrap();
    let mut statuses = Vec::new();
    let send = |request| {
        let dispatcher = &dispatcher;
        async move {
            let response = dispatcher.dispatch("stripe", (), request).await.unwrap();
            response.status().as_u16()
        }
    };
    for n in 0..5 {
        let request = testing::stripe_request(
            "/webhooks/stripe",
            SECRET,
            event(&format!("evt_{n}"), "invoice.paid"),
        );
        statuses.push(send(request).await);
    }
    let again = testing::stripe_request("/webhooks/stripe", SECRET, event("evt_0", "invoice.paid"));
    statuses.push(send(again).await);
    let failing = testing::stripe_request(
        "/webhooks/stripe",
        SECRET,
        event("evt_crm", "customer.created"),
    );
    statuses.push(send(failing).await);
    let forged = testing::stripe_request(
        "/webhooks/stripe",
        "whsec_someone_else",
        event("evt_forged", "invoice.paid"),
    );
    statuses.push(send(forged).await);
    statuses
}

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn webhook_cli(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_webhook"))
        .args(args)
        .current_dir(dir)
        .env_remove("WEBHOOK_STORE_URL")
        .env_remove("WEBHOOK_CONFIG")
        .output()
        .unwrap();
    Run {
        ok: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[tokio::test]
async fn every_request_is_logged_rotated_and_read_back_by_the_cli() {
    let dir = temp_dir("all");
    let log = dir.join("logs").join("webhooks.jsonl");
    let statuses = fill(&log).await;
    assert_eq!(statuses, [200, 200, 200, 200, 200, 200, 500, 401]);

    // Rotated: the current file and numbered older ones.
    assert!(
        log.with_file_name("webhooks.jsonl.1").is_file(),
        "no rotation"
    );
    let read = file_log::read(&log).unwrap();
    assert_eq!(read.unreadable, 0);
    assert_eq!(read.lines.len(), 8, "{:?}", read.lines);
    let ids: Vec<i64> = read.lines.iter().map(|line| line.id).collect();
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "{ids:?}");

    let path = log.to_str().unwrap();
    let listed = webhook_cli(&dir, &["list", "--log", path, "--json"]);
    assert!(listed.ok, "{}", listed.stderr);
    let rows = json_lines(&listed.stdout);
    let statuses: Vec<&str> = rows
        .iter()
        .map(|row| row["status"].as_str().unwrap())
        .collect();
    // Newest first.
    assert_eq!(
        statuses,
        [
            "rejected",
            "failed",
            "duplicate",
            "succeeded",
            "succeeded",
            "succeeded",
            "succeeded",
            "succeeded"
        ]
    );
    assert_eq!(rows[1]["reason"], "customer_created: the CRM is down");
    assert_eq!(rows[2]["delivery_id"], "evt_0");
    assert!(
        rows[0]["reason"].as_str().unwrap().contains("signature"),
        "{}",
        rows[0]
    );

    let rejected = webhook_cli(
        &dir,
        &["list", "--log", path, "--status", "rejected", "--json"],
    );
    assert_eq!(json_lines(&rejected.stdout).len(), 1);
    let invoices = webhook_cli(
        &dir,
        &[
            "list",
            "--log",
            path,
            "--event",
            "invoice.*",
            "--limit",
            "3",
        ],
    );
    assert!(invoices.ok, "{}", invoices.stderr);
    assert_eq!(
        invoices.stdout.lines().count(),
        4,
        "a header and 3 rows:\n{}",
        invoices.stdout
    );
    assert!(invoices.stdout.starts_with("ID"), "{}", invoices.stdout);

    // `show`: every field, the signature redacted, the body.
    let id = rows[2]["id"].as_i64().unwrap().to_string();
    let shown = webhook_cli(&dir, &["show", &id, "--log", path, "--body", "--json"]);
    assert!(shown.ok, "{}", shown.stderr);
    let shown: Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(shown["headers"]["stripe-signature"], "[redacted]");
    assert_eq!(shown["body"]["id"], "evt_0");
    let raw = std::fs::read_to_string(&log).unwrap_or_default()
        + &std::fs::read_to_string(log.with_file_name("webhooks.jsonl.1")).unwrap_or_default();
    assert!(!raw.contains("v1="), "a signature reached the file");
    let text = webhook_cli(&dir, &["show", &id, "--log", path]);
    assert!(
        text.stdout.contains("status:          duplicate"),
        "{}",
        text.stdout
    );

    // The configuration file's [log] file, when it has no store.
    std::fs::write(
        dir.join("webhook.toml"),
        "[log]\nfile = \"logs/webhooks.jsonl\"\n",
    )
    .unwrap();
    let from_config = webhook_cli(&dir, &["list", "--json"]);
    assert!(from_config.ok, "{}", from_config.stderr);
    assert_eq!(json_lines(&from_config.stdout).len(), 8);

    // What a file log cannot do, said plainly.
    let replay = webhook_cli(&dir, &["replay", "--all", "--log", path]);
    assert!(!replay.ok);
    assert!(replay.stderr.contains("read-only"), "{}", replay.stderr);
    let missing = webhook_cli(&dir, &["show", "42", "--log", path]);
    assert!(
        missing.stderr.contains("no line with id 42"),
        "{}",
        missing.stderr
    );
    let nowhere = webhook_cli(&dir, &["list", "--log", "no/such.jsonl"]);
    assert!(!nowhere.ok);
    assert!(
        nowhere.stderr.contains("no file log at"),
        "{}",
        nowhere.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_retried_failure_runs_again_and_the_window_forgets() {
    let dir = temp_dir("window");
    let log = dir.join("webhooks.jsonl");
    let dispatcher = router![invoice_paid, customer_created]
        .secret("stripe", SECRET)
        .file_log(FileLog::new(&log).dedupe(1, Duration::from_secs(3600)))
        .into_dispatcher()
        .unwrap();
    let send = |id: &str, kind: &str| {
        let request = testing::stripe_request("/webhooks/stripe", SECRET, event(id, kind));
        let dispatcher = &dispatcher;
        async move {
            dispatcher
                .dispatch("stripe", (), request)
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    // A failure is forgotten: the provider's retry runs the handler again.
    assert_eq!(send("evt_crm", "customer.created").await, 500);
    assert_eq!(send("evt_crm", "customer.created").await, 500);
    // A window of one delivery: evt_b pushes evt_a out.
    assert_eq!(send("evt_a", "invoice.paid").await, 200);
    assert_eq!(send("evt_a", "invoice.paid").await, 200);
    assert_eq!(send("evt_b", "invoice.paid").await, 200);
    assert_eq!(send("evt_a", "invoice.paid").await, 200);
    let statuses: Vec<String> = file_log::read(&log)
        .unwrap()
        .lines
        .into_iter()
        .map(|line| line.status)
        .collect();
    assert_eq!(
        statuses,
        [
            "failed",
            "failed",
            "succeeded",
            "duplicate",
            "succeeded",
            "succeeded"
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_synced_daily_log_from_the_configuration_file() {
    let dir = temp_dir("config");
    let file = dir.join("webhook.toml");
    let log = dir.join("webhooks.jsonl");
    std::fs::write(
        &file,
        format!(
            "[log]\nfile = {:?}\ndaily = true\nsync = true\nkeep = 3\ndedupe_window = \"10m\"\n",
            log.display().to_string()
        ),
    )
    .unwrap();
    let config = webhook::Config::load_with(&file, |_| None).unwrap();
    let dispatcher = router![invoice_paid, customer_created]
        .secret("stripe", SECRET)
        .configure(&config)
        .unwrap()
        .into_dispatcher()
        .unwrap();
    for _ in 0..2 {
        let request =
            testing::stripe_request("/webhooks/stripe", SECRET, event("evt_s", "invoice.paid"));
        let status = dispatcher
            .dispatch("stripe", (), request)
            .await
            .unwrap()
            .status();
        assert_eq!(status, 200);
    }
    let lines = file_log::read(&log).unwrap().lines;
    let statuses: Vec<&str> = lines.iter().map(|line| line.status.as_str()).collect();
    assert_eq!(statuses, ["succeeded", "duplicate"]);
    let _ = std::fs::remove_dir_all(&dir);
}
