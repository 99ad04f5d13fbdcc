//! The `webhook` binary against a SQLite store filled through `webhook::store`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use http::HeaderMap;
use serde_json::Value;
use webhook::store::{self, NewDelivery, RetryPolicy, Start};

const INVOICE: &str = r#"{"id":"evt_paid","type":"invoice.paid","data":{"object":{"amount":100}}}"#;

/// The store's rows, by id:
/// 1. stripe `invoice.paid`, received 40 days ago, succeeded;
/// 2. stripe `invoice.paid` (`evt_paid`), succeeded, with a signature header;
/// 3. stripe `customer.created`, dead after one failed attempt;
/// 4. github `push`, queued;
/// 5. a stripe request rejected for its signature.
async fn fill(db: &Path) {
    let store = store::open(db.to_str().unwrap()).await.unwrap();
    let now = SystemTime::now();
    let mut headers = HeaderMap::new();
    headers.insert("stripe-signature", "t=1,v1=deadbeef".parse().unwrap());
    headers.insert("x-request-id", "req-42".parse().unwrap());
    let stripe = |event: &str, id: &str, body: &str, at: SystemTime| {
        NewDelivery::new(
            "stripe",
            "/webhooks/stripe",
            headers.clone(),
            body.to_owned().into(),
            at,
        )
        .event(event)
        .delivery_id(id)
    };
    let forty_days_ago = now - Duration::from_secs(40 * 24 * 3600);
    for delivery in [
        stripe("invoice.paid", "evt_old", "{}", forty_days_ago),
        stripe(
            "invoice.paid",
            "evt_paid",
            INVOICE,
            now - Duration::from_secs(60),
        ),
        stripe(
            "customer.created",
            "evt_cust",
            "{}",
            now - Duration::from_secs(50),
        ),
    ] {
        store
            .record_accepted(delivery, Start::Queued)
            .await
            .unwrap();
    }
    let worker = store::unique_worker_id("test");
    let once = RetryPolicy {
        max_attempts: 1,
        ..RetryPolicy::default()
    };
    for claimed in store
        .claim(&worker, 10, Duration::from_secs(30))
        .await
        .unwrap()
    {
        if claimed.summary.event.as_deref() == Some("customer.created") {
            let error =
                "the CRM answered 503 Service Unavailable while creating the customer record";
            store
                .fail(claimed.id(), &worker, error, &once)
                .await
                .unwrap();
        } else {
            store.complete(claimed.id(), &worker).await.unwrap();
        }
    }
    let mut github_headers = HeaderMap::new();
    github_headers.insert("x-hub-signature-256", "sha256=cafe".parse().unwrap());
    let push = NewDelivery::new(
        "github",
        "/webhooks/github",
        github_headers,
        "{}".into(),
        now,
    )
    .event("push")
    .delivery_id("gh-1");
    store.record_accepted(push, Start::Queued).await.unwrap();
    let forged = NewDelivery::new(
        "stripe",
        "/webhooks/stripe",
        HeaderMap::new(),
        "{}".into(),
        now,
    );
    store
        .record_rejected(forged, "no valid signature".to_owned())
        .await
        .unwrap();
    store.close().await.unwrap();
}

/// A temporary directory with a filled store, removed on drop.
struct Fixture {
    dir: PathBuf,
    db: String,
}

impl Fixture {
    async fn new(label: &str) -> Self {
        let fixture = Fixture::empty(label);
        fill(Path::new(&fixture.db)).await;
        fixture
    }

    fn empty(label: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "webhook-cli-{label}-{}-{}",
            std::process::id(),
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("deliveries.db").display().to_string();
        Fixture { dir, db }
    }

    /// Runs `webhook ARGS --store DB`.
    fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--store", &self.db]);
        self.run_bare(&all, &[])
    }

    /// Runs `webhook ARGS` in the directory, with only the given `WEBHOOK_*` variables.
    fn run_bare(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_webhook"));
        command
            .args(args)
            .current_dir(&self.dir)
            .env_remove("WEBHOOK_STORE_URL")
            .env_remove("WEBHOOK_CONFIG");
        for (name, value) in env {
            command.env(name, value);
        }
        let output = command.output().unwrap();
        Run {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    /// The ids `list --json ARGS` prints.
    fn ids(&self, args: &[&str]) -> Vec<i64> {
        self.json_lines(args)
            .iter()
            .map(|row| row["id"].as_i64().unwrap())
            .collect()
    }

    fn json_lines(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["list", "--json"];
        all.extend(args);
        let run = self.run(&all).success();
        run.stdout
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    fn status_of(&self, id: i64) -> String {
        let run = self.run(&["show", &id.to_string(), "--json"]).success();
        let shown: Value = serde_json::from_str(&run.stdout).unwrap();
        shown["status"].as_str().unwrap().to_owned()
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn success(self) -> Self {
        assert_eq!(self.code, Some(0), "{self:?}");
        self
    }

    fn failure(self, code: i32) -> Self {
        assert_eq!(self.code, Some(code), "{self:?}");
        assert!(self.stdout.is_empty(), "{self:?}");
        self
    }
}

#[tokio::test]
async fn list_prints_a_table_newest_first() {
    let fixture = Fixture::new("table").await;
    let run = fixture.run(&["list"]).success();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 6, "{}", run.stdout);
    for column in [
        "ID",
        "RECEIVED (UTC)",
        "PROVIDER",
        "ENDPOINT",
        "EVENT",
        "DELIVERY ID",
    ] {
        assert!(lines[0].contains(column), "{}", lines[0]);
    }
    assert!(lines[0].ends_with("ATTEMPTS  LAST ERROR"), "{}", lines[0]);
    let first_cells: Vec<&str> = lines[1..]
        .iter()
        .map(|line| line.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(first_cells, ["5", "4", "3", "2", "1"]);
    let dead = lines[3];
    for cell in [
        "stripe",
        "/webhooks/stripe",
        "customer.created",
        "evt_cust",
        "dead",
    ] {
        assert!(dead.contains(cell), "{dead}");
    }
    // The last error is cut to one short cell.
    assert!(dead.contains("the CRM answered 503"), "{dead}");
    assert!(dead.ends_with('…'), "{dead}");
    assert!(!dead.contains("customer record"), "{dead}");
    assert!(lines[1].contains("rejected") && lines[1].contains("no valid signature"));
}

#[tokio::test]
async fn list_filters_select_rows() {
    let fixture = Fixture::new("filters").await;
    assert_eq!(fixture.ids(&[]), [5, 4, 3, 2, 1]);
    assert_eq!(fixture.ids(&["--provider", "github"]), [4]);
    assert_eq!(fixture.ids(&["--endpoint", "/webhooks/github"]), [4]);
    assert_eq!(fixture.ids(&["--event", "invoice.*"]), [2, 1]);
    assert_eq!(fixture.ids(&["--event", "customer.created"]), [3]);
    assert_eq!(fixture.ids(&["--status", "dead"]), [3]);
    assert_eq!(fixture.ids(&["--status", "rejected"]), [5]);
    assert_eq!(fixture.ids(&["--since", "1d"]), [5, 4, 3, 2]);
    assert_eq!(fixture.ids(&["--until", "1d"]), [1]);
    assert_eq!(
        fixture.ids(&["--since", "2000-01-01", "--until", "2000-01-02T00:00:00Z"]),
        Vec::<i64>::new()
    );
    assert_eq!(
        fixture.ids(&["--provider", "stripe", "--status", "succeeded"]),
        [2, 1]
    );
    assert_eq!(fixture.ids(&["--limit", "2"]), [5, 4]);
}

#[tokio::test]
async fn list_json_prints_every_field_per_line() {
    let fixture = Fixture::new("json").await;
    let rows = fixture.json_lines(&["--status", "dead"]);
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["provider"], "stripe");
    assert_eq!(row["event"], "customer.created");
    assert_eq!(row["delivery_id"], "evt_cust");
    assert_eq!(row["status"], "dead");
    assert_eq!(row["attempts"], 1);
    assert!(row["last_error"]
        .as_str()
        .unwrap()
        .ends_with("customer record"));
    assert!(row["received_at"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn show_prints_fields_and_redacted_headers() {
    let fixture = Fixture::new("show").await;
    let run = fixture.run(&["show", "2"]).success();
    for line in [
        "id:              2",
        "event:           invoice.paid",
        "delivery id:     evt_paid",
        "status:          succeeded",
        "  stripe-signature: [redacted]",
        "  x-request-id: req-42",
    ] {
        assert!(run.stdout.contains(line), "{line} in\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("deadbeef"), "{}", run.stdout);
    assert!(!run.stdout.contains("body:"), "{}", run.stdout);

    let with_body = fixture.run(&["show", "2", "--body"]).success();
    // Pretty, keys in the order the provider sent them.
    let pretty = "body:\n{\n  \"id\": \"evt_paid\",\n  \"type\": \"invoice.paid\",\n  \
                  \"data\": {\n    \"object\": {\n      \"amount\": 100\n    }\n  }\n}\n";
    assert!(with_body.stdout.ends_with(pretty), "{}", with_body.stdout);

    let json = fixture.run(&["show", "4", "--json", "--body"]).success();
    let shown: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(shown["headers"]["x-hub-signature-256"], "[redacted]");
    assert_eq!(shown["body"], serde_json::json!({}));
    assert!(!json.stdout.contains("cafe"), "{}", json.stdout);
}

#[tokio::test]
async fn show_of_an_unknown_id_says_so() {
    let fixture = Fixture::new("unknown").await;
    let run = fixture.run(&["show", "99"]).failure(1);
    assert_eq!(
        run.stderr,
        "error: no delivery 99 in the store (it may have been pruned)\n"
    );
}

#[tokio::test]
async fn replay_by_id_queues_the_delivery() {
    let fixture = Fixture::new("replay-id").await;
    assert_eq!(fixture.status_of(3), "dead");
    let run = fixture.run(&["replay", "3"]).success();
    assert_eq!(
        run.stdout,
        "queued 1 delivery for replay; the receiver's workers will run it\n"
    );
    assert_eq!(fixture.status_of(3), "queued");
    // A rejected request was never verified: it is not replayed.
    let refused = fixture.run(&["replay", "5"]).failure(1);
    assert!(refused
        .stderr
        .contains("delivery 5 cannot be replayed while it is rejected"));
}

#[tokio::test]
async fn replay_by_filter_queues_every_match() {
    let fixture = Fixture::new("replay-filter").await;
    let run = fixture
        .run(&[
            "replay",
            "--provider",
            "stripe",
            "--status",
            "succeeded",
            "--since",
            "1d",
        ])
        .success();
    assert_eq!(
        run.stdout,
        "queued 1 delivery for replay; the receiver's workers will run it\n"
    );
    assert_eq!(fixture.status_of(2), "queued");
    assert_eq!(fixture.status_of(1), "succeeded");
    let all = fixture.run(&["replay", "--all"]).success();
    assert_eq!(
        all.stdout,
        "queued 4 deliveries for replay; the receiver's workers will run them\n"
    );
    assert_eq!(fixture.ids(&["--status", "queued"]), [4, 3, 2, 1]);
}

#[tokio::test]
async fn replay_refuses_an_empty_filter() {
    let fixture = Fixture::new("replay-empty").await;
    let run = fixture.run(&["replay"]).failure(1);
    assert!(
        run.stderr
            .starts_with("error: replay needs a delivery id, a filter"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("or --all"), "{}", run.stderr);
    // A limit alone selects nothing in particular.
    fixture.run(&["replay", "--limit", "2"]).failure(1);
    // An id and a filter at once is a usage error.
    let both = fixture.run(&["replay", "3", "--status", "dead"]).failure(2);
    assert!(
        both.stderr.contains("cannot be used with"),
        "{}",
        both.stderr
    );
    assert_eq!(fixture.ids(&["--status", "queued"]), [4]);
}

#[tokio::test]
async fn prune_deletes_old_finished_deliveries() {
    let fixture = Fixture::new("prune").await;
    let run = fixture.run(&["prune", "--older-than", "30d"]).success();
    assert_eq!(
        run.stdout,
        "deleted 1 finished delivery received more than 30days ago\n"
    );
    assert_eq!(fixture.ids(&[]), [5, 4, 3, 2]);
    let missing = fixture.run(&["prune"]).failure(2);
    assert!(
        missing.stderr.contains("--older-than <AGE>"),
        "{}",
        missing.stderr
    );
    let bad = fixture
        .run(&["prune", "--older-than", "a month"])
        .failure(2);
    assert!(
        bad.stderr.contains("invalid duration `a month`"),
        "{}",
        bad.stderr
    );
}

#[tokio::test]
async fn bad_flag_values_are_usage_errors() {
    let fixture = Fixture::new("flags").await;
    let status = fixture.run(&["list", "--status", "deadd"]).failure(2);
    assert!(
        status.stderr.contains("unknown status `deadd`"),
        "{}",
        status.stderr
    );
    let since = fixture.run(&["list", "--since", "yesterday"]).failure(2);
    assert!(since.stderr.contains("neither an age"), "{}", since.stderr);
}

#[test]
fn without_a_store_it_says_how_to_give_one() {
    let fixture = Fixture::empty("no-store");
    let run = fixture.run_bare(&["list"], &[]).failure(1);
    assert!(
        run.stderr.starts_with("error: no delivery store given: "),
        "{}",
        run.stderr
    );
    for option in [
        "--store URL",
        "WEBHOOK_STORE_URL",
        "[store]",
        "webhook.toml",
        "--config",
    ] {
        assert!(run.stderr.contains(option), "{option}: {}", run.stderr);
    }
}

#[test]
fn a_missing_sqlite_file_is_not_created() {
    let fixture = Fixture::empty("missing");
    let run = fixture.run(&["list"]).failure(1);
    assert!(
        run.stderr.starts_with("error: no delivery store at `"),
        "{}",
        run.stderr
    );
    assert!(!Path::new(&fixture.db).exists());
}

#[tokio::test]
async fn the_store_comes_from_the_variable_or_the_config_file() {
    let fixture = Fixture::new("located").await;
    let listed = |run: Run| run.success().stdout.lines().count();
    let from_env = fixture.run_bare(&["list"], &[("WEBHOOK_STORE_URL", &fixture.db)]);
    assert_eq!(listed(from_env), 6);

    let toml = format!("[store]\nurl = \"sqlite://{}\"\n", fixture.db);
    std::fs::write(fixture.dir.join("webhook.toml"), &toml).unwrap();
    assert_eq!(listed(fixture.run_bare(&["list"], &[])), 6);

    let elsewhere = fixture.dir.join("elsewhere.toml");
    std::fs::write(&elsewhere, &toml).unwrap();
    std::fs::write(fixture.dir.join("webhook.toml"), "prefix = \"/x\"\n").unwrap();
    let path = elsewhere.display().to_string();
    assert_eq!(
        listed(fixture.run_bare(&["list", "--config", &path], &[])),
        6
    );
    assert_eq!(
        listed(fixture.run_bare(&["list"], &[("WEBHOOK_CONFIG", &path)])),
        6
    );

    // ./webhook.toml has no [store] url now.
    let run = fixture.run_bare(&["list"], &[]).failure(1);
    assert!(
        run.stderr
            .contains("the configuration file `webhook.toml` has no [store] url"),
        "{}",
        run.stderr
    );
    // A bad configuration file is reported with its key.
    std::fs::write(fixture.dir.join("webhook.toml"), "[store]\nurll = \"x\"\n").unwrap();
    let run = fixture.run_bare(&["list"], &[]).failure(1);
    assert_eq!(
        run.stderr,
        "error: webhook.toml:2:1: unknown key `store.urll`; did you mean `url`?\n"
    );
}

#[test]
fn passwords_in_store_urls_are_not_printed() {
    let fixture = Fixture::empty("password");
    let run = fixture.run(&[]).failure(2);
    assert!(run.stderr.contains("Usage: webhook"), "{}", run.stderr);
    let url = "mysql://app:hunter2@db/hooks";
    let run = fixture.run_bare(&["list", "--store", url], &[]).failure(1);
    assert!(
        run.stderr.contains("mysql://app:***@db/hooks"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
}

#[cfg(not(feature = "postgres"))]
#[test]
fn postgres_urls_say_how_to_get_postgres_support() {
    let fixture = Fixture::empty("postgres");
    let url = "postgres://app:hunter2@localhost/hooks";
    let run = fixture.run_bare(&["list", "--store", url], &[]).failure(1);
    assert!(
        run.stderr
            .contains("cargo install webhook-cli --features postgres"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
}

/// The outbox commands on a store's outbox: add, list, disable and enable an endpoint;
/// a message's attempts; a resend; refusals say why.
#[tokio::test]
async fn outbox_commands_manage_a_tenants_endpoints() {
    use webhook::outgoing::outbox::{Outbox, OutgoingMessage};

    let fixture = Fixture::new("outbox").await;
    let added = fixture
        .run(&[
            "outbox",
            "add-endpoint",
            "--tenant",
            "acme",
            "--url",
            "https://hooks.acme.example/in",
            "--type",
            "invoice.*",
        ])
        .success();
    assert!(
        added
            .stdout
            .starts_with("1  enabled  https://hooks.acme.example/in  [invoice.*]\n"),
        "{added:?}"
    );
    assert!(added.stdout.contains("secret: whsec_"), "{added:?}");
    let refused = fixture
        .run(&[
            "outbox",
            "add-endpoint",
            "--tenant",
            "acme",
            "--url",
            "ftp://x.example/",
        ])
        .failure(1);
    assert!(
        refused.stderr.contains("only http:// and https://"),
        "{refused:?}"
    );

    let disabled = fixture
        .run(&[
            "outbox",
            "disable",
            "--tenant",
            "acme",
            "1",
            "--reason",
            "on holiday",
        ])
        .success();
    assert!(
        disabled.stdout.contains("disabled (on holiday)"),
        "{disabled:?}"
    );
    let listed = fixture
        .run(&["outbox", "endpoints", "--tenant", "acme"])
        .success();
    assert!(
        listed.stdout.contains("disabled (on holiday)"),
        "{listed:?}"
    );
    fixture
        .run(&["outbox", "enable", "--tenant", "acme", "1"])
        .success();
    let other = fixture
        .run(&["outbox", "endpoints", "--tenant", "globex"])
        .success();
    assert!(other.stdout.is_empty());

    let outbox = Outbox::open(&fixture.db).await.unwrap();
    let paid = OutgoingMessage::new("invoice.paid", &serde_json::json!({ "id": 1 })).unwrap();
    let sent = outbox.send("acme", &paid).await.unwrap();
    let messages = fixture
        .run(&["outbox", "messages", "--tenant", "acme"])
        .success();
    assert!(
        messages.stdout.starts_with(&sent.message_id),
        "{messages:?}"
    );
    let attempts = fixture
        .run(&["outbox", "attempts", "--tenant", "acme", &sent.message_id])
        .success();
    assert_eq!(attempts.stdout, "endpoint 1  attempt 1  pending  -  -\n");
    let resent = fixture
        .run(&["outbox", "resend", "--tenant", "acme", &sent.message_id])
        .success();
    assert_eq!(
        resent.stdout,
        format!("queued 1 attempt(s) of {}\n", sent.message_id)
    );
    let unknown = fixture
        .run(&["outbox", "attempts", "--tenant", "globex", &sent.message_id])
        .failure(1);
    assert!(unknown.stderr.contains("has no message"), "{unknown:?}");
}
